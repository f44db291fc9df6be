/**
 * `npm run bench:load`: 200 signed-in people at once (BENCH_USERS) on a mix of page views and
 * updates, through the real app on loopback, driven by autocannon — first on PostgreSQL (a fresh
 * database on BENCH_DATABASE_URL's server, dropped at the end), then on the embedded database
 * (PGlite in a temporary folder, removed at the end). Each run lasts BENCH_SECONDS (default 60).
 *
 * The database holds the demo partnership, a caseload added to it (BENCH_REVIEWS reviews with
 * recommendations and actions, BENCH_LIBRARY library reviews) and the bench's people, spread over
 * every role and organisation. Most sign in through the sign-in page (session cookie, CSRF token from a page) and
 * browse: dashboard, review list, a review, the action tracker, an action, a library search, and a
 * progress update posted from the action page's form. One in five uses the JSON API with a bearer token.
 * Each person only requests what they may see: every path is tried once before the run, and one
 * that does not answer 2xx/3xx is swapped for the dashboard (or the API's action list).
 *
 * Prints a Markdown table (copied into BENCHMARKS.md) and the slowest routes as the server saw them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { buildApp } from '../src/app.ts';
import { createServices } from '../src/composition.ts';
import { loadConfig } from '../src/config.ts';
import { seedDemo } from '../src/demo/index.ts';
import { hashPassword } from '../src/modules/auth/index.ts';
import { migrate, type Db } from '../src/platform/db/index.ts';
import { openPglite } from '../src/platform/db/pglite.ts';
import { openPostgres } from '../src/platform/db/postgres.ts';
import { mergeCookies } from './cookie-jar.ts';

const SERVER = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const USERS = Number(process.env.BENCH_USERS ?? 200);
const PASSWORD = 'bench-load-password';
const SEARCHES = ['sleep', 'neglect', 'assessment', 'domestic abuse', 'school', 'health visitor'];
const ROLE_MIX = [
  'organisation-lead',
  'practitioner',
  'organisation-lead',
  'practitioner',
  'business-unit',
  'reviewer',
  'board-member',
  'practitioner',
] as const;

interface Person {
  email: string;
  role: string;
  api: boolean;
  cookie?: string;
  csrf?: string;
  token?: string;
}

type Step = { method: 'GET' | 'POST'; path: string; body?: string; headers?: Record<string, string> };

/** The bench's people, every role in every organisation, all with one password (hashed once). */
async function addPeople(db: Db): Promise<Person[]> {
  const orgs = await db.query<{ id: string }>('SELECT id FROM organisations ORDER BY name');
  const hash = await hashPassword(PASSWORD);
  const people: Person[] = [];
  for (let i = 0; i < USERS; i++) {
    const role = ROLE_MIX[i % ROLE_MIX.length]!;
    const email = `load${i}@bench.lantern.test`;
    await db.query(
      `INSERT INTO users (email, name, role, organisation_id, job_title, password_hash)
       VALUES ($1, $2, $3, $4, 'Bench user', $5)`,
      [email, `Bench User ${i}`, role, orgs[i % orgs.length]!.id, hash],
    );
    // One in five uses the API; over 40 people that is every role (the role mix repeats every 8).
    people.push({ email, role, api: i % 5 === 0 });
  }
  return people;
}

const CASELOAD = Number(process.env.BENCH_REVIEWS ?? 60);
const LIBRARY = Number(process.env.BENCH_LIBRARY ?? 600);

/**
 * A partnership some years in: BENCH_REVIEWS more reviews shaped like the demo's first (4
 * recommendations each, 3 actions per recommendation spread over the organisations, owned by the
 * bench's practitioners where the organisation has one), the bench's reviewers on some of them, and
 * BENCH_LIBRARY library reviews copied from the demo's with new titles and years.
 */
