import { createHash, randomBytes } from 'node:crypto';
import type { AuthPolicy } from '../../config.ts';
import type { Db } from '../../platform/db/index.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import type { AuditRepository } from '../audit/index.ts';
import { verifyPassword } from './passwords.ts';
import { createSignInAttempts, type AttemptRefused } from './sign-in-attempts.ts';
import type { UserRecord, UsersRepository } from './users.repository.ts';

export type SignInResult =
  | { ok: true; actor: Actor }
  /** The password was right; a code from an authenticator app is needed next (or setting one up). */
  | { ok: 'second-step'; userId: string; next: 'code' | 'set-up' }
  | AttemptRefused;

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

/** Those who have set up an app always use it; under 'required', family-record roles must have one. */
export const needsSecondStep = (user: UserRecord, policy: AuthPolicy) =>
  user.twoFactorEnabledAt !== null || (policy.twoFactor === 'required' && user.seesFamilyRecords);

export function createAuthService({ db, users, audit, policy }: Deps) {
  const attempts = createSignInAttempts({ db, users, audit, policy });

  /**
   * Checks an e-mail and password, throttled per address (see sign-in-attempts.ts). The answer
   * never says whether the address has an account.
   */
  async function signIn(email: string, password: string, correlationId: string): Promise<SignInResult> {
    const begun = await attempts.begin(email);
    if (!begun.ok) return begun;
    const user = await users.findByEmail(db, email);
    const valid = await verifyPassword(user?.passwordHash, password);
    if (!user || !user.active || !valid)
      return attempts.fail(email, begun.attempt, 'auth.sign-in-failed', user?.id ?? null, correlationId);
    if (needsSecondStep(user, policy)) {
      // The failure count is not cleared until the second step succeeds: otherwise anyone holding
      // the password could clear it between guesses at the code.
      await audit.insert(
        db,
        { id: user.id, label: user.email, correlationId },
        { event: 'auth.password-accepted', subjectType: 'user', subjectId: user.id },
      );
      return { ok: 'second-step', userId: user.id, next: user.twoFactorEnabledAt ? 'code' : 'set-up' };
    }
    await attempts.succeed(user, correlationId);
    return { ok: true, actor: toActor(user, correlationId) };
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
