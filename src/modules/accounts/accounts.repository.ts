import type { Queryable } from '../../platform/db/index.ts';
import type { Role } from '../../platform/http/current-user.ts';
import type { AccountUser, LinkPurpose, UserFilters } from './accounts.types.ts';

const SELECT_USER = `
  SELECT u.id, u.email, u.name, u.role, u.organisation_id AS "organisationId", o.name AS "organisationName",
         u.job_title AS "jobTitle",
         CASE WHEN NOT u.active THEN 'deactivated' WHEN u.password_hash IS NULL THEN 'invited' ELSE 'active' END AS status,
         u.active, u.deactivated_at AS "deactivatedAt", u.version, u.created_at AS "createdAt",
         u.totp_enabled_at AS "twoFactorEnabledAt"
    FROM users u JOIN organisations o ON o.id = u.organisation_id`;

const STATUS_CONDITION = {
  active: 'u.active AND u.password_hash IS NOT NULL',
  invited: 'u.active AND u.password_hash IS NULL',
  deactivated: 'NOT u.active',
} as const;

function where(filters: UserFilters, params: unknown[]): string {
  const add = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const conditions: string[] = [];
  if (filters.organisationId) conditions.push(`u.organisation_id = ${add(filters.organisationId)}`);
  if (filters.role) conditions.push(`u.role = ${add(filters.role)}`);
  if (filters.status) conditions.push(STATUS_CONDITION[filters.status]);
  return conditions.length ? conditions.join(' AND ') : 'true';
}

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  organisationId: string;
  jobTitle: string | null;
}

export interface NewLink {
  tokenHash: string;
  userId: string;
  purpose: LinkPurpose;
  expiresAt: Date;
  createdBy: string | null;
}

/** A usable one-time link and the account it is for. */
export interface LinkHolder {
  userId: string;
  purpose: LinkPurpose;
  email: string;
  name: string;
}

