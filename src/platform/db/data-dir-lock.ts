import { closeSync, mkdirSync, openSync, readFileSync, realpathSync, unlinkSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * PGlite has no lock between processes, and two processes on one data folder silently lose
 * acknowledged rows. Lantern therefore holds an exclusive lock file in the folder for as long as a
 * server or CLI command uses it. The file names its holder; a lock whose process has died is
 * taken over, so a crash never blocks a restart.
 */
export class DataDirInUseError extends Error {
  constructor(
    readonly dir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `The embedded database in ${dir} is in use by another Lantern process ` +
        `(pid ${holder.pid}, "${holder.command}", started ${holder.startedAt} on ${holder.host}). ` +
        'Stop that process first, or point LANTERN_DATA_DIR at another folder.',
    );
    this.name = 'DataDirInUseError';
  }
}

export interface LockHolder {
  pid: number;
  host: string;
  command: string;
  startedAt: string;
}

export interface DataDirLock {
  release(): void;
}

const LOCK_FILE = 'lantern.lock';

/** Lock files this process holds: a lock file naming our own pid is stale only if it is not one of them. */
const heldHere = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM means the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): LockHolder | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockHolder;
  } catch {
    return undefined; // missing, or half-written by a process that died mid-write
  }
}

export function lockDataDir(dir: string, command: string): DataDirLock {
  mkdirSync(dir, { recursive: true });
  const file = path.join(realpathSync(dir), LOCK_FILE);
  const me: LockHolder = {
    pid: process.pid,
    host: os.hostname(),
    command,
    startedAt: new Date().toISOString(),
  };
  // Two opens in one process corrupt the folder just as two processes would.
  if (heldHere.has(file)) throw new DataDirInUseError(dir, readHolder(file) ?? me);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      heldHere.add(file);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          heldHere.delete(file);
          if (readHolder(file)?.pid === process.pid) unlinkSync(file);
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readHolder(file);
      const sameHost = holder?.host === os.hostname();
      // A file naming our own pid that we do not hold was left by an earlier process that had the
      // same pid (a container's pid 1, say): stale.
      if (holder && (!sameHost || isAlive(holder.pid)) && holder.pid !== process.pid) {
        throw new DataDirInUseError(dir, holder);
      }
      // The holder has died (or wrote nothing): the lock is stale, so take it over.
      try {
        unlinkSync(file);
      } catch {
        /* another process removed it first; try again */
      }
    }
  }
  throw new Error(`Could not take the lock on ${dir}`);
}
