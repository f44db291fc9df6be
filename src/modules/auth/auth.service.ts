import { createHash, randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AuthPolicy } from '../../config.ts';
import type { Db } from '../../platform/db/index.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import type { AuditRepository } from '../audit/index.ts';
import { verifyPassword } from './passwords.ts';
import type { UserRecord, UsersRepository } from './users.repository.ts';

export type SignInResult =
  | { ok: true; actor: Actor }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'locked'; lockedUntil: Date };

interface Deps {
  db: Db;
  users: UsersRepository;
  audit: AuditRepository;
  policy: AuthPolicy;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export function toActor(user: UserRecord, correlationId: string): Actor {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    organisationId: user.organisationId,
    organisationName: user.organisationName,
    correlationId,
  };
}

export function createAuthService({ db, users, audit, policy }: Deps) {
  /**
   * Checks an e-mail and password. Failures are counted per address; each one waits a little
   * longer, and after `maxFailures` the address is locked for `lockMinutes`, even to the right
   * password. The answer never says whether the address has an account.
   */
  async function signIn(email: string, password: string, correlationId: string): Promise<SignInResult> {
    // Counted before the password is checked: attempts made all at once must not each be checked
    // before the first failure locks the address.
    const attempt = await users.countAttempt(db, email);
    if (attempt.lockedUntil) return { ok: false, reason: 'locked', lockedUntil: attempt.lockedUntil };
    if (attempt.failures > policy.maxFailures) {
      const { lockedUntil } = await users.lock(db, email, policy.lockMinutes);
      return { ok: false, reason: 'locked', lockedUntil };
    }
    const user = await users.findByEmail(db, email);
    const valid = await verifyPassword(user?.passwordHash, password);
    if (user && user.active && valid) {
      await db.transaction(async (tx) => {
        await users.clearThrottle(tx, email);
        await audit.insert(
          tx,
          { id: user.id, label: user.email, correlationId },
          { event: 'auth.signed-in', subjectType: 'user', subjectId: user.id },
        );
      });
      return { ok: true, actor: toActor(user, correlationId) };
    }
    const after = await db.transaction(async (tx) => {
      const t =
        attempt.failures >= policy.maxFailures ? await users.lock(tx, email, policy.lockMinutes) : attempt;
      await audit.insert(
        tx,
        { id: null, label: email.slice(0, 200), correlationId },
        {
          event: t.lockedUntil ? 'auth.locked' : 'auth.sign-in-failed',
          subjectType: 'user',
          subjectId: user?.id ?? null,
          details: { failures: t.failures },
        },
      );
      return t;
    });
    await sleep(Math.min(policy.failureDelayMs * 2 ** (after.failures - 1), 2000));
    if (after.lockedUntil) return { ok: false, reason: 'locked', lockedUntil: after.lockedUntil };
    return { ok: false, reason: 'invalid' };
  }

  async function issueToken(actor: Actor): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + policy.apiTokenHours * 3_600_000);
    await db.transaction(async (tx) => {
      await users.insertToken(tx, sha256(token), actor.id, expiresAt);
      await audit.insert(
        tx,
        { id: actor.id, label: actor.email, correlationId: actor.correlationId },
        {
          event: 'auth.token-issued',
          subjectType: 'user',
          subjectId: actor.id,
          details: { expiresAt },
        },
      );
    });
    return { token, expiresAt };
  }

  async function actorForToken(token: string, correlationId: string): Promise<Actor | null> {
    const user = await users.findByTokenHash(db, sha256(token));
    return user?.active ? toActor(user, correlationId) : null;
  }

  async function actorForUserId(userId: string, correlationId: string): Promise<Actor | null> {
    const user = await users.findById(db, userId);
    return user?.active ? toActor(user, correlationId) : null;
  }

  async function recordSignOut(actor: Actor): Promise<void> {
    await audit.insert(
      db,
      { id: actor.id, label: actor.email, correlationId: actor.correlationId },
      {
        event: 'auth.signed-out',
        subjectType: 'user',
        subjectId: actor.id,
      },
    );
  }

  /**
   * Whether a signed-in session has passed its absolute lifetime. A session with no sign-in time
   * (made before this rule existed) counts as expired: its holder signs in again once.
   */
  const sessionOutlived = (signedInAt: number | undefined, now = Date.now()) =>
    signedInAt === undefined || now - signedInAt > policy.sessionAbsoluteHours * 3_600_000;

  return { signIn, issueToken, actorForToken, actorForUserId, recordSignOut, sessionOutlived };
}
export type AuthService = ReturnType<typeof createAuthService>;
