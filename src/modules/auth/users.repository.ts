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

    async getThrottle(db: Queryable, email: string): Promise<Throttle | undefined> {
      const rows = await db.query<Throttle>(
        'SELECT failures, locked_until AS "lockedUntil" FROM sign_in_throttle WHERE email = lower($1)',
        [email],
      );
      return rows[0];
    },

    /** Counts one more failure atomically; a lock that has run out starts the count again. */
    async recordFailure(
      db: Queryable,
      email: string,
      maxFailures: number,
      lockMinutes: number,
    ): Promise<Throttle> {
      const rows = await db.query<Throttle>(
        `INSERT INTO sign_in_throttle AS t (email, failures, last_failure_at) VALUES (lower($1), 1, now())
         ON CONFLICT (email) DO UPDATE SET
           failures = CASE WHEN t.locked_until IS NOT NULL AND t.locked_until <= now() THEN 1 ELSE t.failures + 1 END,
           locked_until = CASE WHEN t.locked_until IS NOT NULL AND t.locked_until <= now() THEN NULL ELSE t.locked_until END,
           last_failure_at = now()
         RETURNING failures, locked_until AS "lockedUntil"`,
        [email],
      );
      const throttle = rows[0]!;
      if (throttle.failures >= maxFailures && !throttle.lockedUntil) {
        const locked = await db.query<Throttle>(
          `UPDATE sign_in_throttle SET locked_until = now() + make_interval(mins => $2)
            WHERE email = lower($1) RETURNING failures, locked_until AS "lockedUntil"`,
          [email, lockMinutes],
        );
        return locked[0]!;
      }
      return throttle;
    },

    async clearThrottle(db: Queryable, email: string): Promise<void> {
      await db.query('DELETE FROM sign_in_throttle WHERE email = lower($1)', [email]);
    },
  };
}
export type UsersRepository = ReturnType<typeof createUsersRepository>;
