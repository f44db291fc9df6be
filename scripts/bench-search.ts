/**
 * `npm run bench:search`: the library search through the app's HTTP API (bearer token) beside the
 * same SQL sent straight to PostgreSQL with `pg`, in alternating rounds, for several queries.
 * Makes a fresh database on BENCH_DATABASE_URL's server (dropped at the end), fills it with
 * BENCH_REVIEWS synthetic reviews of about BENCH_KB kilobytes each, generated inside PostgreSQL.
 * BENCH_KEEP=1 keeps the database; BENCH_REUSE=<name> measures again on a kept one without refilling
 * (pending migrations are applied to it first; it is dropped at the end unless BENCH_KEEP is set).
 * Prints a Markdown table (copied into BENCHMARKS.md).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import pg from 'pg';
import { buildApp } from '../src/app.ts';
import { createServices } from '../src/composition.ts';
import { loadConfig } from '../src/config.ts';
import { hashPassword } from '../src/modules/auth/index.ts';
import { createLibraryRepository } from '../src/modules/library/index.ts';
import { SearchQuery } from '../src/modules/library/library.schema.ts';
import { migrate, type Queryable } from '../src/platform/db/index.ts';
import { openPostgres } from '../src/platform/db/postgres.ts';
import { fillLibrary, wordsFor } from './bench-search-data.ts';

const SERVER = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REVIEWS = Number(process.env.BENCH_REVIEWS ?? 10_000);
const KB = Number(process.env.BENCH_KB ?? 50);
const WORDS = wordsFor(KB);
const SEQUENTIAL = Number(process.env.BENCH_REQUESTS ?? 60);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const CONCURRENCY = 4;
const PASSWORD = 'bench-search-password';

const QUERIES: { label: string; query: string }[] = [
  { label: 'rare term', query: 'q=methadone' },
  { label: 'common term', query: 'q=assessment' },
  { label: 'phrase', query: 'q=%22safer%20sleep%22' },
  { label: 'common term, year filter', query: 'q=assessment&year=2021' },
  { label: 'no query (newest)', query: '' },
];

/**
 * Records the statements the repository sends for a search, to replay them with `pg` alone. The query
 * string is read by the API's own schema, so the replay asks for what the API asks for (its default
 * page size included: an earlier version replayed 20 results against the API's 50).
 */
