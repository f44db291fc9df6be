import { execFile } from 'node:child_process';
import {
  existsSync,
  linkSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Config } from '../../config.ts';
import { lockDataDir } from './data-dir-lock.ts';
import type { Db } from './db.ts';
import { migrate } from './migrate.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';

const run = promisify(execFile);

/** The embedded database lives in this sub-folder of LANTERN_DATA_DIR (see openDatabase). */
export const pgliteFolder = (dataDir: string) => path.join(dataDir, 'pglite');

/** A backup or restore refused or failed, with a message that says why and what to do. */
export class BackupError extends Error {
  override name = 'BackupError';
}

function refuseExisting(file: string, force: boolean): void {
  if (!force && existsSync(file))
    throw new BackupError(`${file} already exists: not overwriting it. Choose another file, or use --force.`);
}

/** Runs a PostgreSQL client program, or explains that it must be installed. */
async function runTool(program: string, args: string[]): Promise<void> {
  try {
    await run(program, args, { maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT')
      throw new BackupError(
        `${program} is not installed (or not on PATH). Install the PostgreSQL client programs ` +
          '(on Debian: apt-get install postgresql-client) at the same major version as the server.',
      );
    throw new BackupError(`${program} failed: ${(e.stderr ?? e.message).trim()}`);
  }
}

/** Moves `tmp` to `file`; without force, fails rather than replace a file that appeared meanwhile. */
function publish(tmp: string, file: string, force: boolean): void {
  if (force) return renameSync(tmp, file);
  try {
    linkSync(tmp, file);
  } finally {
    unlinkSync(tmp);
  }
}

/**
 * Writes a backup of the open database to `file`: the embedded database's data folder as a tar.gz,
 * or `pg_dump --format=custom` of the PostgreSQL database. Returns a line saying what was written.
 */
export async function backupDatabase(
  db: Db,
  config: Pick<Config, 'databaseUrl'>,
  { file, force = false }: { file: string; force?: boolean },
): Promise<string> {
  refuseExisting(file, force);
  const tmp = `${file}.partial-${process.pid}`;
  try {
    if (config.databaseUrl) {
      await runTool('pg_dump', ['--format=custom', `--file=${tmp}`, `--dbname=${config.databaseUrl}`]);
    } else {
      if (!db.dumpDataDir) throw new BackupError('This database cannot be dumped');
      writeFileSync(tmp, Buffer.from(await (await db.dumpDataDir()).arrayBuffer()));
    }
    publish(tmp, file, force);
  } finally {
    rmSync(tmp, { force: true });
  }
  const kind = config.databaseUrl ? 'PostgreSQL custom-format dump (pg_dump)' : 'embedded database (tar.gz)';
  return `Backed up the ${kind} to ${file}.`;
}

export interface RestoreOptions {
  file: string;
  force?: boolean;
  /** Names this process in the data folder's lock. */
  command: string;
}

/**
 * Restores a backup made by `backupDatabase`, then applies pending migrations. The embedded
 * database is restored only into an empty or absent folder unless forced (the database it replaces
 * is then kept beside it), and never while another process holds the folder.
 */
export async function restoreDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  options: RestoreOptions,
): Promise<string[]> {
  if (!existsSync(options.file)) throw new BackupError(`${options.file} does not exist.`);
  return config.databaseUrl
    ? restorePostgres(config.databaseUrl, options)
    : restorePglite(config.dataDir, options);
}

async function restorePglite(dataDir: string, { file, force = false, command }: RestoreOptions) {
  const archive = readFileSync(file);
  if (archive[0] !== 0x1f || archive[1] !== 0x8b)
    throw new BackupError(`${file} is not a backup of an embedded Lantern database (not a tar.gz file).`);
  const lock = lockDataDir(dataDir, command);
  const lines: string[] = [];
  try {
    const target = pgliteFolder(dataDir);
    let keptAside: string | undefined;
    if (existsSync(target) && readdirSync(target).length) {
      if (!force)
        throw new BackupError(
          `${dataDir} already holds a database: not restoring over it. Point LANTERN_DATA_DIR at an ` +
            'empty folder, or use --force to replace it (the current database is kept beside it).',
        );
      keptAside = `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      renameSync(target, keptAside);
      lines.push(`Moved the database that was there to ${keptAside}.`);
    }
    try {
      const db = await openPglite(target, new Blob([archive]));
      try {
        const applied = await migrate(db);
        if (applied.length) lines.push(`Applied migrations: ${applied.join(', ')}`);
      } finally {
        await db.close();
      }
    } catch (err) {
      rmSync(target, { recursive: true, force: true });
      if (keptAside) renameSync(keptAside, target);
      throw new BackupError(`Could not restore ${file}: ${err instanceof Error ? err.message : err}`);
    }
    lines.push(`Restored ${file} into ${dataDir}.`);
    return lines;
  } finally {
    lock.release();
  }
}

async function restorePostgres(url: string, { file, force = false }: RestoreOptions) {
  const db = openPostgres(url, { max: 1 });
  try {
    const [row] = await db.query<{ tables: number }>(
      `SELECT count(*)::int AS tables FROM information_schema.tables WHERE table_schema = 'public'`,
    );
    if (row!.tables > 0 && !force)
      throw new BackupError(
        'The PostgreSQL database named by DATABASE_URL already holds tables: not restoring over it. ' +
          'Use an empty database, or --force to replace its contents (pg_restore --clean).',
      );
    await runTool('pg_restore', ['--clean', '--if-exists', '--no-owner', `--dbname=${url}`, file]);
    const applied = await migrate(db);
    return [
      ...(applied.length ? [`Applied migrations: ${applied.join(', ')}`] : []),
      `Restored ${file} into the PostgreSQL database (pg_restore).`,
    ];
  } finally {
    await db.close();
  }
}
