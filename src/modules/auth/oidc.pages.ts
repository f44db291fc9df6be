import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../../composition.ts';
import { formatDateTime } from '../../platform/views/filters.ts';
import type { OidcPending, OidcProblem } from './oidc.service.ts';
import { safeReturnTo, startSecondStep, startSession } from './sign-in-session.ts';

declare module '@fastify/session' {
  interface FastifySessionObject {
    /** Sent to the organisation's identity provider: what its answer must match, used once. */
    oidc?: OidcPending & { returnTo: string };
  }
}

/** What each problem page says: plain words, and what to do next. */
const PROBLEMS: Record<OidcProblem, { title: string; message: string }> = {
  denied: {
    title: 'You did not finish signing in',
    message: "Your organisation's sign-in service says signing in was cancelled or not allowed.",
  },
  'idp-error': {
    title: "Your organisation's sign-in service could not sign you in",
    message: "Your organisation's sign-in service sent back an error instead of signing you in.",
  },
  expired: {
    title: 'Your sign-in has expired',
    message: 'You took too long, or used a sign-in link that has been used already. Start signing in again.',
  },
  invalid: {
    title: 'Sorry, we could not check your sign-in',
    message:
      "The answer from your organisation's sign-in service did not match the sign-in Lantern started, so it was not accepted. Start signing in again.",
  },
  'no-email': {
    title: "Your organisation's sign-in service did not send your email address",
    message:
      "Lantern matches you to your account by your email address, and your organisation's sign-in service did not send one it has checked. Tell your partnership's business unit.",
  },
};

/**
 * Signing in through the organisation's identity provider. Registered only when it is set up: when
 * it is not, these addresses answer 404 like any other unknown page.
 */
export async function oidcPages(app: FastifyInstance, { services }: { services: Services }) {
  const { oidc } = services;
  if (!oidc.enabled) return;

  const unreachable = (reply: FastifyReply, detail: string) => {
    reply.request.log.warn({ detail }, "cannot reach the organisation's identity provider");
    return reply.code(503).header('retry-after', '30').page('sign-in-oidc-problem.njk', {
      pageTitle: "Sorry, we cannot reach your organisation's sign-in service",
      message:
        "Lantern cannot reach your organisation's sign-in service just now. Try again in a few minutes, or sign in with your email address and password.",
      label: oidc.label,
    });
  };

  app.get('/sign-in/oidc', async (request, reply) => {
    const returnTo = safeReturnTo((request.query as { returnTo?: unknown }).returnTo);
    if (request.actor) return reply.redirect(returnTo);
    // As a URL writes it (no default port), so it matches the address registered at the IdP.
    const callback = new URL('/sign-in/oidc/callback', `${request.protocol}://${request.host}`).href;
    const started = await oidc.begin(callback);
    if (!started.ok) return unreachable(reply, started.detail);
    request.session.oidc = { ...started.pending, returnTo };
    return reply.redirect(started.url);
  });

  app.get('/sign-in/oidc/callback', async (request, reply) => {
    const pending = request.session.oidc;
    // Used once, whatever happens next: a replayed callback finds nothing to match.
    request.session.oidc = undefined;
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
    const result = await oidc.complete(pending, query, request.id);
    const returnTo = safeReturnTo(pending?.returnTo);
    if (result.ok === true) {
      await startSession(request, result.actor);
      return reply.redirect(returnTo);
    }
    if (result.ok === 'second-step')
      return reply.redirect(
        await startSecondStep(request, { userId: result.userId, next: result.next, returnTo }),
      );
    if (result.reason === 'unreachable') return unreachable(reply, result.detail);
    if (result.reason === 'no-account')
      return reply.code(403).page('sign-in-oidc-no-account.njk', {
        pageTitle: 'There is no Lantern account for your email address',
        email: result.email,
      });
    if (result.reason === 'locked')
      return reply.code(429).page('sign-in-oidc-problem.njk', {
        pageTitle: 'Your account is locked',
        message: `Your account is locked because of too many failed attempts to sign in. Try again after ${formatDateTime(result.lockedUntil)}.`,
        label: oidc.label,
      });
    const { title, message } = PROBLEMS[result.problem];
    return reply.code(400).page('sign-in-oidc-problem.njk', { pageTitle: title, message, label: oidc.label });
  });
}