async function addCaseload(db: Db): Promise<void> {
  await db.query(
    `INSERT INTO reviews (type, status, subject_ref, age_band, incident_date, aware_date, panel_notified_date,
                          lcspr_decision_date, summary, conclusion, created_by, created_at)
     SELECT r.type, r.status, 'BR' || g, r.age_band, r.incident_date - g, r.aware_date - g, r.panel_notified_date - g,
            r.lcspr_decision_date - g, r.summary, r.conclusion, r.created_by, r.created_at - g * interval '1 day'
       FROM (SELECT * FROM reviews ORDER BY created_at LIMIT 1) r, generate_series(1, $1::int) g`,
    [CASELOAD],
  );
  await db.query(
    `INSERT INTO recommendations (review_id, number, text)
     SELECT r.id, n, 'Partners should make sure that ' || (ARRAY['health visitors','schools','GPs','social workers'])[n]
            || ' share what they know about a baby''s sleeping arrangements with the lead professional.'
       FROM reviews r, generate_series(1, 4) n WHERE r.subject_ref LIKE 'BR%'`,
  );
  await db.query(
    `WITH orgs AS (SELECT id, row_number() OVER (ORDER BY name) - 1 AS k, count(*) OVER () AS total FROM organisations),
          recs AS (SELECT rc.id, row_number() OVER (ORDER BY rc.id) AS k FROM recommendations rc
                     JOIN reviews r ON r.id = rc.review_id WHERE r.subject_ref LIKE 'BR%')
     INSERT INTO actions (recommendation_id, organisation_id, owner_user_id, description, due_date, original_due_date, status)
     SELECT recs.id, o.id,
            (SELECT u.id FROM users u WHERE u.organisation_id = o.id AND u.role = 'practitioner'
              ORDER BY u.email OFFSET (recs.k % 3) LIMIT 1),
            'Audit a sample of case records and report what changed (' || recs.k || '.' || a || ')',
            current_date + (recs.k % 200)::int, current_date + (recs.k % 200)::int,
            (ARRAY['not-started','in-progress','awaiting-evidence'])[1 + (recs.k + a) % 3]
       FROM recs, generate_series(1, 3) a JOIN orgs o ON true
      WHERE o.k = (recs.k * 3 + a) % o.total`,
  );
  await db.query(
    `INSERT INTO review_reviewers (review_id, user_id)
     SELECT r.id, u.id FROM (SELECT id, row_number() OVER (ORDER BY id) AS k FROM reviews) r
       JOIN (SELECT id, row_number() OVER (ORDER BY email) AS k FROM users WHERE role = 'reviewer') u
         ON r.k % 10 = u.k % 10
     ON CONFLICT DO NOTHING`,
  );
  await db.query(
    `INSERT INTO library_reviews (title, area, year, review_type, age_band, outcome, body)
     SELECT l.title || ' (' || g || ')', l.area, 2016 + g % 10, l.review_type, l.age_band, l.outcome, l.body
       FROM library_reviews l, generate_series(1, $1::int / (SELECT count(*) FROM library_reviews)::int) g`,
    [LIBRARY],
  );
  await db.exec('ANALYZE');
}

const csrfIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];