export function createAccountsRepository() {
  return {
    async list(
      db: Queryable,
      filters: UserFilters,
      { page, pageSize, sort }: { page: number; pageSize: number; sort: 'newest' | 'name' },
    ): Promise<{ items: AccountUser[]; total: number }> {
      const params: unknown[] = [];
      const condition = where(filters, params);
      const [count] = await db.query<{ total: number }>(
        `SELECT count(*)::int AS total FROM users u WHERE ${condition}`,
        params,
      );
      const order = sort === 'name' ? 'lower(u.name), u.id' : 'u.created_at DESC, u.id';
      params.push(pageSize, (page - 1) * pageSize);
      const items = await db.query<AccountUser>(
        `${SELECT_USER} WHERE ${condition} ORDER BY ${order} LIMIT $${params.length - 1} OFFSET $${params.length}`,
        params,
      );
      return { items, total: count!.total };
    },

    async find(db: Queryable, id: string): Promise<AccountUser | undefined> {
      return (await db.query<AccountUser>(`${SELECT_USER} WHERE u.id = $1`, [id]))[0];
    },

    /** Adds an account with no password; undefined when the e-mail address is already taken. */
    async insert(tx: Queryable, user: NewUser): Promise<string | undefined> {
      const rows = await tx.query<{ id: string }>(
        `INSERT INTO users (email, name, role, organisation_id, job_title, password_hash)
         VALUES ($1, $2, $3, $4, $5, NULL) ON CONFLICT DO NOTHING RETURNING id`,
        [user.email, user.name, user.role, user.organisationId, user.jobTitle],
      );
      return rows[0]?.id;
    },

    async lockVersion(tx: Queryable, id: string): Promise<number | undefined> {
      const rows = await tx.query<{ version: number }>('SELECT version FROM users WHERE id = $1 FOR UPDATE', [
        id,
      ]);
      return rows[0]?.version;
    },

    async update(
      tx: Queryable,
      id: string,
      changes: { role?: Role; organisationId?: string; active?: boolean },
    ): Promise<void> {
      await tx.query(
        `UPDATE users SET role = COALESCE($2, role), organisation_id = COALESCE($3, organisation_id),
                active = COALESCE($4, active),
                deactivated_at = CASE WHEN $4 IS NULL THEN deactivated_at WHEN $4 THEN NULL ELSE now() END,
                version = version + 1
          WHERE id = $1`,
        [id, changes.role ?? null, changes.organisationId ?? null, changes.active ?? null],
      );
    },

    async passwordHashOf(db: Queryable, id: string): Promise<string | null> {
      const rows = await db.query<{ hash: string | null }>(
        'SELECT password_hash AS hash FROM users WHERE id = $1',
        [id],
      );
      return rows[0]?.hash ?? null;
    },

    /** A password is not an edit of the record the business unit manages, so `version` stays. */
    async setPasswordHash(tx: Queryable, id: string, hash: string): Promise<void> {
      await tx.query('UPDATE users SET password_hash = $2 WHERE id = $1', [id, hash]);
    },

    /** Ends the account's sessions (all but `exceptSid`, the one making the change, if given). */
    async endSessions(tx: Queryable, userId: string, exceptSid?: string): Promise<number> {
      const rows = await tx.query(
        'DELETE FROM sessions WHERE user_id = $1 AND ($2::text IS NULL OR sid <> $2) RETURNING sid',
        [userId, exceptSid ?? null],
      );
      return rows.length;
    },

    async revokeApiTokens(tx: Queryable, userId: string): Promise<number> {
      return (await tx.query('DELETE FROM api_tokens WHERE user_id = $1 RETURNING user_id', [userId])).length;
    },

    /** A locked-out user who has just set a new password through a link may sign in at once. */
    async clearSignInThrottle(tx: Queryable, email: string): Promise<void> {
      await tx.query('DELETE FROM sign_in_throttle WHERE email = lower($1)', [email]);
    },

    async insertLink(tx: Queryable, link: NewLink): Promise<void> {
      await tx.query(
        `INSERT INTO account_tokens (token_hash, user_id, purpose, expires_at, created_by)
         VALUES ($1, $2, $3, $4, $5)`,
        [link.tokenHash, link.userId, link.purpose, link.expiresAt, link.createdBy],
      );
    },

    /** Marks the account's outstanding links as spent: only the newest link, or none, works. */
    async retireLinks(tx: Queryable, userId: string): Promise<void> {
      await tx.query('UPDATE account_tokens SET used_at = now() WHERE user_id = $1 AND used_at IS NULL', [
        userId,
      ]);
    },

    async findUsableLink(db: Queryable, tokenHash: string): Promise<LinkHolder | undefined> {
      const rows = await db.query<LinkHolder>(
        `SELECT t.user_id AS "userId", t.purpose, u.email, u.name
           FROM account_tokens t JOIN users u ON u.id = t.user_id
          WHERE t.token_hash = $1 AND t.used_at IS NULL AND t.expires_at > now() AND u.active`,
        [tokenHash],
      );
      return rows[0];
    },

    /**
     * Spends a link, atomically: of two simultaneous uses, only one gets the row back. Undefined
     * when the link has expired, was used, or its account was deactivated meanwhile.
     */
    async spendLink(tx: Queryable, tokenHash: string): Promise<LinkHolder | undefined> {
      const rows = await tx.query<LinkHolder>(
        `UPDATE account_tokens t SET used_at = now() FROM users u
          WHERE t.token_hash = $1 AND t.used_at IS NULL AND t.expires_at > now() AND u.id = t.user_id AND u.active
          RETURNING t.user_id AS "userId", t.purpose, u.email, u.name`,
        [tokenHash],
      );
      return rows[0];
    },

    async queueEmail(tx: Queryable, message: { to: string; subject: string; body: string }): Promise<void> {
      await tx.query('INSERT INTO outbox (to_address, subject, body) VALUES ($1, $2, $3)', [
        message.to,
        message.subject,
        message.body,
      ]);
    },
  };
}
export type AccountsRepository = ReturnType<typeof createAccountsRepository>;
