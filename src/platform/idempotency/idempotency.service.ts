import type { Db, Queryable } from '../db/index.ts';
import type { IdempotencyRepository, KeyScope, StoredAnswer } from './idempotency.repository.ts';

export type { KeyScope, StoredAnswer } from './idempotency.repository.ts';

/** What to do with a request that carries a key. */
export type Claim =
  /** First use (or the first since the key expired): handle it, then record the answer. */
  | { kind: 'fresh' }
  /** Another request with the key is still being handled. */
  | { kind: 'busy' }
  /** The key was used for a request with a different body or query. */
  | { kind: 'reused' }
  /** The same request again: give the stored answer. */
  | { kind: 'replay'; answer: StoredAnswer };

/** How long a key is kept, as the draft standard suggests: long enough for any client's retries. */
export const KEY_HOURS = 24;

export function createIdempotencyService({ db, keys }: { db: Db; keys: IdempotencyRepository }) {
  return {
    /** Decides what to do with a request; `tx` is the request's own transaction, which holds the key's lock. */
    async claim(tx: Queryable, scope: KeyScope, requestHash: string): Promise<Claim> {
      if (!(await keys.tryLock(tx, scope))) return { kind: 'busy' };
      const answer = await keys.find(tx, scope);
      if (!answer) return { kind: 'fresh' };
      return answer.requestHash === requestHash ? { kind: 'replay', answer } : { kind: 'reused' };
    },

    /** Stores a fresh request's answer, in the request's transaction (so only if its writes commit). */
    record: (tx: Queryable, scope: KeyScope, answer: StoredAnswer) => keys.save(tx, scope, answer, KEY_HOURS),

    /** Deletes the keys older than KEY_HOURS; returns how many. */
    purge: () => keys.purgeExpired(db),
  };
}
export type IdempotencyService = ReturnType<typeof createIdempotencyService>;
