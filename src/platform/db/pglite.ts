import { mkdirSync } from 'node:fs';
import { PGlite, types } from '@electric-sql/pglite';
import type { Db, Queryable } from './db.ts';
import { parseDate, parseInt8, TYPE_OIDS } from './db.ts';

const parsers = {
  [TYPE_OIDS.date]: parseDate,
  [TYPE_OIDS.int8]: parseInt8,
  [types.TIMESTAMPTZ]: (v: string) => new Date(v),
};

interface PgliteLike {
  query<T>(text: string, params?: unknown[]): Promise<{ rows: T[] }>;
  exec(sql: string): Promise<{ rows: unknown[] }[]>;
}

function wrap(client: PgliteLike): Queryable {
  return {
    async query<T>(text: string, params: readonly unknown[] = []) {
      const result = await client.query<T>(text, [...params]);
      return result.rows;
    },
    async exec(sql: string) {
      await client.exec(sql);
    },
    async simpleQuery<T>(sql: string) {
      const results = await client.exec(sql);
      return (results.at(-1)?.rows ?? []) as T[];
    },
  };
}

export function wrapPglite(pglite: PGlite): Db {
  return {
    kind: 'pglite',
    ...wrap(pglite),
    transaction: (work) => pglite.transaction((tx) => work(wrap(tx))),
    close: () => pglite.close(),
    dumpDataDir: () => pglite.dumpDataDir('gzip'),
  };
}

/** Opens (creating if need be) an embedded database in `dir`; `undefined` keeps it in memory. */
export async function openPglite(dir: string | undefined, loadDataDir?: Blob): Promise<Db> {
  // PGlite does not create missing parent folders itself.
  if (dir) mkdirSync(dir, { recursive: true });
  const pglite = await PGlite.create(dir, { parsers, loadDataDir });
  return wrapPglite(pglite);
}
