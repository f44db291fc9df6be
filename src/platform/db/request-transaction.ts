import { AsyncLocalStorage } from 'node:async_hooks';
import type { Db, Queryable } from './db.ts';

/**
 * One transaction around a whole request, for the API's idempotency keys: the key's stored answer
 * must commit with the request's writes or not at all, and the answer is known only after the
 * service's own transaction has returned. So while such a request runs, every query and
 * `transaction()` made through a `withRequestTransactions` database joins the request's
 * transaction (found through AsyncLocalStorage, so services and repositories are unchanged).
 *
 * A service's `transaction()` becomes a savepoint: if it throws, its writes are undone and the rest
 * of the request carries on as it would have. A query outside any service transaction also runs in
 * its own savepoint, as it would have autocommitted alone: a failing statement (a unique violation
 * a service turns into a 400, say) must not abort the whole request's transaction. The request has
 * one connection, so its statements are queued one at a time (savepoints cannot interleave).
 */
interface Scope {
  db: Db;
  tx: Queryable;
  /** The tail of the queue of this request's statements. */
  queue: Promise<unknown>;
  savepoints: number;
}

interface Context {
  scope: Scope;
  /** Inside a service transaction that already holds the queue: run on the transaction directly. */
  holding: boolean;
}

const storage = new AsyncLocalStorage<Context>();

function exclusive<T>(scope: Scope, work: () => Promise<T>): Promise<T> {
  const run = scope.queue.then(work, work);
  scope.queue = run.catch(() => undefined);
  return run;
}

async function inSavepoint<T>(scope: Scope, work: (tx: Queryable) => Promise<T>): Promise<T> {
  const name = `lantern_sp_${++scope.savepoints}`;
  await scope.tx.exec(`SAVEPOINT ${name}`);
  let result: T;
  try {
    result = await work(scope.tx);
  } catch (err) {
    await scope.tx.exec(`ROLLBACK TO SAVEPOINT ${name}; RELEASE SAVEPOINT ${name}`).catch(() => undefined);
    throw err;
  }
  await scope.tx.exec(`RELEASE SAVEPOINT ${name}`);
  return result;
}

/** `db`, but joining the request's transaction whenever one is open for it (see above). */
export function withRequestTransactions(db: Db): Db {
  // Another app in the same process (tests run two) has its own database and its own requests.
  const current = () => {
    const ctx = storage.getStore();
    return ctx && ctx.scope.db === wrapped ? ctx : undefined;
  };
  function direct<T>(work: (q: Queryable) => Promise<T>): Promise<T> {
    const ctx = current();
    if (!ctx) return work(db);
    if (ctx.holding) return work(ctx.scope.tx);
    return exclusive(ctx.scope, () => inSavepoint(ctx.scope, work));
  }
  const wrapped: Db = {
    ...db,
    query: <T>(text: string, params?: readonly unknown[], options?: { prepare?: string }) =>
      direct((q) => q.query<T>(text, params, options)),
    exec: (sql: string) => direct((q) => q.exec(sql)),
    simpleQuery: <T>(sql: string) => direct((q) => q.simpleQuery<T>(sql)),
    transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      const ctx = current();
      if (!ctx) return db.transaction(work);
      const { scope } = ctx;
      const nested = () => inSavepoint(scope, (tx) => storage.run({ scope, holding: true }, () => work(tx)));
      return ctx.holding ? nested() : exclusive(scope, nested);
    },
  };
  return wrapped;
}

export interface RequestTransaction {
  /** Calls `next` (the rest of the request) so that the database it reaches joins this transaction. */
  enter(next: () => void): void;
  /** Runs statements on the transaction once the request's queued ones have finished. */
  exclusive<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

/** Thrown inside the transaction's callback to roll it back; never seen outside this file. */
const ROLLBACK = Symbol('rollback');

/**
 * How long a request's transaction may sit idle between statements on PostgreSQL before the server
 * ends it: a handler that never answers must not hold its locks and pooled connection for ever.
 */
export const REQUEST_TRANSACTION_IDLE_MS = 60_000;

/**
 * Opens a transaction on `db` (made by `withRequestTransactions`) that stays open until `commit()`
 * or `rollback()`. Rejects when the database cannot begin one (it is down, say), so the request
 * can be answered 503. On PostgreSQL the server ends it (and its connection) after `idleMs` idle;
 * its commit then fails, so the request is answered 503 and nothing of it is kept. (PGlite has one
 * connection in the process and no such timer.)
 */
export async function openRequestTransaction(
  db: Db,
  { idleMs = REQUEST_TRANSACTION_IDLE_MS } = {},
): Promise<RequestTransaction> {
  let begun!: (tx: Queryable) => void;
  const ready = new Promise<Queryable>((resolve) => (begun = resolve));
  let decide!: (commit: boolean) => void;
  const decided = new Promise<boolean>((resolve) => (decide = resolve));
  const ended = db
    .transaction(async (tx) => {
      if (db.kind === 'postgres')
        await tx.query(`SELECT set_config('idle_in_transaction_session_timeout', $1, true)`, [
          String(idleMs),
        ]);
      begun(tx);
      if (!(await decided)) throw ROLLBACK;
    })
    .catch((err: unknown) => {
      if (err !== ROLLBACK) throw err;
    });
  const tx = await Promise.race([
    ready,
    ended.then(() => {
      throw new Error('The request transaction ended before it began');
    }),
  ]);
  const scope: Scope = { db, tx, queue: Promise.resolve(), savepoints: 0 };
  let settled = false;
  const settle = async (commit: boolean) => {
    if (settled) return ended;
    settled = true;
    // Statements still queued (a request that answered before its work finished) go first.
    await scope.queue;
    decide(commit);
    return ended;
  };
  return {
    enter: (next) => storage.run({ scope, holding: false }, next),
    exclusive: (work) => exclusive(scope, () => work(tx)),
    commit: () => settle(true),
    rollback: () => settle(false).catch(() => undefined),
  };
}
