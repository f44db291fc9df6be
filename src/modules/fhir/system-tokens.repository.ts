import type { Queryable } from '../../platform/db/index.ts';

/** An API token issued to an organisation's system. The token itself is never stored. */
export interface SystemToken {
  id: string;
  organisationId: string;
  organisationName: string;
  name: string;
  createdAt: Date;
  createdByName: string;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const COLUMNS = `t.id, t.organisation_id AS "organisationId", o.name AS "organisationName", t.name,
  t.created_at AS "createdAt", u.name AS "createdByName", t.last_used_at AS "lastUsedAt",
  t.revoked_at AS "revokedAt"`;
const FROM = `FROM system_tokens t JOIN organisations o ON o.id = t.organisation_id
  JOIN users u ON u.id = t.created_by`;

export function createSystemTokensRepository() {
  return {
    /** Every token, live ones first, newest first. */
    async list(db: Queryable): Promise<SystemToken[]> {
      return db.query<SystemToken>(
        `SELECT ${COLUMNS} ${FROM} ORDER BY t.revoked_at IS NOT NULL, t.created_at DESC LIMIT 500`,
      );
    },

    async find(db: Queryable, id: string): Promise<SystemToken | undefined> {
      return (await db.query<SystemToken>(`SELECT ${COLUMNS} ${FROM} WHERE t.id = $1`, [id]))[0];
    },

    async insert(
      tx: Queryable,
      t: { tokenHash: string; organisationId: string; name: string; userId: string },
    ): Promise<string> {
      const rows = await tx.query<{ id: string }>(
        `INSERT INTO system_tokens (token_hash, organisation_id, name, created_by)
         VALUES ($1, $2, $3, $4) RETURNING id`,
        [t.tokenHash, t.organisationId, t.name, t.userId],
      );
      return rows[0]!.id;
    },

    /** Revokes a live token; false when it was already revoked. */
    async revoke(tx: Queryable, id: string, userId: string): Promise<boolean> {
      const rows = await tx.query(
        `UPDATE system_tokens SET revoked_at = now(), revoked_by = $2
          WHERE id = $1 AND revoked_at IS NULL RETURNING id`,
        [id, userId],
      );
      return rows.length === 1;
    },
  };
}
export type SystemTokensRepository = ReturnType<typeof createSystemTokensRepository>;
