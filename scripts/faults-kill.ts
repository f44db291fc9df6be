/**
 * `npm run faults:kill` (not part of `npm test`): does an acknowledged write survive the server
 * being killed outright? Starts the real server (`src/server.ts`) as a child process, streams writes
 * through the JSON API — new reviews and action progress updates, each carrying a unique marker —
 * and `kill -9`s the server at random moments FAULTS_KILLS times (default 10), restarting it each time
 * on the same data. Then checks, straight in the database, that every write that got a 2xx answer is
 * there exactly once, that no marker is there twice, and that nothing is half-written: every marked
 * review and update has its audit row (written in the same transaction), and the audit chain verifies.
 *
 * The embedded database (PGlite in a temporary LANTERN_DATA_DIR) by default; FAULTS_DATABASE_URL=
 * postgres://… runs the same against a fresh database on that PostgreSQL server (only the app
 * server is killed, never PostgreSQL), dropped at the end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { freePort, waitForHealth } from '../e2e/support/server.ts';
import { createServices } from '../src/composition.ts';
import { loadConfig } from '../src/config.ts';
import type { Db } from '../src/platform/db/index.ts';
import { openPglite } from '../src/platform/db/pglite.ts';
import { openPostgres } from '../src/platform/db/postgres.ts';

const KILLS = Number(process.env.FAULTS_KILLS ?? 10);
const WRITERS = Number(process.env.FAULTS_WRITERS ?? 4);
const SERVER_URL = process.env.FAULTS_DATABASE_URL;
const PASSWORD = 'faults-kill-password';
const MANAGER = 'manager@demo.lantern.test';
const run = `${process.pid}`;

interface Write {
  marker: string;
  kind: 'review' | 'progress';
  acknowledged: boolean;
}

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'lantern-faults-'));
let databaseUrl: string | undefined;
let admin: pg.Client | undefined;
if (SERVER_URL) {
  admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE lantern_faults_${run}`);
  const url = new URL(SERVER_URL);
  url.pathname = `/lantern_faults_${run}`;
  databaseUrl = url.toString();
}

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
let child: ChildProcess | undefined;
let output = '';

async function start(): Promise<void> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    LANTERN_DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    LANTERN_DEMO: '1',
    LANTERN_DEMO_PASSWORD: PASSWORD,
    LANTERN_SIGN_IN_PER_MINUTE: '999999999',
    LANTERN_API_PER_MINUTE: '999999999',
    // The writers sign in by script, which cannot read an authenticator app.
    LANTERN_TWO_FACTOR: 'optional',
  };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else delete env.DATABASE_URL;
  output = '';
  child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  try {
    await waitForHealth(base, child);
  } catch (err) {
    throw new Error(`${(err as Error).message}\n--- server output ---\n${output}`);
  }
}

function killHard(): Promise<void> {
  const c = child!;
  if (c.exitCode !== null || c.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    c.once('exit', () => resolve());
    c.kill('SIGKILL');
  });
}

async function post(p: string, body: unknown, token?: string) {
  const r = await fetch(`${base}${p}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: r.status, body: await r.text() };
}

/** A token and an action the business-unit manager may update, asked for afresh after each start. */
async function session() {
  const t = await post('/api/v1/auth/token', { email: MANAGER, password: PASSWORD });
  if (t.status !== 200) throw new Error(`token: ${t.status} ${t.body}`);
  const token = (JSON.parse(t.body) as { token: string }).token;
  const list = await fetch(`${base}/api/v1/actions?pageSize=5`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const actionId = ((await list.json()) as { items: { id: string }[] }).items[0]!.id;
  return { token, actionId };
}

const writes: Write[] = [];
let serial = 0;
let stopWriting = false;

/** Writes until the server goes away; a write whose answer never came is recorded as unacknowledged. */
async function writer(token: string, actionId: string): Promise<void> {
  while (!stopWriting) {
    const n = serial++;
    const kind = n % 2 ? 'progress' : 'review';
    const marker = `faults-${run}-${n}`;
    const write: Write = { marker, kind, acknowledged: false };
    writes.push(write);
    try {
      const r =
        kind === 'review'
          ? await post(
              '/api/v1/reviews',
              {
                type: 'rapid-review',
                subjectRef: `FK${n}`.slice(0, 20),
                incidentDate: '2026-01-05',
                awareDate: '2026-01-06',
                summary: marker,
              },
              token,
            )
          : await post(`/api/v1/actions/${actionId}/updates`, { note: marker }, token);
      if (r.status >= 200 && r.status < 300) write.acknowledged = true;
      else if (r.status < 500) throw new Error(`unexpected ${r.status}: ${r.body}`);
    } catch (err) {
      if (err instanceof Error && err.message.startsWith('unexpected')) throw err;
      return; // the connection died with the server
    }
  }
}

const t0 = Date.now();
await start();
console.error(
  `started in ${((Date.now() - t0) / 1000).toFixed(1)} s (${databaseUrl ? 'PostgreSQL' : 'PGlite'})`,
);
const kills: string[] = [];
for (let k = 0; k <= KILLS; k++) {
  const { token, actionId } = await session();
  const before = writes.length;
  stopWriting = false;
  const writers = Array.from({ length: WRITERS }, () => writer(token, actionId));
  if (k === KILLS) {
    await sleep(2000);
    stopWriting = true;
    await Promise.all(writers);
    break;
  }
  await sleep(randomInt(300, 3000));
  const sentAtKill = writes.length - before;
  await killHard();
  stopWriting = true;
  await Promise.all(writers);
  const restart = Date.now();
  await start();
  kills.push(
    `kill ${k + 1}: after ${sentAtKill} writes sent in this life; restarted in ${((Date.now() - restart) / 1000).toFixed(1)} s`,
  );
  console.error(kills.at(-1));
}
// A clean stop, so the database can be opened directly (the data folder's lock is released).
child!.kill('SIGTERM');
await new Promise((r) => (child!.exitCode !== null ? r(null) : child!.once('exit', r)));

const db: Db = databaseUrl ? openPostgres(databaseUrl) : await openPglite(path.join(dataDir, 'pglite'));
const problems: string[] = [];
let landedUnacknowledged = 0;
try {
  const reviews = await db.query<{ marker: string; n: number; audited: number }>(
    `SELECT r.summary AS marker, count(*)::int AS n,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM audit_events e WHERE e.event = 'review.created'
                               AND e.subject_id = r.id::text))::int AS audited
       FROM reviews r WHERE r.summary LIKE $1 GROUP BY r.summary`,
    [`faults-${run}-%`],
  );
  const updates = await db.query<{ marker: string; n: number; audited: number }>(
    `SELECT u.note AS marker, count(*)::int AS n,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM audit_events e WHERE e.event = 'action.progress-added'
                               AND e.after->>'note' = u.note))::int AS audited
       FROM action_updates u WHERE u.note LIKE $1 GROUP BY u.note`,
    [`faults-${run}-%`],
  );
  // Audit rows whose change is missing would be half-written the other way round.
  const [orphans] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM audit_events e
      WHERE (e.event = 'review.created' AND e.after->>'summary' LIKE $1
             AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.id::text = e.subject_id))
         OR (e.event = 'action.progress-added' AND e.after->>'note' LIKE $1
             AND NOT EXISTS (SELECT 1 FROM action_updates u WHERE u.note = e.after->>'note'))`,
    [`faults-${run}-%`],
  );
  const found = new Map([...reviews, ...updates].map((r) => [r.marker, r]));
  for (const w of writes) {
    const row = found.get(w.marker);
    if (w.acknowledged && !row) problems.push(`acknowledged ${w.kind} ${w.marker} is missing`);
    if (row && row.n !== 1) problems.push(`${w.kind} ${w.marker} is there ${row.n} times`);
    if (row && row.audited !== row.n) problems.push(`${w.kind} ${w.marker} has no audit row`);
    if (row && !w.acknowledged) landedUnacknowledged++;
  }
  if (orphans!.n) problems.push(`${orphans!.n} audit rows name a change that is not there`);
  const config = loadConfig({ NODE_ENV: 'test', LANTERN_DATA_DIR: dataDir });
  const chain = await createServices(db, config).auditChain.verify();
  if (!chain.ok) problems.push(`audit chain: ${chain.broken?.message}`);
  const acknowledged = writes.filter((w) => w.acknowledged).length;
  const [settings] = await db.query<{ fsync: string; synchronous_commit: string }>(
    "SELECT current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS synchronous_commit",
  );
  console.log(
    `\n${databaseUrl ? 'PostgreSQL' : 'PGlite'}: ${kills.length} kills; ${writes.length} writes sent, ${acknowledged} acknowledged, ` +
      `${writes.length - acknowledged} unanswered (of which ${landedUnacknowledged} landed anyway: committed, answer lost); ` +
      `fsync ${settings!.fsync}, synchronous_commit ${settings!.synchronous_commit}; ` +
      `audit chain ${chain.ok ? `verifies (${chain.checkedRows} rows)` : 'BROKEN'}; total ${((Date.now() - t0) / 1000).toFixed(0)} s`,
  );
  console.log(
    problems.length
      ? `FAILED:\n- ${problems.slice(0, 50).join('\n- ')}`
      : 'No acknowledged write lost, none doubled, none half-written.',
  );
} finally {
  await db.close();
  await rm(dataDir, { recursive: true, force: true });
  if (admin) {
    await admin.query(`DROP DATABASE IF EXISTS lantern_faults_${run} WITH (FORCE)`);
    await admin.end();
  }
}
process.exit(problems.length ? 1 : 0);
