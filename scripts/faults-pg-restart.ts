/**
 * `npm run faults:pg-restart` (not part of `npm test`): does Lantern ride out PostgreSQL restarting
 * under load? It never touches the shared server on 127.0.0.1:5432: it makes a throwaway cluster
 * with the Debian PostgreSQL binaries (`initdb`, `pg_ctl` under /usr/lib/postgresql/<version>/bin,
 * run as the `postgres` user when this runs as root, because initdb refuses root) on a free port,
 * and starts the real server (`src/server.ts`, demo loaded, background jobs on) on it as a child.
 *
 * FAULTS_CLIENTS (default 6) clients then stream requests, each with a FAULTS_TIMEOUT_MS (3,000)
 * timeout: a signed-in page (`GET /dashboard`, session cookie), a JSON API write (`POST
 * /api/v1/actions/:id/updates`, bearer token, unique marker, sent as its Idempotency-Key and tried
 * again with it after a 503, a 409 or no answer) and a JSON API read (`GET /api/v1/actions/:id`),
 * in turn. After a steady spell PostgreSQL is restarted (`pg_ctl restart -m
 * fast`), and later stopped outright (`pg_ctl stop -m immediate`, a crash as far as the database is
 * concerned) and started again after FAULTS_DOWNTIME_S (3) seconds. A probe connects to PostgreSQL
 * every 100 ms to time when it stops and starts accepting connections.
 *
 * Acceptance: the app never exits; no 5xx other than 503 (and no other non-2xx answer, such as a
 * lost session's redirect to sign-in); after each outage the app answers 2xx again within
 * FAULTS_RECOVERY_S (5) seconds of PostgreSQL accepting connections, with no help; every write
 * that got a 2xx answer is in the database afterwards; and no write is stored twice, however often
 * it was retried. Prints a table per second and a summary;
 * exits 1 if acceptance fails. The cluster and temporary folders are removed at the end, also on
 * failure.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort, waitForHealth } from '../e2e/support/server.ts';
import { tally, type Sample, type Outage } from './faults-pg-restart-report.ts';

const CLIENTS = Number(process.env.FAULTS_CLIENTS ?? 6);
const TIMEOUT_MS = Number(process.env.FAULTS_TIMEOUT_MS ?? 3000);
const STEADY_S = Number(process.env.FAULTS_STEADY_S ?? 10);
const DOWNTIME_S = Number(process.env.FAULTS_DOWNTIME_S ?? 3);
const RECOVERY_S = Number(process.env.FAULTS_RECOVERY_S ?? 5);
const PASSWORD = 'faults-pg-restart-password';
const MANAGER = 'manager@demo.lantern.test';
const run = `${process.pid}`;
const exec = promisify(execFile);

/** The newest PostgreSQL on the machine that has both initdb and pg_ctl (PG_BIN overrides). */
function postgresBin(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+(\.\d+)?$/.test(v)) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  const bin = versions
    .map((v) => path.join(root, v, 'bin'))
    .find((b) => existsSync(path.join(b, 'initdb')) && existsSync(path.join(b, 'pg_ctl')));
  if (!bin) throw new Error(`no PostgreSQL binaries (initdb, pg_ctl) under ${root}/*/bin; set PG_BIN`);
  return bin;
}

const bin = postgresBin();
// initdb refuses to run as root: then the cluster belongs to the postgres user, commands run as it.
const asRoot = process.getuid?.() === 0;
const tmp = await mkdtemp(path.join(os.tmpdir(), 'lantern-pg-restart-'));
const dataDir = path.join(tmp, 'data');
const pgLog = path.join(tmp, 'postgres.log');
if (asRoot) {
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
  chownSync(tmp, uid, gid);
}
const pgPort = await freePort();
const adminUrl = `postgres://postgres@127.0.0.1:${pgPort}/postgres`;
const databaseUrl = `postgres://postgres@127.0.0.1:${pgPort}/lantern`;

