import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../../composition.ts';
import { actorOf } from '../../platform/http/current-user.ts';
import { setFlash, submitForm } from '../../platform/http/pages.ts';
import { ROLE_LABELS, STATUS_LABELS } from './accounts.types.ts';

type Body = Record<string, unknown>;
const raw = (body: Body, key: string) => (typeof body[key] === 'string' ? (body[key] as string) : undefined);

/** Pages about one's own account, and the one-time links that need no sign-in. */
export async function accountLinksPages(app: FastifyInstance, { services }: { services: Services }) {
  const accounts = services.accounts;

  // A link's page is never cached: the address holds the secret, and the answer changes once used.
  const expired = (reply: FastifyReply) =>
    reply
      .code(410)
      .header('cache-control', 'no-store')
      .page('account-link-expired.njk', { pageTitle: 'This link has expired or has already been used' });

  app.get('/account-links/:token', async (request, reply) => {
    const { token } = request.params as { token: string };
    const link = await accounts.checkLink(token);
    if (!link.ok) return expired(reply);
    return reply.header('cache-control', 'no-store').page('account-link.njk', {
      pageTitle: link.holder.purpose === 'invitation' ? 'Create your password' : 'Choose a new password',
      hasForm: true,
      holder: link.holder,
      token,
      errors: {},
    });
  });

  app.post('/account-links/:token', async (request, reply) => {
    const { token } = request.params as { token: string };
    const body = request.body as Body;
    const link = await accounts.checkLink(token);
    if (!link.ok) return expired(reply);
    reply.header('cache-control', 'no-store');
    return submitForm(
      reply,
      {
        template: 'account-link.njk',
        context: {
          pageTitle: link.holder.purpose === 'invitation' ? 'Create your password' : 'Choose a new password',
          hasForm: true,
          holder: link.holder,
          token,
        },
      },
      () =>
        accounts.redeemLink(
          token,
          { password: raw(body, 'password'), confirmPassword: raw(body, 'confirmPassword') },
          request.id,
        ),
      (result) => {
        if (!result.ok) return expired(reply);
        return reply.page('account-link-done.njk', {
          pageTitle: 'Your password is set',
          holder: result.holder,
        });
      },
    );
  });

  app.get('/account', async (request, reply) => {
    const actor = actorOf(request);
    const user = await accounts.myAccount(actor);
    return reply.page('account.njk', {
      pageTitle: 'Your account',
      activeNav: 'account',
      user,
      recoveryCodesLeft: user.twoFactorEnabledAt ? await services.twoFactor.recoveryCodesLeft(actor.id) : 0,
      roleLabels: ROLE_LABELS,
      statusLabels: STATUS_LABELS,
    });
  });

  const passwordContext = { pageTitle: 'Change your password', activeNav: 'account', backLink: '/account' };

  app.get('/account/password', async (request, reply) => {
    actorOf(request);
    return reply.page('account-password.njk', { ...passwordContext, errors: {} });
  });

  app.post('/account/password', async (request, reply) => {
    const actor = actorOf(request);
    const body = request.body as Body;
    return submitForm(
      reply,
      { template: 'account-password.njk', context: passwordContext },
      () =>
        accounts.changeOwnPassword(
          actor,
          {
            currentPassword: raw(body, 'currentPassword'),
            password: raw(body, 'password'),
            confirmPassword: raw(body, 'confirmPassword'),
          },
          request.session.sessionId,
        ),
      () => {
        setFlash(request, 'Your password has been changed. You have been signed out everywhere else.');
        return reply.redirect('/account');
      },
    );
  });
}
