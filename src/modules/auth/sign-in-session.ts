import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../platform/http/current-user.ts';

/** Only a local path may be a return address, never another site. */
export function safeReturnTo(value: unknown): string {
  return typeof value === 'string' && /^\/(?!\/)[\w\-/?=&%.]*$/.test(value) ? value : '/dashboard';
}

/** Signs the person in on a new session id, so a session fixed before sign-in is worthless. */
export async function startSession(request: FastifyRequest, actor: Actor): Promise<void> {
  await request.session.regenerate();
  request.session.userId = actor.id;
  request.session.signedInAt = Date.now();
}

/**
 * The first step (a password, or the organisation's identity provider) was right and a code from an
 * authenticator app is owed: a new session id holds only that, until the code is given.
 */
export async function startSecondStep(
  request: FastifyRequest,
  pending: { userId: string; next: 'code' | 'set-up'; returnTo: string },
): Promise<string> {
  await request.session.regenerate();
  request.session.pending = { ...pending, since: Date.now() };
  return pending.next === 'code' ? '/sign-in/code' : '/sign-in/set-up-app';
}