/**
 * Runs a PostgreSQL binary (as the postgres user when we are root). Whatever starts the server must
 * pass `-l`: the server keeps the output it inherits open, and this would wait for it for ever.
 */
async function pgTool(tool: string, args: string[]): Promise<string> {
  const [cmd, all] = asRoot
    ? ['runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args]]
    : [path.join(bin, tool), args];
  const { stdout } = await exec(cmd, all, { cwd: tmp, timeout: 120_000 });
  return stdout;
}
const pgCtl = (...args: string[]) =>
  pgTool('pg_ctl', ['-D', dataDir, '-o', `-p ${pgPort} -k ${tmp} -c listen_addresses=127.0.0.1`, ...args]);

let child: ChildProcess | undefined;
let childExit: { at: number; how: string } | undefined;
let clusterStarted = false;
let cleaned = false;

async function cleanup(): Promise<void> {
  if (cleaned) return;
  cleaned = true;
  if (child && child.exitCode === null && child.signalCode === null) {
    const c = child;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGTERM');
    const timer = setTimeout(() => c.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  if (clusterStarted) await pgCtl('-m', 'immediate', '-w', 'stop').catch(() => undefined);
  await rm(tmp, { recursive: true, force: true });
}
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => void cleanup().finally(() => process.exit(130)));

const t0 = Date.now();
const now = () => Date.now() - t0;
const samples: Sample[] = [];
const probes: { t: number; up: boolean }[] = [];
const outages: Outage[] = [];
const acknowledged = new Set<string>();
const abandoned = new Set<string>();
let sent = 0;
let replayed = 0;
let inFlight = 0;
let stopping = false;
let stoppedAt: number | undefined;
let serverOutput = '';
const logCounts = new Map<string, number>();

/** Can a new connection to PostgreSQL run a query right now? */
async function probe(): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 1000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function prober(): Promise<void> {
  while (!stopping) {
    const t = now();
    probes.push({ t, up: await probe() });
    await sleep(Math.max(0, 100 - (now() - t)));
  }
}

/** A tiny cookie jar: the name=value pairs a response set, merged into what we hold. */
function mergeCookies(held: string, response: Response): string {
  const jar = new Map(held ? held.split('; ').map((c) => c.split('=', 2) as [string, string]) : []);
  for (const c of response.headers.getSetCookie()) {
    const pair = c.split(';', 1)[0]!;
    const at = pair.indexOf('=');
    jar.set(pair.slice(0, at), pair.slice(at + 1));
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}

async function signIn(base: string) {
  const form = await fetch(`${base}/sign-in`);
  let cookie = mergeCookies('', form);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const r = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ _csrf: csrf, email: MANAGER, password: PASSWORD }).toString(),
  });
  if (r.status !== 302) throw new Error(`sign-in: ${r.status}`);
  cookie = mergeCookies(cookie, r);
  const t = await fetch(`${base}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: MANAGER, password: PASSWORD }),
  });
  if (t.status !== 200) throw new Error(`token: ${t.status} ${await t.text()}`);
  const token = ((await t.json()) as { token: string }).token;
  const list = await fetch(`${base}/api/v1/actions?pageSize=20`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const actionIds = ((await list.json()) as { items: { id: string }[] }).items.map((a) => a.id);
  if (!actionIds.length) throw new Error('the demo manager sees no actions');
  return { cookie, token, actionIds };
}

/**
 * One logical API write, as a careful client makes it: an Idempotency-Key (the marker) and the same
 * body on every attempt, tried again after a 503, a 409 (an earlier attempt is still being handled)
 * or no answer, until it is answered. Each attempt is a sample. Gives up 30 s after the stream stops.
 */
async function write(base: string, bearer: Record<string, string>, actionId: string, marker: string) {
  for (;;) {
    const started = now();
    let outcome: Sample['outcome'];
    try {
      const r = await fetch(`${base}/api/v1/actions/${actionId}/updates`, {
        method: 'POST',
        headers: { ...bearer, 'content-type': 'application/json', 'idempotency-key': marker },
        body: JSON.stringify({ note: marker }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      await r.arrayBuffer();
      outcome = r.status;
      if (r.status === 201 && r.headers.get('idempotent-replayed') === 'true') replayed++;
    } catch (err) {
      outcome = (err as Error).name === 'TimeoutError' ? 'timeout' : 'error';
    }
    samples.push({ kind: 'write', started, ended: now(), outcome });
    if (outcome === 201) return void acknowledged.add(marker);
    const retry = typeof outcome !== 'number' || outcome === 503 || outcome === 409;
    if (!retry || (stoppedAt !== undefined && now() - stoppedAt > 30_000)) return void abandoned.add(marker);
    if (outcome === 409) inFlight++;
    await sleep(outcome === 409 ? 500 : 100);
  }
}

/** One client: page, API write, API read in turn until told to stop; a short pause after a failure. */
async function client(base: string, who: Awaited<ReturnType<typeof signIn>>, n: number): Promise<void> {
  const bearer = { authorization: `Bearer ${who.token}` };
  for (let i = n; !stopping; i++) {
    const kind = (['page', 'write', 'read'] as const)[i % 3]!;
    const actionId = who.actionIds[(i + n) % who.actionIds.length]!;
    if (kind === 'write') {
      await write(base, bearer, actionId, `pgr-${run}-${sent++}`);
      continue;
    }
    const started = now();
    let outcome: Sample['outcome'];
    try {
      const r =
        kind === 'page'
          ? await fetch(`${base}/dashboard`, {
              headers: { cookie: who.cookie },
              redirect: 'manual',
              signal: AbortSignal.timeout(TIMEOUT_MS),
            })
          : await fetch(`${base}/api/v1/actions/${actionId}`, {
              headers: bearer,
              signal: AbortSignal.timeout(TIMEOUT_MS),
            });
      await r.arrayBuffer();
      outcome = r.status;
    } catch (err) {
      outcome = (err as Error).name === 'TimeoutError' ? 'timeout' : 'error';
    }
    samples.push({ kind, started, ended: now(), outcome });
    if (typeof outcome !== 'number' || outcome >= 300) await sleep(100);
  }
}

/** Runs a PostgreSQL fault, and notes when the probe saw it go down and come back. */
async function outage(name: string, fault: () => Promise<void>): Promise<void> {
  const commandAt = now();
  console.error(`${(commandAt / 1000).toFixed(1)} s: ${name}`);
  await fault();
  const doneAt = now();
  // The probe runs every 100 ms: wait until it has seen PostgreSQL answer since the fault ended.
  while (!probes.some((p) => p.t >= doneAt && p.up)) await sleep(50);
  // A restart quicker than the probe would not be seen going down: then it went down at the command.
  const downAt = probes.find((p) => p.t > commandAt && !p.up)?.t ?? commandAt;
  const upAt = probes.find((p) => p.t > downAt && p.up)!.t;
  outages.push({ name, commandAt, downAt, upAt });
  console.error(`${(upAt / 1000).toFixed(1)} s: PostgreSQL accepts connections again`);
}

let exitCode = 1;
try {
  await mkdir(path.join(tmp, 'app'));
  await pgTool('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  await pgCtl('-l', pgLog, '-w', 'start');
  clusterStarted = true;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query('CREATE DATABASE lantern');
  const [version] = (await admin.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows;
  await admin.end();

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
      LANTERN_DATA_DIR: path.join(tmp, 'app'),
      PORT: String(port),
      HOST: '127.0.0.1',
      LANTERN_DEMO: '1',
      LANTERN_DEMO_PASSWORD: PASSWORD,
      LANTERN_SIGN_IN_PER_MINUTE: '999999999',
      LANTERN_API_PER_MINUTE: '999999999',
      // Main has since made two-factor sign-in required for the demo manager, and a script cannot
      // read an authenticator app (as in faults-kill.ts); until then this setting is ignored.
      LANTERN_TWO_FACTOR: 'optional',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const c = child;
  c.once('exit', (code, signal) => (childExit = { at: now(), how: `${code ?? signal}` }));
  const onOutput = (chunk: Buffer) => {
    const text = chunk.toString();
    serverOutput = (serverOutput + text).slice(-20_000);
    for (const line of text.split('\n')) {
      const msg = /"msg":"([^"]*)"/.exec(line)?.[1] ?? (line.trim() ? line.trim().slice(0, 80) : undefined);
      if (msg) logCounts.set(msg, (logCounts.get(msg) ?? 0) + 1);
    }
  };
  c.stdout!.on('data', onOutput);
  c.stderr!.on('data', onOutput);
  await waitForHealth(base, c);
  logCounts.clear();
  const who = await signIn(base);
  console.error(
    `${(now() / 1000).toFixed(1)} s: PostgreSQL ${version!.v} on port ${pgPort}, Lantern on ${port}`,
  );

  const streamStart = now();
  const workers = [prober(), ...Array.from({ length: CLIENTS }, (_, n) => client(base, who, n))];
  await sleep(STEADY_S * 1000);
  await outage('pg_ctl restart -m fast', () =>
    pgCtl('-l', pgLog, '-m', 'fast', '-w', 'restart').then(() => undefined),
  );
  await sleep(STEADY_S * 1000);
  await outage(`pg_ctl stop -m immediate, start ${DOWNTIME_S} s later`, async () => {
    await pgCtl('-m', 'immediate', '-w', 'stop');
    await sleep(DOWNTIME_S * 1000);
    await pgCtl('-l', pgLog, '-w', 'start');
  });
  await sleep(STEADY_S * 1000);
  stopping = true;
  stoppedAt = now();
  await Promise.all(workers);

  const check = new pg.Client({ connectionString: databaseUrl });
  await check.connect();
  const { rows } = await check.query<{ note: string; copies: number }>(
    'SELECT note, count(*)::int AS copies FROM action_updates WHERE note LIKE $1 GROUP BY note',
    [`pgr-${run}-%`],
  );
  await check.end();
  const stored = new Set(rows.map((r) => r.note));
  const health = await fetch(`${base}/health`, { signal: AbortSignal.timeout(TIMEOUT_MS) }).catch(() => null);

  const report = tally({
    samples,
    probes,
    outages,
    streamStart,
    childExit,
    recoveryTargetS: RECOVERY_S,
    writes: {
      sent: samples.filter((s) => s.kind === 'write').length,
      logical: sent,
      acknowledged: acknowledged.size,
      replayed,
      inFlight,
      abandoned: abandoned.size,
      missing: [...acknowledged].filter((m) => !stored.has(m)),
      duplicated: rows.filter((r) => r.copies > 1).map((r) => r.note),
      storedUnacknowledged: [...stored].filter((m) => !acknowledged.has(m)).length,
    },
    healthAfter: health?.status ?? 'no answer',
  });
  console.log(`\nPostgreSQL ${version!.v}; ${CLIENTS} clients; request timeout ${TIMEOUT_MS} ms`);
  console.log(
    `load average at the end: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')}`,
  );
  console.log(report.text);
  console.log('\nServer log messages while streaming (count × message):');
  for (const [msg, n] of [...logCounts].sort((a, b) => b[1] - a[1]).slice(0, 12))
    console.log(`  ${String(n).padStart(6)} × ${msg}`);
  if (report.problems.length) {
    console.log(`\nFAILED:\n- ${report.problems.join('\n- ')}`);
    console.log(`\n--- last server output ---\n${serverOutput.slice(-4000)}`);
  } else
    console.log(
      '\nPASSED: no crash, no 500, 503 only while down, recovered in time, no write lost or duplicated.',
    );
  exitCode = report.problems.length ? 1 : 0;
} catch (err) {
  console.error(err);
  console.error(`--- last server output ---\n${serverOutput.slice(-4000)}`);
} finally {
  stopping = true;
  await cleanup();
}
process.exit(exitCode);