async function signIn(base: string, p: Person): Promise<void> {
  if (p.api) {
    const r = await fetch(`${base}/api/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: p.email, password: PASSWORD }),
    });
    if (r.status !== 200) throw new Error(`token for ${p.email}: ${r.status} ${await r.text()}`);
    p.token = ((await r.json()) as { token: string }).token;
    return;
  }
  const page = await fetch(`${base}/sign-in`);
  let cookie = mergeCookies(undefined, page);
  const form = new URLSearchParams({ _csrf: csrfIn(await page.text())!, email: p.email, password: PASSWORD });
  const r = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: form.toString(),
  });
  if (r.status !== 302 && r.status !== 303) throw new Error(`sign-in ${p.email}: ${r.status}`);
  cookie = mergeCookies(cookie, r);
  const dashboard = await fetch(`${base}/dashboard`, { headers: { cookie } });
  p.csrf = csrfIn(await dashboard.text());
  p.cookie = mergeCookies(cookie, dashboard);
}

function headersOf(p: Person, step: Step): Record<string, string> {
  const auth: Record<string, string> = p.api ? { authorization: `Bearer ${p.token}` } : { cookie: p.cookie! };
  return { ...auth, ...step.headers };
}

async function answers(base: string, p: Person, step: Step): Promise<boolean> {
  const r = await fetch(`${base}${step.path}`, {
    method: step.method,
    redirect: 'manual',
    headers: headersOf(p, step),
    body: step.body,
  });
  await r.arrayBuffer();
  return r.status < 400;
}

let swaps = 0;

/** The first of `ids` (from the person's own offset; 20 tried at most) whose page answers 2xx for them. */
async function firstVisible(base: string, p: Person, ids: string[], i: number, path: (id: string) => string) {
  for (let k = 0; k < Math.min(ids.length, 20); k++) {
    const id = ids[(i + k) % ids.length]!;
    if (await answers(base, p, { method: 'GET', path: path(id) })) return id;
  }
  return undefined;
}

/**
 * One person's round of requests. The review and action are ones this person may see (an
 * organisation lead gets one of their organisation's actions first, so they can update it); a
 * request still refused (say, an update by a read-only role) becomes the dashboard or action list.
 */
async function plan(base: string, db: Db, p: Person, i: number): Promise<Step[]> {
  const reviews = (await db.query<{ id: string }>('SELECT id FROM reviews ORDER BY id')).map((r) => r.id);
  const actions = (
    await db.query<{ id: string }>(
      `SELECT a.id FROM actions a, users u WHERE u.email = $1
        ORDER BY (a.owner_user_id IS NOT DISTINCT FROM u.id) DESC, (a.organisation_id = u.organisation_id) DESC, a.id`,
      [p.email],
    )
  ).map((r) => r.id);
  const own = p.role === 'organisation-lead' || p.role === 'practitioner' ? 0 : i;
  const review =
    (await firstVisible(base, p, reviews, i, (id) => (p.api ? `/api/v1/reviews/${id}` : `/reviews/${id}`))) ??
    reviews[0]!;
  const action =
    (await firstVisible(base, p, actions, own, (id) =>
      p.api ? `/api/v1/actions/${id}` : `/actions/${id}`,
    )) ?? actions[0]!;
  const q = encodeURIComponent(SEARCHES[i % SEARCHES.length]!);
  const note = `Progress noted during the load test by ${p.email}`;
  const steps: Step[] = p.api
    ? [
        { method: 'GET', path: '/api/v1/actions?pageSize=20' },
        { method: 'GET', path: `/api/v1/reviews/${review}` },
        { method: 'GET', path: `/api/v1/library/search?q=${q}` },
        { method: 'GET', path: `/api/v1/actions/${action}` },
        {
          method: 'POST',
          path: `/api/v1/actions/${action}/updates`,
          body: JSON.stringify({ note }),
          headers: { 'content-type': 'application/json' },
        },
      ]
    : [
        { method: 'GET', path: '/dashboard' },
        { method: 'GET', path: '/reviews' },
        { method: 'GET', path: `/reviews/${review}` },
        { method: 'GET', path: '/actions' },
        { method: 'GET', path: `/library?q=${q}` },
        { method: 'GET', path: `/actions/${action}` },
        {
          method: 'POST',
          path: `/actions/${action}/progress`,
          body: new URLSearchParams({ _csrf: p.csrf!, note }).toString(),
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        },
      ];
  const fallback: Step = { method: 'GET', path: p.api ? '/api/v1/actions?pageSize=20' : '/dashboard' };
  const checked: Step[] = [];
  for (const step of steps) {
    if (await answers(base, p, step)) checked.push(step);
    else {
      checked.push(fallback);
      swaps++;
      if (process.env.BENCH_DEBUG)
        console.error(`swap ${p.role} ${p.api ? 'api' : 'web'} ${step.method} ${step.path}`);
    }
  }
  // BENCH_ONLY (a regular expression) keeps only matching requests: to profile one page alone.
  const only = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : undefined;
  const kept = only ? checked.filter((s) => only.test(`${s.method} ${s.path}`)) : checked;
  return kept.length ? kept : [fallback];
}

/** Server-side time per route (ids replaced), from the raw server, to name a slow page. */
function timeRoutes(server: import('node:http').Server) {
  const times = new Map<string, number[]>();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const t0 = process.hrtime.bigint();
    const route = `${req.method} ${(req.url ?? '').split('?')[0]!.replace(/[0-9a-f-]{36}/g, ':id')}`;
    res.on('finish', () => {
      const list = times.get(route) ?? [];
      list.push(Number(process.hrtime.bigint() - t0) / 1e6);
      times.set(route, list);
    });
  });
  return times;
}

/**
 * Load shapes: every person clicking again the moment a page arrives (a closed loop, the harshest
 * reading of "200 at once", driven by autocannon), then, for each N in BENCH_PACE (default "2,10"),
 * every person pausing a random time of N seconds on average after each answer before their next
 * click. The paced shapes run all 200 people on their own: autocannon's own rate option cannot do
 * this, as it cuts the connections to the rate (20 connections at 20 requests a second) and lets
 * each second's requests go together at the start of the second.
 */
const PACES = (process.env.BENCH_PACE ?? '2,10').split(',').map(Number);
if (!PACES.every((p) => p > 0)) throw new Error('BENCH_PACE must be seconds between requests, e.g. "2,10"');
const SHAPES = [
  { label: 'flat out', pace: undefined },
  ...PACES.map((pace) => ({ label: `a pause of ${pace} s on average after each answer`, pace })),
];

/**
 * People reading what they open, in a worker thread: each waits a random pause (exponential, mean
 * `pace` seconds, at most 4 times that; the first pause spreads the start) after each answer, then
 * sends their next request; latency is from sending to the whole answer; 10 s is a timeout.
 */
const PACED_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { url, requests, seconds, pace } = workerData;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const pause = () => Math.min(4 * pace, -Math.log(1 - Math.random()) * pace) * 1000;
const latencies = [];
const codes = {};
let errors = 0, timeouts = 0;
const end = Date.now() + seconds * 1000;
async function person(steps) {
  await sleep(Math.min(Math.random() * pace * 1000, seconds * 1000));
  for (let i = 0; Date.now() < end; i++) {
    const step = steps[i % steps.length];
    const t0 = performance.now();
    try {
      const r = await fetch(url + step.path, {
        method: step.method, headers: step.headers, body: step.body, redirect: 'manual',
        signal: AbortSignal.timeout(10000),
      });
      await r.arrayBuffer();
      latencies.push(performance.now() - t0);
      codes[r.status] = (codes[r.status] || 0) + 1;
    } catch (err) {
      errors++;
      if (err && err.name === 'TimeoutError') timeouts++;
    }
    // The last pause ends with the run: a person still reading then is not waited for.
    await sleep(Math.max(0, Math.min(pause(), end - Date.now())));
  }
}
const started = Date.now();
Promise.all(requests.map(person)).then(() => {
  latencies.sort((a, b) => a - b);
  const at = (q) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] || 0);
  parentPort.postMessage({
    total: latencies.length, rps: latencies.length / ((Date.now() - started) / 1000),
    p50: at(0.5), p99: at(0.99), max: Math.round(latencies.at(-1) || 0), errors, timeouts, codes,
  });
});`;

/** autocannon in a worker thread, so the load's own work does not queue on the server's event loop. */
const LOAD_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const autocannon = require('autocannon');
const { url, requests, seconds } = workerData;
let next = 0;
const opts = {
  url, connections: requests.length, duration: seconds,
  // Each connection is one person with their own cookie or token and their own round of pages.
  setupClient: (client) => client.setRequests(requests[next++ % requests.length]),
};
// In a worker thread autocannon hands back raw histograms (for its own workers to merge): merge them here.
autocannon(opts).then((raw) => autocannon.aggregateResult([raw], opts)).then((r) => parentPort.postMessage({
  total: r.requests.total, rps: r.requests.total / seconds, p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max,
  errors: r.errors, timeouts: r.timeouts,
  codes: Object.fromEntries(Object.entries(r.statusCodeStats).map(([c, s]) => [c, s.count])),
}));`;

interface LoadResult {
  total: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  /** Connection errors, timeouts included. */
  errors: number;
  timeouts: number;
  codes: Record<string, number>;
}

function load(url: string, requests: Step[][], pace: number | undefined): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(pace ? PACED_WORKER : LOAD_WORKER, {
      eval: true,
      workerData: { url, requests, seconds: SECONDS, pace },
    });
    worker.once('error', reject);
    worker.once('message', (r: LoadResult) => {
      void worker.terminate();
      resolve(r);
    });
  });
}

const at = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

async function measure(engine: string, db: Db, databaseUrl?: string): Promise<string[]> {
  const t0 = Date.now();
  await migrate(db);
  if (!(await seedDemo(db, PASSWORD))) throw new Error('the demo partnership did not load');
  const people = await addPeople(db);
  await addCaseload(db);
  const config = {
    ...loadConfig({
      NODE_ENV: 'test',
      // Every request comes from one address: the per-address limits would turn most away.
      LANTERN_SIGN_IN_PER_MINUTE: '999999999',
      LANTERN_API_PER_MINUTE: '999999999',
      // Scripted users cannot read an authenticator app; it is one step per sign-in, not per request.
      LANTERN_TWO_FACTOR: 'optional',
    }),
    databaseUrl,
  };
  const app = await buildApp({ config, services: createServices(db, config), sessionSecret: 'x'.repeat(48) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  try {
    for (const p of people) await signIn(base, p);
    swaps = 0;
    const plans: Step[][] = [];
    for (const [i, p] of people.entries()) plans.push(await plan(base, db, p, i));
    const setup = (Date.now() - t0) / 1000;
    const times = timeRoutes(app.server);
    const rows: string[] = [];
    for (const [k, shape] of SHAPES.entries()) {
      // Requests the last shape gave up on (after 10 s) may still be queued in the server: let them drain.
      if (k) await new Promise((resolve) => setTimeout(resolve, 15_000));
      times.clear();
      const [before] = await db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM audit_events WHERE event = 'action.progress-added'",
      );
      const requests = plans.map((steps, i) =>
        steps.map((s) => ({ ...s, headers: headersOf(people[i]!, s) })),
      );
      const r = await load(base, requests, shape.pace);
      const [after] = await db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM audit_events WHERE event = 'action.progress-added'",
      );
      const failed = Object.entries(r.codes)
        .filter(([code]) => Number(code) >= 400)
        .reduce((n, [, c]) => n + c, 0);
      const codeList = Object.entries(r.codes)
        .map(([c, n]) => `${c}: ${n}`)
        .join(', ');
      console.error(
        `${engine}, ${shape.label}: setup ${setup.toFixed(0)} s; status codes ${codeList}; ${r.errors} socket errors (${r.timeouts} of them timeouts after 10 s); ${after!.n - before!.n} progress updates written; ${swaps} of ${plans.flat().length} planned requests swapped for a page the person may see`,
      );
      const slow = [...times]
        .map(([route, list]) => {
          const sorted = list.sort((a, b) => a - b);
          return { route, n: list.length, p50: at(sorted, 0.5), p99: at(sorted, 0.99) };
        })
        .sort((a, b) => b.p99 - a.p99);
      for (const t of slow)
        console.error(
          `  ${t.route}: ${t.n} requests, server p50 ${t.p50.toFixed(0)} ms, p99 ${t.p99.toFixed(0)} ms`,
        );
      const ok = r.p99 < 300 && failed + r.errors === 0;
      rows.push(
        `| ${engine} | ${shape.label} | ${r.total.toLocaleString('en-GB')} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.max} | ${failed} | ${r.errors} | ${ok ? 'met' : 'not met'} |`,
        ...slow
          .slice(0, 3)
          .map(
            (t) =>
              `  - ${engine}, ${shape.label}: ${t.route} server p50 ${t.p50.toFixed(0)} ms, p99 ${t.p99.toFixed(0)} ms (${t.n})`,
          ),
      );
    }
    return rows;
  } finally {
    await app.close();
  }
}

async function onPostgres() {
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  const name = `lantern_bench_load_${process.pid}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  // The pool the server itself opens (10 connections).
  const db = openPostgres(url.toString());
  try {
    return await measure('PostgreSQL', db, url.toString());
  } finally {
    await db.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

async function onPglite() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lantern-bench-load-'));
  const db = await openPglite(path.join(dir, 'pglite'));
  try {
    return await measure('PGlite', db);
  } finally {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const engines = (process.env.BENCH_ENGINES ?? 'postgres,pglite').split(',');
const lines: string[] = [];
if (engines.includes('postgres')) lines.push(...(await onPostgres()));
if (engines.includes('pglite')) lines.push(...(await onPglite()));
console.log(
  `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, load average at the end ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}; ${USERS} people, ${SECONDS} s per database and load shape. Latency in ms.\n`,
);
console.log(
  '| database | load | requests | requests/s | p50 | p99 | max | 4xx/5xx | socket errors | target |',
);
console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---|');
for (const line of lines.filter((l) => l.startsWith('|'))) console.log(line);
console.log('\nSlowest routes (server-side):');
for (const line of lines.filter((l) => !l.startsWith('|'))) console.log(line);
process.exit(0);
