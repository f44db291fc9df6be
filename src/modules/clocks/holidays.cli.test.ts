import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { createTestDb } from '../../../test/test-db.ts';
import type { Db } from '../../platform/db/index.ts';
import { createClocksRepository } from './clocks.repository.ts';
import { createClocksService } from './clocks.service.ts';
import { importHolidaysFromFile } from './holidays.cli.ts';

const FIXTURE = 'test/fixtures/bank-holidays-2029.json';
const run = promisify(execFile);
// The spawned command must use its own embedded database, never a server named in the environment.
const { DATABASE_URL: _url, ...withoutDatabaseUrl } = process.env;

describe('lantern holidays import <file> (the command’s work, on the test database)', () => {
  let db: Db;
  let dir: string;
  before(async () => {
    db = await createTestDb();
    dir = mkdtempSync(path.join(tmpdir(), 'lantern-holidays-'));
  });
  after(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports the file, says what changed, audits it under the command’s name, and the calendar follows', async () => {
    const clocks = createClocksService({ db, clocks: createClocksRepository() });
    assert.ok((await clocks.calendar()).isWorkingDay('2029-06-08'));
    const lines = await importHolidaysFromFile(db, FIXTURE);
    assert.deepEqual(lines.slice(1), [
      'Years replaced: 2028, 2029',
      'Provisional dates now published: 15',
      'Dates added (2):',
      '  2029-05-11  Early May bank holiday (fictional test date, moved to a Friday)',
      '  2029-06-08  Extra bank holiday (fictional test date)',
      'Dates removed (1):',
      '  2029-05-07  Early May bank holiday',
    ]);
    assert.ok(!(await clocks.calendar()).isWorkingDay('2029-06-08'), 'the cached calendar saw the import');
    const audit = await db.query<{ actorLabel: string; actorUserId: string | null }>(
      `SELECT actor_label AS "actorLabel", actor_user_id AS "actorUserId" FROM audit_events
        WHERE event = 'bank-holidays.imported'`,
    );
    assert.deepEqual(audit, [{ actorLabel: 'lantern holidays import (command line)', actorUserId: null }]);
  });

  it('refuses a missing or bad file with a message that says why, importing nothing', async () => {
    await assert.rejects(importHolidaysFromFile(db, path.join(dir, 'absent.json')), /no such file/);
    const bad = path.join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({ 'england-and-wales': { events: [{ title: 'Day', date: '2029-13-01' }] } }),
    );
    await assert.rejects(
      importHolidaysFromFile(db, bad),
      /bad\.json was not imported:\n {2}- Event 1 \(Day\) has no real date written YYYY-MM-DD/,
    );
    const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM bank_holiday_imports');
    assert.equal(row?.n, 1);
  });
});

describe('node bin/lantern.js holidays import <file> (a real process on an embedded database)', () => {
  let dataDir: string;
  before(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'lantern-cli-'));
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  const lantern = (...args: string[]) =>
    run('node', ['bin/lantern.js', ...args], {
      env: { ...withoutDatabaseUrl, LANTERN_DATA_DIR: dataDir },
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (err: { code: number; stdout: string; stderr: string }) => err,
    );

  it('prints what changed and exits 0; exits 1 with a clear message on a bad file', async () => {
    const ok = await lantern('holidays', 'import', FIXTURE);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /Imported bank holidays from .*bank-holidays-2029\.json/);
    assert.match(ok.stdout, /Dates added \(2\):\n {2}2029-05-11/);
    const bad = path.join(dataDir, 'not-json.json');
    writeFileSync(bad, '<html>');
    const refused = await lantern('holidays', 'import', bad);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /not-json\.json was not imported:\n {2}- The file is not JSON/);
    const help = await lantern('help');
    assert.match(help.stdout, /holidays import <file>/);
  });
});
