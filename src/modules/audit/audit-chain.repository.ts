import type { Queryable } from '../../platform/db/index.ts';
import type { ChainRow } from './audit-chain.ts';

/** An arbitrary constant: the sealer and the purge take this lock, so only one runs at a time anywhere. */
const CHAIN_LOCK_KEY = 74_656_224;

export interface SealedRow extends ChainRow {
  chainSeq: number;
  chainHash: string;
}

export interface ChainAnchor {
  chainSeq: number;
  chainHash: string;
  purgedRows: number;
}

// `at` as text in UTC with microseconds: a Date would drop the microseconds.
const CHAIN_COLUMNS = `id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at,
  actor_user_id::text AS "actorUserId", actor_label AS "actorLabel", event, subject_type AS "subjectType",
  subject_id AS "subjectId", correlation_id AS "correlationId", before, after, details`;

export function createAuditChainRepository() {
  return {
    /** Waits for the chain lock; it is released when the transaction ends. */
    async lockChain(tx: Queryable): Promise<void> {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK_KEY]);
    },

    async anchor(db: Queryable): Promise<ChainAnchor | undefined> {
      const [row] = await db.query<ChainAnchor>(
        `SELECT chain_seq AS "chainSeq", chain_hash AS "chainHash", purged_rows AS "purgedRows"
           FROM audit_chain_anchor`,
      );
      return row;
    },

    /** The newest sealed row's place in the chain. */
    async head(db: Queryable): Promise<{ chainSeq: number; chainHash: string } | undefined> {
      const [row] = await db.query<{ chainSeq: number; chainHash: string }>(
        `SELECT chain_seq AS "chainSeq", chain_hash AS "chainHash" FROM audit_events
          WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1`,
      );
      return row;
    },

    /** Committed rows not yet sealed, oldest first. */
    async unsealed(db: Queryable, limit: number): Promise<ChainRow[]> {
      return db.query<ChainRow>(
        `SELECT ${CHAIN_COLUMNS} FROM audit_events WHERE chain_seq IS NULL ORDER BY id LIMIT $1`,
        [limit],
      );
    },

    async seal(tx: Queryable, rows: { id: number; chainSeq: number; chainHash: string }[]): Promise<void> {
      if (!rows.length) return;
      await tx.query(
        `UPDATE audit_events a SET chain_seq = v.seq, chain_hash = v.hash
           FROM jsonb_to_recordset($1::jsonb) AS v(id bigint, seq bigint, hash text)
          WHERE a.id = v.id AND a.chain_seq IS NULL`,
        [JSON.stringify(rows.map((r) => ({ id: r.id, seq: r.chainSeq, hash: r.chainHash })))],
      );
    },

    /** Sealed rows after `afterSeq`, in chain order. */
    async sealedAfter(db: Queryable, afterSeq: number, limit: number): Promise<SealedRow[]> {
      return db.query<SealedRow>(
        `SELECT ${CHAIN_COLUMNS}, chain_seq AS "chainSeq", chain_hash AS "chainHash" FROM audit_events
          WHERE chain_seq > $1 ORDER BY chain_seq LIMIT $2`,
        [afterSeq, limit],
      );
    },

    async countUnsealedOlderThan(db: Queryable, minutes: number): Promise<number> {
      const [row] = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM audit_events
          WHERE chain_seq IS NULL AND at < now() - make_interval(mins => $1::int)`,
        [minutes],
      );
      return row!.n;
    },

    /**
     * The last chain_seq the purge may remove: the row before the first sealed row inside the
     * retention period, so only a whole prefix of the chain is ever removed. At most `limit` rows.
     */
    async purgeUpTo(
      tx: Queryable,
      years: number,
      limit: number,
    ): Promise<{ chainSeq: number; chainHash: string } | undefined> {
      const [row] = await tx.query<{ chainSeq: number; chainHash: string }>(
        `WITH bounds AS (
           SELECT min(chain_seq) AS first,
                  coalesce(min(chain_seq) FILTER (WHERE at >= now() - make_interval(years => $1::int)) - 1,
                           max(chain_seq)) AS last
             FROM audit_events WHERE chain_seq IS NOT NULL)
         SELECT e.chain_seq AS "chainSeq", e.chain_hash AS "chainHash"
           FROM audit_events e, bounds
          WHERE e.chain_seq = least(bounds.last, bounds.first + $2::int - 1) AND bounds.last >= bounds.first`,
        [years, limit],
      );
      return row;
    },

    /** Moves the anchor to `to` and deletes the rows up to it; returns how many were deleted. */
    async purgeTo(tx: Queryable, to: { chainSeq: number; chainHash: string }): Promise<number> {
      await tx.query(`SELECT set_config('lantern.audit_purge', 'on', true)`);
      await tx.query(
        `INSERT INTO audit_chain_anchor (chain_seq, chain_hash) VALUES ($1, $2)
         ON CONFLICT (singleton) DO UPDATE SET chain_seq = $1, chain_hash = $2, updated_at = now()`,
        [to.chainSeq, to.chainHash],
      );
      const rows = await tx.query<{ id: number }>(
        'DELETE FROM audit_events WHERE chain_seq <= $1 RETURNING id',
        [to.chainSeq],
      );
      await tx.query('UPDATE audit_chain_anchor SET purged_rows = purged_rows + $1', [rows.length]);
      await tx.query(`SELECT set_config('lantern.audit_purge', 'off', true)`);
      return rows.length;
    },
  };
}
export type AuditChainRepository = ReturnType<typeof createAuditChainRepository>;
