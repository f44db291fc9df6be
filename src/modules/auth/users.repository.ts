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
}

const SELECT_USER = `
  SELECT u.id, u.email, u.name, u.role, u.organisation_id AS "organisationId", o.name AS "organisationName",
         u.password_hash AS "passwordHash", u.active
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
