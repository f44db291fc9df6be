import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.ts';
import { parseForm } from '../../platform/http/forms.ts';
import { errorsByField, errorSummary } from '../../platform/http/pages.ts';
import { formatDateTime } from '../../platform/views/filters.ts';
import { SignInSchema } from './auth.schema.ts';

/** Only a local path may be a return address, never another site. */
function safeReturnTo(value: unknown): string {
  return typeof value === 'string' && /^\/(?!\/)[\w\-/?=&%.]*$/.test(value) ? value : '/dashboard';
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
        values: { email: body.email },
        errorList: errorSummary(fields),
        errors: errorsByField(fields),
      });
    if (!form.ok) return render(400, form.fields);

    const result = await services.auth.signIn(form.value.email, form.value.password, request.id);
    if (!result.ok) {
      const message =
        result.reason === 'locked'
          ? `Your account is locked because of too many failed attempts to sign in. Try again after ${formatDateTime(result.lockedUntil)}.`
          : 'Enter a correct email address and password';
      return render(result.reason === 'locked' ? 429 : 401, [{ path: 'email', message }]);
    }
    // A new session id at sign-in, so a session fixed before sign-in is worthless.
    await request.session.regenerate();
    request.session.userId = result.actor.id;
    request.session.signedInAt = Date.now();
    return reply.redirect(returnTo);
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
