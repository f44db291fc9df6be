import { setTimeout as sleep } from 'node:timers/promises';
import type { AuthPolicy } from '../../config.ts';
import type { Db } from '../../platform/db/index.ts';
import type { AuditRepository } from '../audit/index.ts';
import type { Throttle, UserRecord, UsersRepository } from './users.repository.ts';

export type AttemptRefused =
  { ok: false; reason: 'invalid' } | { ok: false; reason: 'locked'; lockedUntil: Date };

interface Deps {
  db: Db;
  users: UsersRepository;
  audit: AuditRepository;
  policy: AuthPolicy;
}

/**
 * The throttle every step of signing in shares (password, authenticator code, recovery code), per
 * e-mail address: each failure waits a little longer, and after `maxFailures` the address is
 * locked for `lockMinutes`, even to the right answer.
 */
export function createSignInAttempts({ db, users, audit, policy }: Deps) {
  return {
    /**
     * Counts an attempt before anything is checked, so attempts made all at once cannot each be
     * checked before the first failure locks the address. A refusal, or the count so far.
     */
    async begin(email: string): Promise<AttemptRefused | { ok: true; attempt: Throttle }> {
      const attempt = await users.countAttempt(db, email);
      if (attempt.lockedUntil) return { ok: false, reason: 'locked', lockedUntil: attempt.lockedUntil };
      if (attempt.failures > policy.maxFailures) {
        const { lockedUntil } = await users.lock(db, email, policy.lockMinutes);
        return { ok: false, reason: 'locked', lockedUntil };
      }
      return { ok: true, attempt };
    },

    /** Records a failed attempt (locking at the limit), waits, and says how to answer. */
    async fail(
      email: string,
      attempt: Throttle,
      event: string,
      userId: string | null,
      correlationId: string,
    ): Promise<AttemptRefused> {
      const after = await db.transaction(async (tx) => {
        const t =
          attempt.failures >= policy.maxFailures ? await users.lock(tx, email, policy.lockMinutes) : attempt;
        await audit.insert(
          tx,
          { id: null, label: email.slice(0, 200), correlationId },
          {
            event: t.lockedUntil ? 'auth.locked' : event,
            subjectType: 'user',
            subjectId: userId,
            details: { failures: t.failures },
          },
        );
        return t;
      });
      await sleep(Math.min(policy.failureDelayMs * 2 ** (after.failures - 1), 2000));
      if (after.lockedUntil) return { ok: false, reason: 'locked', lockedUntil: after.lockedUntil };
      return { ok: false, reason: 'invalid' };
    },

    /** Signing in is complete: the count starts again and the sign-in is audited. */
    async succeed(user: UserRecord, correlationId: string, details?: Record<string, unknown>): Promise<void> {
      await db.transaction(async (tx) => {
        await users.clearThrottle(tx, user.email);
        await audit.insert(
          tx,
          { id: user.id, label: user.email, correlationId },
          { event: 'auth.signed-in', subjectType: 'user', subjectId: user.id, details },
        );
      });
    },
  };
}
export type SignInAttempts = ReturnType<typeof createSignInAttempts>;
