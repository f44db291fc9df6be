/**
 * One database interface over two engines: embedded PGlite (PostgreSQL in WASM) when no
 * DATABASE_URL is set, a `pg` pool otherwise. Both speak the same SQL dialect, so nothing above
 * this file branches on which one is in use.
 */
export interface Queryable {
  /**
   * Runs one parameterised statement and returns its rows. `prepare` names a server-side prepared
   * statement on PostgreSQL (hot lookups skip parsing and planning); PGlite ignores it.
   */
  query<T = Record<string, unknown>>(
    text: string,
    params?: readonly unknown[],
    options?: { prepare?: string },
  ): Promise<T[]>;
  /** Runs one or more statements without parameters (migrations, DDL). */
  exec(sql: string): Promise<void>;
  /** Runs one or more statements without parameters and returns the rows of the last one. */
  simpleQuery<T = Record<string, unknown>>(sql: string): Promise<T[]>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `work` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** The embedded database's whole data folder as a tar.gz (PGlite only), for `lantern backup`. */
  dumpDataDir?(): Promise<Blob>;
}

/** OIDs of types we parse ourselves so both engines return the same JavaScript values. */
export const TYPE_OIDS = { int8: 20, date: 1082 } as const;

/** `date` columns stay 'YYYY-MM-DD' strings: a Date object would shift with the server's time zone. */
export const parseDate = (value: string): string => value;
export const parseInt8 = (value: string): number => Number(value);
