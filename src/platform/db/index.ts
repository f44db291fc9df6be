import path from 'node:path';
import type { Config } from '../../config.ts';
import { lockDataDir } from './data-dir-lock.ts';
import type { Db } from './db.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';

export type { Db, Queryable } from './db.ts';
export { migrate } from './migrate.ts';
export { DataDirInUseError } from './data-dir-lock.ts';
export { isDatabaseUnavailable, survivingDatabaseOutages } from './unavailable.ts';

/**
 * Opens the database the configuration names: PostgreSQL when DATABASE_URL is set, otherwise the
 * embedded database in LANTERN_DATA_DIR, locked to this process until `close()`.
 */
export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  command: string,
  onError?: (err: Error) => void,
): Promise<Db> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl, { onError });
  const lock = lockDataDir(config.dataDir, command);
  try {
    const db = await openPglite(path.join(config.dataDir, 'pglite'));
    return {
      ...db,
      async close() {
        try {
          await db.close();
        } finally {
          lock.release();
        }
      },
    };
  } catch (err) {
    lock.release();
    throw err;
  }
}
export { backupDatabase, BackupError, restoreDatabase } from './backup.ts';
