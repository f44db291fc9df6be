import type { Queryable } from '../../platform/db/index.ts';
import type { Role } from '../../platform/http/current-user.ts';

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  role: Role;
  organisationId: string;
  organisationName: string;
  passwordHash: string;
  active: boolean;
  /** Whether the role (or, for the business unit, a grant) lets them see family records. */
  seesFamilyRecords: boolean;
  twoFactorEnabledAt: Date | null;
}

const SELECT_USER = `
  SELECT u.id, u.email, u.name, u.role, u.organisation_id AS "organisationId", o.name AS "organisationName",
         u.password_hash AS "passwordHash", u.active,
         (u.role IN ('organisation-lead', 'practitioner') OR u.family_records_access) AS "seesFamilyRecords",
         u.totp_enabled_at AS "twoFactorEnabledAt"
    FROM users u JOIN organisations o ON o.id = u.organisation_id`;

export interface Throttle {
  failures: number;
  lockedUntil: Date | null;
}

export function createUsersRepository() {
  return {
    async findByEmail(db: Queryable, email: string): Promise<UserRecord | undefined> {
      const rows = await db.query<UserRecord>(`${SELECT_USER} WHERE lower(u.email) = lower($1)`, [email]);
      return rows[0];
    },

    async findById(db: Queryable, id: string): Promise<UserRecord | undefined> {
      const rows = await db.query<UserRecord>(`${SELECT_USER} WHERE u.id = $1`, [id]);
      return rows[0];
    },

    async findByTokenHash(db: Queryable, tokenHash: string): Promise<UserRecord | undefined> {
      const rows = await db.query<UserRecord>(
        `${SELECT_USER} JOIN api_tokens t ON t.user_id = u.id WHERE t.token_hash = $1 AND t.expires_at > now()`,
        [tokenHash],
      );
      return rows[0];
    },

    async insertToken(db: Queryable, tokenHash: string, userId: string, expiresAt: Date): Promise<void> {
      await db.query('INSERT INTO api_tokens (token_hash, user_id, expires_at) VALUES ($1, $2, $3)', [
        tokenHash,
        userId,
        expiresAt,
      ]);
    },

    /**
     * Counts an attempt to sign in before its password is checked, atomically, so simultaneous
     * guesses cannot all be checked before the lock: each takes the next number. While a lock
     * holds, attempts are not counted; a lock that has run out starts the count again.
     */
    async countAttempt(db: Queryable, email: string): Promise<Throttle> {
      const rows = await db.query<Throttle>(
        `INSERT INTO sign_in_throttle AS t (email, failures, last_failure_at) VALUES (lower($1), 1, now())
         ON CONFLICT (email) DO UPDATE SET
           failures = CASE WHEN t.locked_until IS NULL THEN t.failures + 1
                           WHEN t.locked_until <= now() THEN 1
                           ELSE t.failures END,
           locked_until = CASE WHEN t.locked_until <= now() THEN NULL ELSE t.locked_until END,
           last_failure_at = now()
         RETURNING failures, locked_until AS "lockedUntil"`,
        [email],
      );
      return rows[0]!;
    },

    /** Locks the address for `lockMinutes`; a lock already in place stands. */
    async lock(db: Queryable, email: string, lockMinutes: number): Promise<Throttle & { lockedUntil: Date }> {
      const rows = await db.query<Throttle & { lockedUntil: Date }>(
        `INSERT INTO sign_in_throttle AS t (email, failures, last_failure_at, locked_until)
           VALUES (lower($1), 0, now(), now() + make_interval(mins => $2))
         ON CONFLICT (email) DO UPDATE SET locked_until = COALESCE(t.locked_until, EXCLUDED.locked_until)
         RETURNING failures, locked_until AS "lockedUntil"`,
        [email, lockMinutes],
      );
      return rows[0]!;
    },

    async clearThrottle(db: Queryable, email: string): Promise<void> {
      await db.query('DELETE FROM sign_in_throttle WHERE email = lower($1)', [email]);
    },

    async totpSecretOf(db: Queryable, userId: string): Promise<string | null> {
      const rows = await db.query<{ secret: string | null }>(
        'SELECT totp_secret AS secret FROM users WHERE id = $1',
        [userId],
      );
      return rows[0]?.secret ?? null;
    },

    /**
     * Replaces a stored secret with the same secret sealed afresh (a new key, or a value from
     * before encryption), only if it is still the value read: a reset or a new app meanwhile wins.
     */
    async resealTotpSecret(db: Queryable, userId: string, read: string, sealed: string): Promise<boolean> {
      const rows = await db.query(
        'UPDATE users SET totp_secret = $3 WHERE id = $1 AND totp_secret = $2 RETURNING id',
        [userId, read, sealed],
      );
      return rows.length === 1;
    },

    /** Everyone's stored secret, for sealing them all again (`lantern secrets rotate`). */
    async allTotpSecrets(db: Queryable): Promise<{ userId: string; stored: string }[]> {
      return db.query<{ userId: string; stored: string }>(
        'SELECT id AS "userId", totp_secret AS stored FROM users WHERE totp_secret IS NOT NULL ORDER BY id',
      );
    },

    /**
     * Records that a code of `step` was used, only if no code of that step or a later one was used
     * before: false means the code was used already (a replay, or the same code sent twice at once).
     */
    async claimTotpStep(db: Queryable, userId: string, step: number): Promise<boolean> {
      const rows = await db.query(
        `UPDATE users SET totp_last_step = $2
          WHERE id = $1 AND totp_secret IS NOT NULL AND (totp_last_step IS NULL OR totp_last_step < $2)
          RETURNING id`,
        [userId, step],
      );
      return rows.length === 1;
    },

    /**
     * Turns two-factor sign-in on with a new secret and new recovery codes. Unless `replace`, only for
     * someone who has none, in the same statement, so two set-ups racing cannot both win: false
     * means another set-up got there first and nothing was changed.
     */
    async enableTotp(
      db: Queryable,
      userId: string,
      secret: string,
      step: number,
      recoveryCodeHashes: string[],
      { replace }: { replace: boolean },
    ): Promise<boolean> {
      const rows = await db.query(
        `UPDATE users SET totp_secret = $2, totp_enabled_at = now(), totp_last_step = $3
          WHERE id = $1 AND ($4 OR totp_secret IS NULL) RETURNING id`,
        [userId, secret, step, replace],
      );
      if (rows.length === 0) return false;
      await db.query('DELETE FROM recovery_codes WHERE user_id = $1', [userId]);
      await db.query('INSERT INTO recovery_codes (user_id, code_hash) SELECT $1, unnest($2::text[])', [
        userId,
        recoveryCodeHashes,
      ]);
      return true;
    },

    /** Turns two-factor sign-in off; the person sets it up again at their next sign-in. */
    async disableTotp(db: Queryable, userId: string): Promise<boolean> {
      const rows = await db.query(
        `UPDATE users SET totp_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL
          WHERE id = $1 AND totp_secret IS NOT NULL RETURNING id`,
        [userId],
      );
      await db.query('DELETE FROM recovery_codes WHERE user_id = $1', [userId]);
      return rows.length === 1;
    },

    /** Uses up a recovery code: true once, false for a code unknown or used before. */
    async useRecoveryCode(db: Queryable, userId: string, codeHash: string): Promise<boolean> {
      const rows = await db.query(
        `UPDATE recovery_codes SET used_at = now()
          WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING code_hash`,
        [userId, codeHash],
      );
      return rows.length === 1;
    },

    async totpLastStep(db: Queryable, userId: string): Promise<number | null> {
      const rows = await db.query<{ step: string | null }>(
        'SELECT totp_last_step AS step FROM users WHERE id = $1',
        [userId],
      );
      return rows[0]?.step == null ? null : Number(rows[0].step);
    },

    async recoveryCodesLeft(db: Queryable, userId: string): Promise<number> {
      const rows = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL',
        [userId],
      );
      return rows[0]?.n ?? 0;
    },
  };
}
export type UsersRepository = ReturnType<typeof createUsersRepository>;

export interface UserSummary {
  id: string;
  name: string;
  email: string;
  role: Role;
  organisationId: string;
  organisationName: string;
  jobTitle: string | null;
}

const SELECT_SUMMARY = `
  SELECT u.id, u.name, u.email, u.role, u.organisation_id AS "organisationId", o.name AS "organisationName",
         u.job_title AS "jobTitle"
    FROM users u JOIN organisations o ON o.id = u.organisation_id`;

export function createDirectoryRepository() {
  return {
    async listActive(db: Queryable, roles?: Role[]): Promise<UserSummary[]> {
      return roles
        ? db.query<UserSummary>(
            `${SELECT_SUMMARY} WHERE u.active AND u.role = ANY($1) ORDER BY o.name, u.name`,
            [roles],
          )
        : db.query<UserSummary>(`${SELECT_SUMMARY} WHERE u.active ORDER BY o.name, u.name`);
    },
    async findActive(db: Queryable, ids: string[]): Promise<UserSummary[]> {
      if (ids.length === 0) return [];
      return db.query<UserSummary>(`${SELECT_SUMMARY} WHERE u.active AND u.id = ANY($1::uuid[])`, [ids]);
    },
  };
}
export type DirectoryRepository = ReturnType<typeof createDirectoryRepository>;
