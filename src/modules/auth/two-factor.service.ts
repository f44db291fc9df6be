import { createHash } from 'node:crypto';
import type { AuthPolicy } from '../../config.ts';
import { SecretUnreadable, type SecretBox } from '../../platform/crypto/secret-box.ts';
import type { Db } from '../../platform/db/index.ts';
import { Forbidden, NotFound, Unavailable } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { isUuid } from '../../platform/schema.ts';
import type { AuditRepository } from '../audit/index.ts';
import { toActor } from './auth.service.ts';
import { createSignInAttempts, type AttemptRefused } from './sign-in-attempts.ts';
import {
  codeForStep,
  groupedKey,
  matchingStep,
  newRecoveryCodes,
  newTotpSecret,
  normaliseRecoveryCode,
  qrCodeSvg,
  stepAt,
  totpUri,
} from './totp.ts';
import type { UserRecord, UsersRepository } from './users.repository.ts';

interface Deps {
  db: Db;
  users: UsersRepository;
  audit: AuditRepository;
  policy: AuthPolicy;
  /** Seals and opens the stored secrets (AES-256-GCM under LANTERN_ENCRYPTION_KEY). */
  secrets: () => Promise<SecretBox>;
  now?: () => number;
}

export type SecondStepResult = { ok: true; actor: Actor; recoveryCodes?: string[] } | AttemptRefused;

