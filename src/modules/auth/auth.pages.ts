import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../composition.ts';
import { actorOf, type Actor } from '../../platform/http/current-user.ts';
import { parseForm } from '../../platform/http/forms.ts';
import { errorsByField, errorSummary } from '../../platform/http/pages.ts';
import { formatDateTime } from '../../platform/views/filters.ts';
import type { AttemptRefused } from './sign-in-attempts.ts';
import { SecondStepSchema, SignInSchema } from './auth.schema.ts';
import { safeReturnTo, startSecondStep, startSession } from './sign-in-session.ts';

/** How long someone may take over the second step after their password was accepted. */
const PENDING_MINUTES = 10;

const lockedMessage = (lockedUntil: Date) =>
  `Your account is locked because of too many failed attempts to sign in. Try again after ${formatDateTime(lockedUntil)}.`;

function pendingOf(request: FastifyRequest, next: 'code' | 'set-up') {
  const pending = request.session.pending;
  if (!pending || pending.next !== next) return null;
  return Date.now() - pending.since <= PENDING_MINUTES * 60_000 ? pending : null;
}

export async function authPages(app: FastifyInstance, { services }: { services: Services }) {
  app.get('/sign-in', async (request, reply) => {
    const { returnTo } = request.query as { returnTo?: string };
    if (request.actor) return reply.redirect(safeReturnTo(returnTo));
    return reply.page('sign-in.njk', {
      pageTitle: 'Sign in',
      hasForm: true,
      returnTo: safeReturnTo(returnTo),
      values: {},
      oidcLabel: services.oidc.enabled ? services.oidc.label : undefined,
    });
  });

  app.post('/sign-in', async (request, reply) => {
    const body = request.body as Record<string, unknown>;
    const returnTo = safeReturnTo(body.returnTo);
    const form = parseForm(SignInSchema, { email: body.email, password: body.password });
    const render = (status: number, fields: { path: string; message: string }[]) =>
      reply.code(status).page('sign-in.njk', {
        pageTitle: 'Sign in',
        hasForm: true,
        returnTo,
        oidcLabel: services.oidc.enabled ? services.oidc.label : undefined,
        values: { email: body.email },
        errorList: errorSummary(fields),
        errors: errorsByField(fields),
      });
    if (!form.ok) return render(400, form.fields);

    const result = await services.auth.signIn(form.value.email, form.value.password, request.id);
    if (result.ok === false) {
      const message =
        result.reason === 'locked'
          ? lockedMessage(result.lockedUntil)
          : 'Enter a correct email address and password';
      return render(result.reason === 'locked' ? 429 : 401, [{ path: 'email', message }]);
    }
    if (result.ok === 'second-step')
      return reply.redirect(
        await startSecondStep(request, { userId: result.userId, next: result.next, returnTo }),
      );
    await startSession(request, result.actor);
    return reply.redirect(returnTo);
  });

  /**
   * Shows a second-step page again with the error next to its code field. The page's context is
   * built only here: a right code goes straight on, without drawing a QR code it would not show.
   */
  async function refused(
    reply: FastifyReply,
    page: { template: string; context: () => Promise<object | null>; wrongCode: string },
    result: AttemptRefused | string,
  ) {
    const message =
      typeof result === 'string'
        ? result
        : result.reason === 'locked'
          ? lockedMessage(result.lockedUntil)
          : page.wrongCode;
    const status = typeof result === 'string' ? 400 : result.reason === 'locked' ? 429 : 401;
    const fields = [{ path: 'code', message }];
    const context = await page.context();
    // Their account was deactivated meanwhile: they start again, and are refused there.
    if (!context) return reply.redirect('/sign-in');
    return reply.code(status).page(page.template, {
      ...context,
      errorList: errorSummary(fields),
      errors: errorsByField(fields),
    });
  }

  const codeContext = async (userId: string) => {
    const user = await services.twoFactor.pendingUser(userId);
    return (
      user && {
        pageTitle: 'Enter the code from your authenticator app',
        hasForm: true,
        demoCode: await services.twoFactor.demoCode(user.email),
      }
    );
  };

  app.get('/sign-in/code', async (request, reply) => {
    const pending = pendingOf(request, 'code');
    const context = pending && (await codeContext(pending.userId));
    if (!pending || !context) return reply.redirect('/sign-in');
    return reply.page('sign-in-code.njk', context);
  });

  app.post('/sign-in/code', async (request, reply) => {
    const pending = pendingOf(request, 'code');
    if (!pending) return reply.redirect('/sign-in');
    const page = {
      template: 'sign-in-code.njk',
      context: () => codeContext(pending.userId),
      wrongCode:
        'The code is not right, or it has been used already. Enter the newest code from your app, or a recovery code',
    };
    const form = parseForm(SecondStepSchema, { code: (request.body as Record<string, unknown>).code });
    if (!form.ok) return refused(reply, page, form.fields[0]!.message);
    const result = await services.twoFactor.completeSignIn(pending.userId, form.value.code, request.id);
    if (!result.ok) return refused(reply, page, result);
    await startSession(request, result.actor);
    return reply.redirect(pending.returnTo);
  });

  const setUpContext = async (pending: NonNullable<FastifyRequest['session']['pending']>) => {
    const user = await services.twoFactor.pendingUser(pending.userId);
    if (!user) return null;
    const setUp = await services.twoFactor.newSetUp(user.email, pending.secret);
    pending.secret = setUp.secret;
    return {
      pageTitle: 'Set up an authenticator app',
      hasForm: true,
      email: user.email,
      setUp,
      demoCode: await services.twoFactor.demoCode(user.email, setUp.secret),
    };
  };

  app.get('/sign-in/set-up-app', async (request, reply) => {
    const pending = pendingOf(request, 'set-up');
    const context = pending && (await setUpContext(pending));
    if (!pending || !context) return reply.redirect('/sign-in');
    request.session.pending = pending;
    return reply.page('sign-in-set-up.njk', context);
  });

  app.post('/sign-in/set-up-app', async (request, reply) => {
    const pending = pendingOf(request, 'set-up');
    if (!pending?.secret) return reply.redirect('/sign-in');
    const page = {
      template: 'sign-in-set-up.njk',
      context: () => setUpContext(pending),
      wrongCode: 'The code is not right. Enter the code your app shows now for Lantern',
    };
    const form = parseForm(SecondStepSchema, { code: (request.body as Record<string, unknown>).code });
    if (!form.ok) return refused(reply, page, form.fields[0]!.message);
    const result = await services.twoFactor.completeSetUp(
      pending.userId,
      pending.secret,
      form.value.code,
      request.id,
    );
    if (!result.ok) return refused(reply, page, result);
    await startSession(request, result.actor);
    request.session.recoveryCodes = result.recoveryCodes;
    request.session.returnTo = pending.returnTo;
    return reply.redirect('/sign-in/recovery-codes');
  });

  // Shown once, straight after setting an app up; afterwards the page sends the person on.
  app.get('/sign-in/recovery-codes', async (request, reply) => {
    const codes = request.session.recoveryCodes;
    const returnTo = safeReturnTo(request.session.returnTo);
    if (!request.actor || !codes) return reply.redirect(request.actor ? returnTo : '/sign-in');
    request.session.recoveryCodes = undefined;
    request.session.returnTo = undefined;
    return reply.page('sign-in-recovery-codes.njk', { pageTitle: 'Your recovery codes', codes, returnTo });
  });

  const appContext = async (request: FastifyRequest, actor: Actor, replacing: boolean) => {
    const setUp = await services.twoFactor.newSetUp(actor.email, request.session.newAppSecret);
    request.session.newAppSecret = setUp.secret;
    return {
      pageTitle: 'Set up an authenticator app',
      activeNav: 'account',
      backLink: '/account',
      hasForm: true,
      email: actor.email,
      setUp,
      replacing,
      demoCode: await services.twoFactor.demoCode(actor.email, setUp.secret),
    };
  };

  app.get('/account/two-factor', async (request, reply) => {
    const actor = actorOf(request);
    const replacing = await services.twoFactor.hasApp(actor.id);
    return reply.page('account-two-factor.njk', {
      ...(await appContext(request, actor, replacing)),
      errors: {},
    });
  });

  app.post('/account/two-factor', async (request, reply) => {
    const actor = actorOf(request);
    const secret = request.session.newAppSecret;
    if (!secret) return reply.redirect('/account/two-factor');
    const replacing = await services.twoFactor.hasApp(actor.id);
    const body = request.body as Record<string, unknown>;
    const newCode = parseForm(SecondStepSchema, { code: body.newCode });
    const currentCode = parseForm(SecondStepSchema, { code: body.currentCode });
    const fields = [
      ...(replacing && !currentCode.ok
        ? [{ path: 'currentCode', message: 'Enter a code from your current app, or a recovery code' }]
        : []),
      ...(!newCode.ok ? [{ path: 'newCode', message: 'Enter the code your new app shows for Lantern' }] : []),
    ];
    const render = async (status: number, errs: { path: string; message: string }[]) =>
      reply.code(status).page('account-two-factor.njk', {
        ...(await appContext(request, actor, replacing)),
        errorList: errorSummary(errs),
        errors: errorsByField(errs),
      });
    if (fields.length || !newCode.ok) return render(400, fields);
    const result = await services.twoFactor.changeApp(actor, {
      secret,
      newCode: newCode.value.code,
      currentCode: currentCode.ok ? currentCode.value.code : '',
    });
    if (!result.ok) {
      const { refusal } = result;
      const message =
        refusal.reason === 'locked'
          ? lockedMessage(refusal.lockedUntil)
          : result.field === 'currentCode'
            ? 'The code from your current app is not right, or it has been used already'
            : 'The code from your new app is not right. Enter the code it shows now for Lantern';
      return render(refusal.reason === 'locked' ? 429 : 401, [{ path: result.field, message }]);
    }
    request.session.newAppSecret = undefined;
    request.session.recoveryCodes = result.recoveryCodes;
    request.session.returnTo = '/account';
    return reply.redirect('/sign-in/recovery-codes');
  });

  app.post('/sign-out', async (request, reply) => {
    // Signing out twice (a second tab, the back button) is not an error.
    if (!request.actor) return reply.redirect('/signed-out');
    await services.auth.recordSignOut(request.actor);
    await request.session.destroy();
    return reply.redirect('/signed-out');
  });

  app.get('/signed-out', async (_request, reply) =>
    reply.page('signed-out.njk', { pageTitle: 'You have signed out' }),
  );
}
