import type { Db, Queryable } from '../src/platform/db/index.ts';

/** A database wrapped so that every statement sent through it is recorded, in order. */
export interface QueryCounter {
  db: Db;
  /** The SQL of each statement sent since the last `reset()`, transactions' statements included. */
  statements: string[];
  reset(): void;
}

/**
 * Wraps `db` to record each statement (query, exec or simpleQuery, inside a transaction or not)
 * the app sends, so a test can assert how many queries a page costs. A transaction's own BEGIN
 * and COMMIT are not counted: they never pass through these methods.
 */
export function countQueries(db: Db): QueryCounter {
  const statements: string[] = [];
  const counted = (q: Queryable): Queryable => ({
    query<T>(text: string, params?: readonly unknown[], options?: { prepare?: string }) {
      statements.push(text);
      return q.query<T>(text, params, options);
    },
    exec(sql: string) {
      statements.push(sql);
      return q.exec(sql);
    },
    simpleQuery<T>(sql: string) {
      statements.push(sql);
      return q.simpleQuery<T>(sql);
    },
  });
  return {
    db: { ...db, ...counted(db), transaction: (work) => db.transaction((tx) => work(counted(tx))) },
    statements,
    reset: () => void statements.splice(0),
  };
}