async function capture(db: Queryable, query: string) {
  const sent: { text: string; params: readonly unknown[] }[] = [];
  const recorder: Queryable = {
    ...db,
    query: (text, params = [], options) => {
      sent.push({ text, params });
      return db.query(text, params, options);
    },
  };
  const p = new URLSearchParams(query);
  const raw: Record<string, string | string[]> = {};
  for (const key of new Set(p.keys())) raw[key] = p.getAll(key).length > 1 ? p.getAll(key) : p.get(key)!;
  const { page, pageSize, ...filters } = SearchQuery.parse(raw);
  const repository = createLibraryRepository();
  await repository.preferIndexes(recorder);
  await repository.search(recorder, filters, { page, pageSize });
  return sent;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

async function timed(count: number, concurrency: number, once: () => Promise<void>): Promise<number[]> {
  const samples: number[] = [];
  let left = count;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (left-- > 0) {
        const t0 = process.hrtime.bigint();
        await once();
        samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  return samples;
}

const admin = new pg.Client({ connectionString: SERVER });
await admin.connect();
// BENCH_REUSE names a database left by an earlier run (BENCH_KEEP=1) to measure again without refilling.
const reuse = process.env.BENCH_REUSE;
const name = reuse ?? `lantern_bench_search_${process.pid}`;
if (!reuse) await admin.query(`CREATE DATABASE ${name}`);
const url = new URL(SERVER);
url.pathname = `/${name}`;
// Dropping the database at the end ends any connection still open to it; that is expected, not a crash.
const ignoreDropped = () => undefined;
const db = openPostgres(url.toString(), { max: 10, onError: ignoreDropped });
const direct = new pg.Pool({ connectionString: url.toString(), max: CONCURRENCY });
direct.on('error', ignoreDropped);
try {
  await migrate(db);
  const t0 = Date.now();
  if (!reuse) await fillLibrary(db, { reviews: REVIEWS, kb: KB });
  const [size] = await db.query<{ mb: number }>(
    `SELECT round(pg_total_relation_size('library_reviews') / 1048576.0)::int AS mb`,
  );
  const fillSeconds = (Date.now() - t0) / 1000;
  const [org] = await db.query<{ id: string }>(
    `INSERT INTO organisations (name, type) VALUES ('Bench', 'other') ON CONFLICT (name) DO UPDATE SET type = 'other' RETURNING id`,
  );
  await db.query(
    `INSERT INTO users (email, name, role, organisation_id, password_hash) VALUES ('bench@bench.test', 'Bench', 'board-member', $1, $2) ON CONFLICT (lower(email)) DO NOTHING`,
    [org!.id, await hashPassword(PASSWORD)],
  );
  // The test configuration: no request logging, as a quiet production server would be set up.
  // Every request comes from one address: the per-address API limit would turn most away.
  const config = {
    ...loadConfig({ NODE_ENV: 'test', LANTERN_API_PER_MINUTE: '999999999' }),
    databaseUrl: url.toString(),
  };
  const app = await buildApp({ config, services: createServices(db, config), sessionSecret: 'x'.repeat(48) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as AddressInfo).port;
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const request = (method: string, path: string, headers: Record<string, string>, body?: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path, method, headers, agent }, (res) => {
        let data = '';
        res.on('data', (c) => (data += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
      });
      req.on('error', reject);
      req.end(body);
    });
  const tokenAnswer = await request(
    'POST',
    '/api/v1/auth/token',
    { 'content-type': 'application/json' },
    JSON.stringify({ email: 'bench@bench.test', password: PASSWORD }),
  );
  const token = (JSON.parse(tokenAnswer.body) as { token: string }).token;
  const auth = { authorization: `Bearer ${token}` };

  const rows: string[] = [];
  for (const { label, query } of QUERIES) {
    const sql = await capture(db, query);
    const viaApi = async () => {
      const r = await request('GET', `/api/v1/library/search?${query}`, auth);
      if (r.status !== 200) throw new Error(`${r.status} ${r.body}`);
    };
    const viaPg = async () => {
      // The service's statements in the same order, in one transaction as the service runs them.
      const client = await direct.connect();
      try {
        await client.query('BEGIN');
        for (const s of sql) await client.query(s.text, s.params as unknown[]);
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    };
    const first = JSON.parse((await request('GET', `/api/v1/library/search?${query}`, auth)).body) as {
      total: number;
    };
    await timed(10, 1, viaApi);
    await timed(10, 1, viaPg);
    const api: number[] = [];
    const raw: number[] = [];
    const apiC: number[] = [];
    const rawC: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const perRound = Math.ceil(SEQUENTIAL / ROUNDS);
      // Alternate which goes first so neither always meets a warmer cache.
      const pairs: [number[], () => Promise<void>][] =
        round % 2
          ? [
              [raw, viaPg],
              [api, viaApi],
            ]
          : [
              [api, viaApi],
              [raw, viaPg],
            ];
      for (const [into, run] of pairs) into.push(...(await timed(perRound, 1, run)));
      const concurrent: [number[], () => Promise<void>][] =
        round % 2
          ? [
              [rawC, viaPg],
              [apiC, viaApi],
            ]
          : [
              [apiC, viaApi],
              [rawC, viaPg],
            ];
      for (const [into, run] of concurrent) into.push(...(await timed(perRound * 2, CONCURRENCY, run)));
    }
    const cell = (s: number[]): [number, number] => {
      const sorted = [...s].sort((a, b) => a - b);
      return [percentile(sorted, 0.5), percentile(sorted, 0.95)];
    };
    const [a50, a95] = cell(api);
    const [d50, d95] = cell(raw);
    const [ac50, ac95] = cell(apiC);
    const [dc50, dc95] = cell(rawC);
    const f = (n: number) => n.toFixed(1);
    rows.push(
      `| ${label} | ${first.total} | ${f(a50)} / ${f(a95)} | ${f(d50)} / ${f(d95)} | ${(a95 / d95).toFixed(2)}× | ${f(ac50)} / ${f(ac95)} | ${f(dc50)} / ${f(dc95)} | ${(ac95 / dc95).toFixed(2)}× |`,
    );
    process.stderr.write(`${rows.at(-1)}\n`);
  }
  agent.destroy();
  await app.close();
  console.log(
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}; ${REVIEWS} reviews of about ${Math.round((WORDS * 7.5) / 1024)} KB (table ${size!.mb} MB, ${reuse ? `database ${reuse} reused, not refilled` : `generated in ${fillSeconds.toFixed(0)} s`}); ${SEQUENTIAL} sequential and ${SEQUENTIAL * 2} concurrent (${CONCURRENCY} in flight) requests per query and path, in ${ROUNDS} alternating rounds. Times in ms.\n`,
  );
  console.log(
    '| query | matches | API p50 / p95 | direct SQL p50 / p95 | p95 ratio | API ×4 p50 / p95 | direct ×4 p50 / p95 | p95 ratio ×4 |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  console.log(rows.join('\n'));
} finally {
  await direct.end();
  await db.close();
  if (!process.env.BENCH_KEEP) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
