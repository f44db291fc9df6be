import pg from 'pg';
import type { Db, Queryable } from './db.ts';
import { parseDate, parseInt8, TYPE_OIDS } from './db.ts';
import { isDatabaseUnavailable } from './unavailable.ts';

const typeParsers: Record<number, (value: string) => unknown> = {
  [TYPE_OIDS.date]: parseDate,
  [TYPE_OIDS.int8]: parseInt8,
};

const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    return typeParsers[oid] ?? pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

function wrap(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<T>(text: string, params: readonly unknown[] = [], options?: { prepare?: string }) {
      const result = await client.query({ text, values: [...params], types, name: options?.prepare });
      return result.rows as T[];
    },
    async exec(sql: string) {
      await client.query(sql);
    },
    async simpleQuery<T>(sql: string) {
      // Several statements give an array of results (typed for one only).
      const result = (await client.query(sql)) as unknown as pg.QueryResult | pg.QueryResult[];
      return (Array.isArray(result) ? (result.at(-1)?.rows ?? []) : result.rows) as T[];
    },
  };
}

export interface PostgresOptions {
  max?: number;
  onError?: (err: Error) => void;
}

/** Connects a pool to a PostgreSQL server. Connections are made lazily, so this never throws. */
export function openPostgres(connectionString: string, options: PostgresOptions = {}): Db {
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10, connectionTimeoutMillis: 5000 });
  // An idle client losing its server (a restart, say) must not crash the process: pg-pool has
  // already dropped it, and opens a new connection when one is next needed.
  pool.on('error', (err) => options.onError?.(err));
  return {
    kind: 'postgres',
    ...wrap(pool),
    async transaction(work) {
      const client = await pool.connect();
      // A checked-out client whose server goes away between two queries emits 'error', and with
      // no listener that ends the process. The next query rejects anyway; note the error here.
      let broken: unknown;
      const onError = (err: Error) => (broken ??= err);
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const result = await work(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        if (isDatabaseUnavailable(err)) broken ??= err;
        else if (!broken)
          await client.query('ROLLBACK').catch((rollbackErr: unknown) => (broken = rollbackErr));
        throw err;
      } finally {
        client.off('error', onError);
        // Released with an error, a broken connection is discarded rather than handed out again,
        // and the pool opens fresh ones once the server is back.
        client.release(broken !== undefined);
      }
    },
    close: () => pool.end(),
  };
}
