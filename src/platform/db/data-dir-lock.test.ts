import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import { DataDirInUseError, lockDataDir, type LockHolder } from './data-dir-lock.ts';
import { openDatabase } from './index.ts';

const folders: string[] = [];
function freshFolder(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lantern-lock-'));
  folders.push(dir);
  return dir;
}

const lockFile = (dir: string) => path.join(dir, 'lantern.lock');
const readLock = (dir: string) => JSON.parse(readFileSync(lockFile(dir), 'utf8')) as LockHolder;

function writeLock(dir: string, holder: Partial<LockHolder>): void {
  writeFileSync(
    lockFile(dir),
    JSON.stringify({
      pid: process.pid,
      host: os.hostname(),
      command: 'lantern serve',
      startedAt: '2026-01-01T00:00:00.000Z',
      ...holder,
    }),
  );
}

/** The pid of a process that has run and exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  assert.equal(child.status, 0);
  assert.ok(child.pid > 0);
  return child.pid;
}

let children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children) child.kill();
  children = [];
});
after(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

describe('lockDataDir', () => {
  it('writes a lock file naming this process, its host and command', () => {
    const dir = freshFolder();
    const lock = lockDataDir(dir, 'lantern migrate');
    try {
      const holder = readLock(dir);
      assert.equal(holder.pid, process.pid);
      assert.equal(holder.host, os.hostname());
      assert.equal(holder.command, 'lantern migrate');
      assert.ok(!Number.isNaN(Date.parse(holder.startedAt)));
    } finally {
      lock.release();
    }
  });

  it("refuses a second lock on the same folder with DataDirInUseError naming the holder's pid and command", () => {
    const dir = freshFolder();
    const first = lockDataDir(dir, 'lantern serve');
    try {
      assert.throws(
        () => lockDataDir(dir, 'lantern seed-demo'),
        (err: unknown) => {
          assert.ok(err instanceof DataDirInUseError);
          assert.match(err.message, new RegExp(`pid ${process.pid}\\b`));
          assert.match(err.message, /"lantern serve"/);
          assert.match(err.message, /LANTERN_DATA_DIR/);
          assert.equal(err.holder.command, 'lantern serve');
          return true;
        },
      );
      // The refused attempt left the first holder's file alone.
      assert.equal(readLock(dir).command, 'lantern serve');
    } finally {
      first.release();
    }
  });

  it('blocks while a live process on this host holds the lock', () => {
    const dir = freshFolder();
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
    children.push(holder);
    assert.ok(holder.pid);
    writeLock(dir, { pid: holder.pid, command: 'lantern serve' });
    assert.throws(
      () => lockDataDir(dir, 'lantern migrate'),
      (err: unknown) =>
        err instanceof DataDirInUseError &&
        err.message.includes(`pid ${holder.pid}`) &&
        err.message.includes('"lantern serve"'),
    );
    assert.equal(readLock(dir).pid, holder.pid);
  });

  it('blocks when the holder is on another host, whose processes it cannot check', () => {
    const dir = freshFolder();
    writeLock(dir, { pid: deadPid(), host: 'another-host.example' });
    assert.throws(() => lockDataDir(dir, 'lantern serve'), DataDirInUseError);
  });

  it('takes over a lock left by a process that has died', () => {
    const dir = freshFolder();
    const pid = deadPid();
    writeLock(dir, { pid, command: 'lantern serve' });
    const lock = lockDataDir(dir, 'lantern migrate');
    try {
      const holder = readLock(dir);
      assert.equal(holder.pid, process.pid);
      assert.equal(holder.command, 'lantern migrate');
    } finally {
      lock.release();
    }
  });

  it('takes over a lock file left half-written', () => {
    const dir = freshFolder();
    writeFileSync(lockFile(dir), '{"pid": 12');
    const lock = lockDataDir(dir, 'lantern serve');
    try {
      assert.equal(readLock(dir).pid, process.pid);
    } finally {
      lock.release();
    }
  });

  it('takes over a lock naming its own pid that it does not hold (an earlier run with the same pid)', () => {
    const dir = freshFolder();
    writeLock(dir, { pid: process.pid, command: 'lantern serve', startedAt: '2025-01-01T00:00:00.000Z' });
    const lock = lockDataDir(dir, 'lantern serve');
    try {
      assert.notEqual(readLock(dir).startedAt, '2025-01-01T00:00:00.000Z');
    } finally {
      lock.release();
    }
  });

  it('release() removes the file, so the folder can be locked again', () => {
    const dir = freshFolder();
    const lock = lockDataDir(dir, 'lantern serve');
    assert.ok(existsSync(lockFile(dir)));
    lock.release();
    assert.equal(existsSync(lockFile(dir)), false);
    const again = lockDataDir(dir, 'lantern serve');
    assert.ok(existsSync(lockFile(dir)));
    // A second release of the old lock must not remove the new holder's file.
    lock.release();
    assert.ok(existsSync(lockFile(dir)));
    again.release();
    assert.equal(existsSync(lockFile(dir)), false);
  });

  it('release() leaves a lock file that another process has since taken over', () => {
    const dir = freshFolder();
    const lock = lockDataDir(dir, 'lantern serve');
    writeLock(dir, { pid: deadPid(), command: 'someone else' });
    lock.release();
    assert.equal(readLock(dir).command, 'someone else');
  });

  it('creates the folder when it does not exist', () => {
    const dir = path.join(freshFolder(), 'nested', 'data');
    const lock = lockDataDir(dir, 'lantern serve');
    try {
      assert.ok(existsSync(lockFile(dir)));
    } finally {
      lock.release();
    }
  });
});

describe('openDatabase on the embedded database', () => {
  it('refuses a second open of the same folder while the first is open, and allows it after close()', async () => {
    const dataDir = freshFolder();
    const first = await openDatabase({ databaseUrl: undefined, dataDir }, 'lantern serve');
    try {
      assert.deepEqual(await first.query('SELECT 1 AS one'), [{ one: 1 }]);
      await assert.rejects(
        openDatabase({ databaseUrl: undefined, dataDir }, 'lantern migrate'),
        (err: unknown) => err instanceof DataDirInUseError && err.message.includes('"lantern serve"'),
      );
    } finally {
      await first.close();
    }
    assert.equal(existsSync(lockFile(dataDir)), false);
    const second = await openDatabase({ databaseUrl: undefined, dataDir }, 'lantern migrate');
    await second.close();
  });
});
