/**
 * `npm run bench:flags`: the FHIR Flag lookup over HTTP (system token, audit row written) beside a
 * bare Fastify route doing the same indexed lookup with neither, in the same app and the same run.
 * PostgreSQL at 1,000,000 and 10,000 people (database `lantern_bench`, made and dropped here), then
 * the embedded database (PGlite, in memory) at 100,000. Load comes from a worker thread with
 * keep-alive sockets and a fixed number of requests in flight; p50/p99 from the sorted samples.
 * Results go to stdout as a Markdown table (copied into BENCHMARKS.md).
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { buildApp } from '../src/app.ts';
import { createServices } from '../src/composition.ts';
import { loadConfig } from '../src/config.ts';
import { migrate, type Db } from '../src/platform/db/index.ts';
import { openPglite } from '../src/platform/db/pglite.ts';
import { openPostgres } from '../src/platform/db/postgres.ts';
import { bareFlagsRoute } from '../src/modules/fhir/index.ts';
import { generate, issueToken } from './bench-flags-data.ts';

const SERVER = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/';
const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 10) * 1000;
const WARMUP_MS = 1000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';

/** Runs in a worker thread: `connections` requests always in flight, each latency recorded. */
const LOAD_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { port, paths, headers, connections, warmupMs, durationMs } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
const once = (path) => new Promise((resolve) => {
  const start = process.hrtime.bigint();
  const req = http.get({ host: '127.0.0.1', port, path, headers, agent }, (res) => {
    res.resume();
    res.on('end', () => resolve({ ms: Number(process.hrtime.bigint() - start) / 1e6, ok: res.statusCode === 200 }));
  });
  req.on('error', () => resolve({ ms: Number(process.hrtime.bigint() - start) / 1e6, ok: false }));
});
(async () => {
  const samples = []; let errors = 0; let i = 0;
  const t0 = Date.now(); const measureFrom = t0 + warmupMs; const end = measureFrom + durationMs;
  const loop = async () => {
    while (Date.now() < end) {
      const started = Date.now();
      const r = await once(paths[i++ % paths.length]);
      if (started >= measureFrom) { if (r.ok) samples.push(r.ms); else errors++; }
    }
  };
  await Promise.all(Array.from({ length: connections }, loop));
  agent.destroy();
  parentPort.postMessage({ samples, errors });
})();`;

interface Result {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

interface Samples {
  samples: number[];
  errors: number;
  seconds: number;
}

function loadOnce(
  port: number,
  paths: string[],
  headers: Record<string, string>,
  connections: number,
  durationMs: number,
) {
  return new Promise<Samples>((resolve, reject) => {
    const worker = new Worker(LOAD_WORKER, {
      eval: true,
      workerData: { port, paths, headers, connections, warmupMs: WARMUP_MS, durationMs },
    });
    worker.once('error', reject);
    worker.once('message', ({ samples, errors }: { samples: number[]; errors: number }) =>
      resolve({ samples, errors, seconds: durationMs / 1000 }),
    );
  });
}

function summarise(parts: Samples[]): Result {
  const samples = parts.flatMap((p) => p.samples).sort((a, b) => a - b);
  const seconds = parts.reduce((sum, p) => sum + p.seconds, 0);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? NaN;
  const errors = parts.reduce((sum, p) => sum + p.errors, 0);
  return { rps: samples.length / seconds, p50: at(0.5), p99: at(0.99), errors };
}

/**
 * The routes measured in turns — ROUNDS rounds, each route DURATION/ROUNDS seconds per round — so
 * that a burst of other work on this shared machine falls on all of them alike, and their ratio
 * stays fair even when the absolute figures move.
 */
async function compare(
  port: number,
  routes: { name: string; paths: string[]; headers: Record<string, string> }[],
  connections: number,
): Promise<Record<string, Result>> {
  const parts: Record<string, Samples[]> = Object.fromEntries(routes.map((r) => [r.name, []]));
  for (let round = 0; round < ROUNDS; round++)
    for (const route of routes)
      parts[route.name]!.push(
        await loadOnce(port, route.paths, route.headers, connections, DURATION_MS / ROUNDS),
      );
  return Object.fromEntries(routes.map((r) => [r.name, summarise(parts[r.name]!)]));
}

const rows: string[] = [];
const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));

async function serve(db: Db) {
  // The load is many clients on one address: the per-address API limit would turn most away.
  // Scripted clients cannot read an authenticator app: two-factor sign-in happens once per sign-in,
  // not per request, so leaving it out does not change what is measured.
  const config = loadConfig({
    NODE_ENV: 'test',
    LANTERN_API_PER_MINUTE: '999999999',
    LANTERN_TWO_FACTOR: 'optional',
  });
  const services = createServices(db, config);
  const app = await buildApp({ config, services, sessionSecret: randomBytes(32).toString('hex') });
  await app.register(bareFlagsRoute, { services });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, port: (app.server.address() as { port: number }).port };
}

const row = (engine: string, people: number, connections: number, route: string, r: Result) =>
  `| ${engine} | ${people.toLocaleString('en-GB')} | ${connections} | ${route} | ${fmt(r.rps)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${r.errors} |`;

/**
 * `asyncCommitDb`: the same database through connections with synchronous_commit off, to show how
 * much of the FHIR route's cost is waiting for each audit row's commit to reach the disk.
 */
async function measure(
  engine: string,
  db: Db,
  people: number,
  asyncCommitDb?: Db,
): Promise<Record<string, Result>> {
  const started = Date.now();
  await migrate(db);
  await generate(db, people);
  console.error(
    `${engine} ${people.toLocaleString('en-GB')} people: generated in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  const token = await issueToken(db);
  // 5,000 people drawn at random from the whole table (not clustered at its start).
  const sample = await db.query<{ nhs: string }>(
    `SELECT nhs_number AS nhs FROM people
      WHERE id IN (SELECT md5('p' || (1 + floor(random() * ${people}))::int)::uuid FROM generate_series(1, 5000))`,
  );
  const numbers = sample.map((r) => r.nhs).sort(() => Math.random() - 0.5);
  const { app, port } = await serve(db);
  const fhirPaths = numbers.map((n) => `/fhir/r4/Flag?subject:identifier=${SYSTEM}|${n}`);
  const barePaths = numbers.map((n) => `/bench/bare-flags/${n}`);
  const results: Record<string, Result> = {};
  try {
    const auth = { authorization: `Bearer ${token}` };
    for (const connections of [10, 50]) {
      const r = await compare(
        port,
        [
          { name: 'fhir', paths: fhirPaths, headers: auth },
          { name: 'bare', paths: barePaths, headers: {} },
        ],
        connections,
      );
      results[`fhir-${connections}`] = r.fhir!;
      results[`bare-${connections}`] = r.bare!;
      rows.push(row(engine, people, connections, 'FHIR (token + audit)', r.fhir!));
      rows.push(row(engine, people, connections, 'bare', r.bare!));
      console.error(rows.slice(-2).join('\n'));
    }
    if (asyncCommitDb) {
      const second = await serve(asyncCommitDb);
      try {
        for (const connections of [10, 50]) {
          const r = summarise([await loadOnce(second.port, fhirPaths, auth, connections, DURATION_MS)]);
          rows.push(
            row(engine, people, connections, 'FHIR, synchronous_commit off (not used by Lantern)', r),
          );
          console.error(rows.at(-1));
        }
      } finally {
        await second.app.close();
      }
    }
    const [audit] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events WHERE event = 'fhir.flag-search'`,
    );
    console.error(`${engine}: ${audit!.n} fhir.flag-search audit rows written`);
  } finally {
    await app.close();
  }
  return results;
}

async function onPostgres(people: number, withAsyncCommit = false) {
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS lantern_bench');
  await admin.query('CREATE DATABASE lantern_bench');
  const url = new URL(SERVER);
  url.pathname = '/lantern_bench';
  const db = openPostgres(url.toString());
  url.searchParams.set('options', '-c synchronous_commit=off');
  const asyncCommitDb = withAsyncCommit ? openPostgres(url.toString()) : undefined;
  try {
    return await measure('PostgreSQL', db, people, asyncCommitDb);
  } finally {
    await db.close();
    await asyncCommitDb?.close();
    await admin.query('DROP DATABASE IF EXISTS lantern_bench');
    await admin.end();
  }
}

async function onPglite(people: number) {
  const db = await openPglite(undefined);
  try {
    return await measure('PGlite', db, people);
  } finally {
    await db.close();
  }
}

const t0 = Date.now();
const big = await onPostgres(Number(process.env.BENCH_PEOPLE ?? 1_000_000), true);
const small = await onPostgres(10_000);
const embedded = await onPglite(Number(process.env.BENCH_PGLITE_PEOPLE ?? 100_000));

const check = (label: string, ok: boolean, detail: string) =>
  `- ${ok ? 'Met' : 'Not met'}: ${label} (${detail})`;
const f10 = big['fhir-10']!;
const b10 = big['bare-10']!;
const f50 = big['fhir-50']!;
const b50 = big['bare-50']!;
console.log(
  `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(
      ' ',
    )}; ${DURATION_MS / 1000} s per route and connection count, in ${ROUNDS} alternating rounds each after ${WARMUP_MS / 1000} s warm-up; total ${((Date.now() - t0) / 1000).toFixed(0)} s\n`,
);
console.log('| database | people | connections | route | requests/s | p50 ms | p99 ms | errors |');
console.log('|---|---:|---:|---|---:|---:|---:|---:|');
for (const row of rows) console.log(row);
console.log('\nTargets (PostgreSQL, 1,000,000 people):');
console.log(
  check(
    'at least half the bare route’s throughput at 10 connections',
    f10.rps >= b10.rps / 2,
    `${fmt(f10.rps)} vs ${fmt(b10.rps)} req/s, ${((100 * f10.rps) / b10.rps).toFixed(0)}%`,
  ),
);
console.log(
  check(
    'at least half the bare route’s throughput at 50 connections',
    f50.rps >= b50.rps / 2,
    `${fmt(f50.rps)} vs ${fmt(b50.rps)} req/s, ${((100 * f50.rps) / b50.rps).toFixed(0)}%`,
  ),
);
console.log(check('p99 under 25 ms at 10 connections', f10.p99 < 25, `${fmt(f10.p99)} ms`));
for (const c of [10, 50]) {
  const ratio = big[`fhir-${c}`]!.p50 / small[`fhir-${c}`]!.p50;
  const ratio99 = big[`fhir-${c}`]!.p99 / small[`fhir-${c}`]!.p99;
  console.log(
    check(
      `latency at 1,000,000 within 1.3× of 10,000 (${c} connections)`,
      ratio <= 1.3,
      `p50 ${ratio.toFixed(2)}×, p99 ${ratio99.toFixed(2)}×`,
    ),
  );
}
console.log(
  `\nEmbedded (PGlite) at 10 connections: FHIR ${fmt(embedded['fhir-10']!.rps)} req/s vs bare ${fmt(embedded['bare-10']!.rps)} req/s`,
);
process.exit(0);