/** What a set-up page shows: the QR code, and the same key as text for typing in by hand. */
export interface TwoFactorSetUp {
  secret: string;
  key: string;
  qrSvg: string;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const DEMO_DOMAIN = '@demo.lantern.test';

/**
 * The second step of signing in: a code from an authenticator app (TOTP), or one of the person's
 * one-use recovery codes; and setting an app up. Every step shares the password's throttle.
 */
export function createTwoFactorService({ db, users, audit, policy, secrets, now = Date.now }: Deps) {
  const attempts = createSignInAttempts({ db, users, audit, policy });
  /** Binds a sealed secret to its row: copied to another person's row, it does not open. */
  const context = (userId: string) => `users.totp_secret:${userId}`;

  /**
   * The person's secret in plain text, or null if they have none. A secret no configured key opens
   * (the key is wrong or missing) is a fault in the set-up, not in what the person typed.
   */
  async function secretOf(userId: string): Promise<{ plain: string; stored: string; stale: boolean } | null> {
    const stored = await users.totpSecretOf(db, userId);
    if (!stored) return null;
    try {
      return { ...(await secrets()).open(stored, context(userId)), stored };
    } catch (err) {
      if (!(err instanceof SecretUnreadable)) throw err;
      throw new Unavailable(
        'Sorry, we cannot check your code',
        'Lantern cannot check authenticator app codes at the moment. Contact your partnership’s business ' +
          'unit and tell them this happened; you cannot sign in with a code or a recovery code until it is put right.',
        `the authenticator app secret of user ${userId} could not be opened: ${err.message}`,
      );
    }
  }

  /** Seals a secret from before encryption, or under a previous key, with the current key. */
  async function reseal(userId: string, secret: { plain: string; stored: string }): Promise<boolean> {
    const sealed = (await secrets()).seal(secret.plain, context(userId));
    return users.resealTotpSecret(db, userId, secret.stored, sealed);
  }

  async function activeUser(userId: string): Promise<UserRecord | null> {
    const user = isUuid(userId) ? await users.findById(db, userId) : undefined;
    return user?.active ? user : null;
  }

  /** True once for a right code not used before; a recovery code is used up. */
  async function checkCode(user: UserRecord, code: string): Promise<'app' | 'recovery-code' | null> {
    const secret = await secretOf(user.id);
    if (!secret) return null;
    const step = matchingStep(secret.plain, code, now());
    if (step !== null && (await users.claimTotpStep(db, user.id, step))) {
      if (secret.stale) await reseal(user.id, secret);
      return 'app';
    }
    if (step !== null) return null;
    const recovery = normaliseRecoveryCode(code);
    if (recovery && (await users.useRecoveryCode(db, user.id, sha256(recovery)))) return 'recovery-code';
    return null;
  }

  /** Keeps the new secret with ten new recovery codes; null if another set-up got there first. */
  async function issueRecoveryCodes(
    userId: string,
    secret: string,
    step: number,
    replace: boolean,
  ): Promise<string[] | null> {
    const codes = newRecoveryCodes();
    const sealed = (await secrets()).seal(secret, context(userId));
    const kept = await db.transaction((tx) =>
      users.enableTotp(tx, userId, sealed, step, codes.map(sha256), { replace }),
    );
    return kept ? codes : null;
  }

  return {
    /** Who is part-way through signing in (null if their account has since gone). */
    async pendingUser(userId: string): Promise<{ email: string; name: string } | null> {
      const user = await activeUser(userId);
      return user ? { email: user.email, name: user.name } : null;
    },

    /** A new secret to set up, with its QR code. Nothing is stored until a code from it is checked. */
    async newSetUp(email: string, secret = newTotpSecret()): Promise<TwoFactorSetUp> {
      return { secret, key: groupedKey(secret), qrSvg: await qrCodeSvg(totpUri(secret, email)) };
    },

    /** Second step of signing in for someone who has an app set up. */
    async completeSignIn(userId: string, code: string, correlationId: string): Promise<SecondStepResult> {
      const user = await activeUser(userId);
      if (!user) return { ok: false, reason: 'invalid' };
      const begun = await attempts.begin(user.email);
      if (!begun.ok) return begun;
      const method = await checkCode(user, code);
      if (!method)
        return attempts.fail(user.email, begun.attempt, 'auth.two-factor-failed', user.id, correlationId);
      const details: Record<string, unknown> = { secondFactor: method };
      if (method === 'recovery-code') details.recoveryCodesLeft = await users.recoveryCodesLeft(db, user.id);
      await attempts.succeed(user, correlationId, details);
      return { ok: true, actor: toActor(user, correlationId) };
    },

    /**
     * Sets up an app while signing in (the first time, or after the business unit reset it): a code
     * from the new secret proves the app holds it. Returns ten recovery codes, shown once.
     */
    async completeSetUp(
      userId: string,
      secret: string,
      code: string,
      correlationId: string,
    ): Promise<SecondStepResult> {
      const user = await activeUser(userId);
      if (!user) return { ok: false, reason: 'invalid' };
      const begun = await attempts.begin(user.email);
      if (!begun.ok) return begun;
      // Someone who set an app up in another tab meanwhile must use it, not replace it.
      const step = user.twoFactorEnabledAt ? null : matchingStep(secret, code, now());
      const recoveryCodes = step === null ? null : await issueRecoveryCodes(user.id, secret, step, false);
      if (!recoveryCodes)
        return attempts.fail(user.email, begun.attempt, 'auth.two-factor-failed', user.id, correlationId);
      await audit.insert(
        db,
        { id: user.id, label: user.email, correlationId },
        {
          event: 'auth.two-factor-set-up',
          subjectType: 'user',
          subjectId: user.id,
          details: { replaced: false },
        },
      );
      await attempts.succeed(user, correlationId, { secondFactor: 'app' });
      return { ok: true, actor: toActor(user, correlationId), recoveryCodes };
    },

    /**
     * A signed-in person sets up an app from "Your account": for the first time, or a new phone in
     * place of the old one, which needs a code from the old app (or a recovery code) as well, so a
     * session left open is not enough to move the second factor. New recovery codes replace the old.
     */
    async changeApp(
      actor: Actor,
      input: { secret: string; newCode: string; currentCode: string },
    ): Promise<
      | { ok: true; recoveryCodes: string[] }
      | { ok: false; field: 'currentCode' | 'newCode'; refusal: AttemptRefused }
    > {
      const user = await activeUser(actor.id);
      if (!user) throw new NotFound('User');
      const begun = await attempts.begin(user.email);
      if (!begun.ok) return { ok: false, field: 'newCode', refusal: begun };
      const failed = async (field: 'currentCode' | 'newCode') => ({
        ok: false as const,
        field,
        refusal: await attempts.fail(
          user.email,
          begun.attempt,
          'auth.two-factor-failed',
          user.id,
          actor.correlationId,
        ),
      });
      if (user.twoFactorEnabledAt && !(await checkCode(user, input.currentCode)))
        return failed('currentCode');
      const step = matchingStep(input.secret, input.newCode, now());
      if (step === null) return failed('newCode');
      // Replacing needs the old app's code, checked above; someone who had none when this began must
      // not replace one set up meanwhile (in another tab) without that code.
      const recoveryCodes = await issueRecoveryCodes(
        user.id,
        input.secret,
        step,
        user.twoFactorEnabledAt !== null,
      );
      if (!recoveryCodes) return failed('currentCode');
      await db.transaction(async (tx) => {
        await users.clearThrottle(tx, user.email);
        await audit.insert(
          tx,
          { id: actor.id, label: actor.email, correlationId: actor.correlationId },
          {
            event: 'auth.two-factor-set-up',
            subjectType: 'user',
            subjectId: user.id,
            details: { replaced: user.twoFactorEnabledAt !== null },
          },
        );
      });
      return { ok: true, recoveryCodes };
    },

    /**
     * Turns two-factor sign-in off for someone who lost their phone (the business unit only); they
     * set an app up again at their next sign-in. Their sessions and tokens stay: the person asking
     * is usually locked out, not signed in elsewhere.
     */
    async reset(actor: Actor, userId: string): Promise<void> {
      if (actor.role !== 'business-unit')
        throw new Forbidden('Only the business unit can reset two-factor sign-in');
      const user = isUuid(userId) ? await users.findById(db, userId) : undefined;
      if (!user) throw new NotFound('User');
      await db.transaction(async (tx) => {
        const wasOn = await users.disableTotp(tx, user.id);
        await audit.insert(
          tx,
          { id: actor.id, label: actor.email, correlationId: actor.correlationId },
          { event: 'auth.two-factor-reset', subjectType: 'user', subjectId: user.id, details: { wasOn } },
        );
      });
    },

    /** Whether the person has an authenticator app set up. */
    hasApp: async (userId: string) => ((await activeUser(userId))?.twoFactorEnabledAt ?? null) !== null,

    /** How many unused recovery codes the person has left. */
    recoveryCodesLeft: (userId: string) => users.recoveryCodesLeft(db, userId),

    /**
     * For demo accounts while the demo partnership is loaded, the code an app would show now (for
     * signing in: the first one not used yet), so the demo can be tried without a phone.
     */
    async demoCode(email: string, secret?: string): Promise<string | null> {
      if (!policy.demoCodes || !email.toLowerCase().endsWith(DEMO_DOMAIN)) return null;
      const current = stepAt(now());
      if (secret) return codeForStep(secret, current);
      const user = await users.findByEmail(db, email);
      const stored = user ? await secretOf(user.id).catch(() => null) : null;
      if (!user || !stored) return null;
      const last = await users.totpLastStep(db, user.id);
      const step = Math.max(current, (last ?? 0) + 1);
      return step <= current + 1 ? codeForStep(stored.plain, step) : null;
    },

    /**
     * Seals every stored secret that is not sealed under the current key (from before encryption, or
     * under a previous key): `lantern secrets rotate`. Secrets no key opens are counted, not changed.
     */
    async resealAll(): Promise<{ resealed: number; current: number; unreadable: string[] }> {
      const box = await secrets();
      const result = { resealed: 0, current: 0, unreadable: [] as string[] };
      for (const { userId, stored } of await users.allTotpSecrets(db)) {
        let opened;
        try {
          opened = box.open(stored, context(userId));
        } catch (err) {
          if (!(err instanceof SecretUnreadable)) throw err;
          result.unreadable.push(userId);
          continue;
        }
        if (!opened.stale) result.current++;
        else if (await reseal(userId, { plain: opened.plain, stored })) result.resealed++;
      }
      return result;
    },
  };
}
export type TwoFactorService = ReturnType<typeof createTwoFactorService>;
