import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { createPostgresTestDatabase } from '../../../test/test-db.ts';
import { backupDatabase, restoreDatabase } from './backup.ts';
import { lockDataDir } from './data-dir-lock.ts';
import type { Db } from './db.ts';
import { migrate, openDatabase } from './index.ts';
import { openPostgres } from './postgres.ts';

const run = promisify(execFile);
// The spawned command must use its own embedded database, never a server named in the environment.
const { DATABASE_URL: _url, ...withoutDatabaseUrl } = process.env;

/** Runs `lantern <args>` on an embedded data folder; resolves with its exit code and output. */
async function lantern(dataDir: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/lantern.js', ...args], {
      env: { ...withoutDatabaseUrl, LANTERN_DATA_DIR: dataDir },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Rows a backup must carry: a file's bytes, JSON, and audited events. */
async function addData(db: Db) {
  await db.exec(`CREATE TABLE IF NOT EXISTS backup_check (id int PRIMARY KEY, content bytea, meta jsonb)`);
  await db.query(`INSERT INTO backup_check VALUES (1, $1, $2), (2, NULL, '{"b":[1,2],"a":"é"}')`, [
    new Uint8Array([0, 1, 2, 255]),
    JSON.stringify({ nested: { x: 1 } }),
  ]);
  await db.query(
    `INSERT INTO audit_events (actor_label, event, subject_type, details) VALUES ('backup test', 'x.y', 'z', '{"k":1}')`,
  );
}

/** Every row of every table in the public schema, in a stable order. */
async function everyRow(db: Db): Promise<Record<string, string[]>> {
  const tables = await db.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  const out: Record<string, string[]> = {};
  for (const { name } of tables) {
    const rows = await db.query<{ r: string }>(`SELECT t::text AS r FROM "${name}" t ORDER BY 1`);
    out[name] = rows.map((row) => row.r);
  }
  return out;
}

describe('lantern backup and restore (embedded database)', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lantern-backup-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a backup restored into a new folder gives identical data, and a tampered copy fails `audit verify`', async () => {
    const source = { databaseUrl: undefined, dataDir: path.join(dir, 'source') };
    const file = path.join(dir, 'lantern.tar.gz');
    const db = await openDatabase(source, 'backup test');
    let before: Record<string, string[]>;
    try {
      await migrate(db);
      await addData(db);
      assert.match(await backupDatabase(db, source, { file }), /Backed up the embedded database/);
      before = await everyRow(db);
    } finally {
      await db.close();
    }
    assert.ok(before.backup_check?.length === 2 && before.audit_events?.length);

    const target = { databaseUrl: undefined, dataDir: path.join(dir, 'target') };
    const lines = await restoreDatabase(target, { file, command: 'restore test' });
    assert.match(lines.at(-1)!, /Restored/);
    await assert.rejects(
      restoreDatabase(target, { file, command: 'restore test' }),
      /already holds a database: not restoring over it/,
    );
    const restored = await openDatabase(target, 'backup test');
    try {
      assert.deepEqual(await everyRow(restored), before);
      const [bytes] = await restored.query<{ content: Uint8Array }>(
        'SELECT content FROM backup_check WHERE id = 1',
      );
      assert.deepEqual([...bytes!.content], [0, 1, 2, 255]);
    } finally {
      await restored.close();
    }

    const verified = await lantern(target.dataDir, 'audit', 'verify');
    assert.equal(verified.code, 0, verified.stderr);
    assert.match(verified.stdout, /The audit trail is intact/);
    const tampered = await openDatabase(target, 'backup test');
    try {
      await tampered.exec(`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update;
        UPDATE audit_events SET actor_label = 'someone else' WHERE chain_seq = 1;`);
    } finally {
      await tampered.close();
    }
    const broken = await lantern(target.dataDir, 'audit', 'verify');
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /The audit trail is broken at chain position 1 \(event \d+, recorded /);
    assert.match(broken.stdout, /contents do not match its hash/);
  });

  it('refuses to overwrite an existing file, and to touch a folder another process holds', async () => {
    const existing = path.join(dir, 'existing.tar.gz');
    writeFileSync(existing, 'keep me');
    const refused = await lantern(path.join(dir, 'unused'), 'backup', existing);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /existing\.tar\.gz already exists: not overwriting it/);

    const held = path.join(dir, 'held');
    const lock = lockDataDir(held, 'a running server');
    try {
      const backup = await lantern(held, 'backup', path.join(dir, 'new.tar.gz'));
      assert.equal(backup.code, 1);
      assert.match(backup.stderr, /in use by another Lantern process .*"a running server"/);
      const restore = await lantern(held, 'restore', existing);
      assert.equal(restore.code, 1);
      assert.match(restore.stderr, /not a backup of an embedded Lantern database/);
      const file = path.join(dir, 'lantern.tar.gz');
      const restoreHeld = await lantern(held, 'restore', file);
      assert.equal(restoreHeld.code, 1);
      assert.match(restoreHeld.stderr, /in use by another Lantern process/);
    } finally {
      lock.release();
    }
  });
});

const pgUrl = process.env.TEST_DATABASE_URL;
const hasPgTools = (() => {
  try {
    execFileSync('pg_dump', ['--version']);
    execFileSync('pg_restore', ['--version']);
    return true;
  } catch {
    return false;
  }
})();
const skipPg = !pgUrl
  ? 'TEST_DATABASE_URL is not set'
  : !hasPgTools
    ? 'pg_dump and pg_restore are not installed on this machine'
    : false;
if (skipPg) console.log(`# skipping the PostgreSQL backup round trip: ${skipPg}`);

describe('lantern backup and restore (PostgreSQL)', { skip: skipPg }, () => {
  it('pg_dump then pg_restore into another database gives identical data', async () => {
    const source = await createPostgresTestDatabase(pgUrl!);
    const target = await createPostgresTestDatabase(pgUrl!);
    const dir = mkdtempSync(path.join(tmpdir(), 'lantern-pgbackup-'));
    const file = path.join(dir, 'lantern.dump');
    const src = openPostgres(source.url, { max: 1 });
    const dst = openPostgres(target.url, { max: 1 });
    try {
      await addData(src);
      assert.match(await backupDatabase(src, { databaseUrl: source.url }, { file }), /pg_dump/);
      const config = { databaseUrl: target.url, dataDir: dir };
      await assert.rejects(restoreDatabase(config, { file, command: 't' }), /already holds tables/);
      await restoreDatabase(config, { file, force: true, command: 't' });
      assert.deepEqual(await everyRow(dst), await everyRow(src));
    } finally {
      await src.close();
      await dst.close();
      await source.drop();
      await target.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
