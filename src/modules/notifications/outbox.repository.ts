import type { Queryable } from '../../platform/db/index.ts';
import type { OutboxEmail } from './notifications.types.ts';

const COLUMNS = `id, to_address AS "to", subject, body, created_at AS "createdAt", sent_at AS "sentAt",
  attempts, last_error AS "lastError", transport`;

/** After this many failed attempts delivery gives up; the row stays for an admin to read. */
export const MAX_ATTEMPTS = 5;
/** How long a claim keeps other instances off a row: longer than any send should take. */
const LEASE = "interval '5 minutes'";

export function createOutboxRepository() {
  return {
    async list(db: Queryable, paging: { page: number; pageSize: number }) {
      const [items, count] = await Promise.all([
        db.query<OutboxEmail>(
          `SELECT ${COLUMNS} FROM outbox ORDER BY created_at DESC, id LIMIT $1 OFFSET $2`,
          [paging.pageSize, (paging.page - 1) * paging.pageSize],
        ),
        db.query<{ total: number }>('SELECT count(*)::int AS total FROM outbox'),
      ]);
      return { items, total: count[0]!.total };
    },

    async get(db: Queryable, id: string): Promise<OutboxEmail | null> {
      const rows = await db.query<OutboxEmail>(`SELECT ${COLUMNS} FROM outbox WHERE id = $1`, [id]);
      return rows[0] ?? null;
    },

    /**
     * Claims up to `limit` unsent rows for this instance: rows another transaction holds are skipped
     * (SKIP LOCKED), and the lease keeps them from other instances once this transaction commits.
     */
    async claim(tx: Queryable, limit: number): Promise<OutboxEmail[]> {
      return tx.query<OutboxEmail>(
        `UPDATE outbox SET claimed_until = now() + ${LEASE}
          WHERE id IN (
            SELECT id FROM outbox
             WHERE sent_at IS NULL AND attempts < ${MAX_ATTEMPTS}
               AND (claimed_until IS NULL OR claimed_until < now())
             ORDER BY created_at, id LIMIT $1
             FOR UPDATE SKIP LOCKED)
          RETURNING ${COLUMNS}`,
        [limit],
      );
    },

    async markSent(db: Queryable, id: string, transport: string): Promise<void> {
      await db.query(
        `UPDATE outbox SET sent_at = now(), transport = $2, claimed_until = NULL, last_error = NULL WHERE id = $1`,
        [id, transport],
      );
    },

    async markFailed(db: Queryable, id: string, transport: string, error: string): Promise<void> {
      await db.query(
        `UPDATE outbox SET attempts = attempts + 1, last_error = $3, transport = $2, claimed_until = NULL
          WHERE id = $1`,
        [id, transport, error.slice(0, 1000)],
      );
    },
  };
}
export type OutboxRepository = ReturnType<typeof createOutboxRepository>;
