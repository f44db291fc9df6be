import { createHash } from 'node:crypto';
import type { Queryable } from '../db/index.ts';

/** Which request a key belongs to: a key is one principal's, on one method and path. */
export interface KeyScope {
  /** `user:<id>`: whoever the bearer token stands for. */
  principal: string;
  method: string;
  path: string;
  key: string;
}

/** The answer the first request with a key got, to give again to its retries. */
export interface StoredAnswer {
  requestHash: string;
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

/** An arbitrary constant: the class of the advisory locks below, apart from every other lock. */
const LOCK_CLASS = 74_656_203;

/** A 32-bit number for the key's advisory lock; two keys sharing one only wait for each other. */
function lockNumber(scope: KeyScope): number {
  const digest = createHash('sha256')
    .update(JSON.stringify([scope.principal, scope.method, scope.path, scope.key]))
    .digest();
  return digest.readInt32BE(0);
}

interface Row {
  request_hash: string;
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

export function createIdempotencyRepository() {
  return {
    /**
     * Takes the key's lock until the transaction ends, or returns false at once when another
     * request with the key holds it (it is still being answered).
     */
    async tryLock(tx: Queryable, scope: KeyScope): Promise<boolean> {
      const [row] = await tx.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_xact_lock($1, $2) AS locked',
        [LOCK_CLASS, lockNumber(scope)],
      );
      return row!.locked;
    },

    async find(tx: Queryable, scope: KeyScope): Promise<StoredAnswer | undefined> {
      const [row] = await tx.query<Row>(
        `SELECT request_hash, status, headers, body FROM idempotency_keys
          WHERE principal = $1 AND method = $2 AND path = $3 AND key = $4 AND expires_at > now()`,
        [scope.principal, scope.method, scope.path, scope.key],
      );
      return (
        row && { requestHash: row.request_hash, status: row.status, headers: row.headers, body: row.body }
      );
    },

    /** Stores the answer; an expired row for the same key that the purge has not reached is replaced. */
    async save(tx: Queryable, scope: KeyScope, answer: StoredAnswer, hours: number): Promise<void> {
      await tx.query(
        `INSERT INTO idempotency_keys (principal, method, path, key, request_hash, status, headers, body, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now() + make_interval(hours => $9::int))
         ON CONFLICT (principal, method, path, key) DO UPDATE SET
           request_hash = excluded.request_hash, status = excluded.status, headers = excluded.headers,
           body = excluded.body, created_at = now(), expires_at = excluded.expires_at`,
        [
          scope.principal,
          scope.method,
          scope.path,
          scope.key,
          answer.requestHash,
          answer.status,
          JSON.stringify(answer.headers),
          answer.body,
          hours,
        ],
      );
    },

    /** Deletes expired keys; returns how many. */
    async purgeExpired(db: Queryable): Promise<number> {
      const [row] = await db.query<{ purged: number }>(
        `WITH gone AS (DELETE FROM idempotency_keys WHERE expires_at <= now() RETURNING 1)
         SELECT count(*)::int AS purged FROM gone`,
      );
      return row!.purged;
    },
  };
}
export type IdempotencyRepository = ReturnType<typeof createIdempotencyRepository>;
