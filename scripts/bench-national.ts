/**
 * `npm run bench:national`: page and API timings on a national deployment's data. Needs a database
 * kept by `NATIONAL_KEEP=1 npm run data:national`, named in BENCH_NATIONAL_DB (on
 * NATIONAL_DATABASE_URL's server); dropped at the end unless BENCH_KEEP=1. Builds the real app
 * in-process on it, signs in (sign-in page, session cookie; bearer token for the API) as the first
 * partnership's business-unit user (who may open family records), its local authority's
 * organisation lead and its ICB's lead, and times each route one request at a time: BENCH_WARMUP (3) unmeasured, then
 * BENCH_REQUESTS (30). Prints a Markdown table of p50 / p95 in ms (copied into BENCHMARKS.md).
 */
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import pg from 'pg';
import { buildApp } from '../src/app.ts';
import { createServices } from '../src/composition.ts';
import { loadConfig } from '../src/config.ts';
import { migrate } from '../src/platform/db/index.ts';
import { openPostgres } from '../src/platform/db/postgres.ts';
import { NATIONAL_PASSWORD } from './data-national.ts';
import { mergeCookies } from './cookie-jar.ts';

const SERVER = process.env.NATIONAL_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const NAME = process.env.BENCH_NATIONAL_DB;
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 30);

const ROUTES = [
  ['action tracker', '/actions'],
  ['action tracker, in progress', '/actions?status=in-progress'],
  ['action tracker, overdue', '/actions?due=overdue'],
  ['dashboard', '/dashboard'],
  ['reviews list', '/reviews'],
  ['API action list', '/api/v1/actions'],
  ['API action list, overdue', '/api/v1/actions?overdue=true'],
  ['person search, common family name', '/people?familyName=Ashworth'],
  ['person search, rare family name prefix', '/people?familyName=Norcom'],
  ['library search, rare term', '/api/v1/library/search?q=methadone'],
  ['library search, common term', '/api/v1/library/search?q=assessment'],
] as const;

const WHO = [
  ['business unit', 'p001-o00-business-unit-1@national.lantern.test'],
  ['organisation lead', 'p001-o00-organisation-lead-1@national.lantern.test'],
  // The ICB's lead also sees the actions of the trusts and GP practices it commissions.
  ['ICB lead', 'p001-o02-organisation-lead-1@national.lantern.test'],
] as const;

async function signIn(base: string, email: string): Promise<{ cookie: string; token: string }> {
  const page = await fetch(`${base}/sign-in`);
  let cookie = mergeCookies('', page);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
  const r = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ _csrf: csrf, email, password: NATIONAL_PASSWORD }).toString(),
  });
  if (r.status !== 302 && r.status !== 303) throw new Error(`sign-in ${email}: ${r.status}`);
  cookie = mergeCookies(cookie, r);
  const t = await fetch(`${base}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: NATIONAL_PASSWORD }),
  });
  if (t.status !== 200) throw new Error(`token for ${email}: ${t.status} ${await t.text()}`);
  return { cookie, token: ((await t.json()) as { token: string }).token };
}

const at = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

if (!NAME)
  throw new Error('BENCH_NATIONAL_DB must name a database kept by NATIONAL_KEEP=1 npm run data:national');
const url = new URL(SERVER);
url.pathname = `/${NAME}`;
const db = openPostgres(url.toString(), { max: 10 });
const admin = new pg.Client({ connectionString: SERVER });
await admin.connect();
try {
  await migrate(db);
  const config = {
    ...loadConfig({
      NODE_ENV: 'test',
      LANTERN_API_PER_MINUTE: '999999999',
      LANTERN_SIGN_IN_PER_MINUTE: '999999999',
      // Scripted users cannot read an authenticator app.
      LANTERN_TWO_FACTOR: 'optional',
    }),
    databaseUrl: url.toString(),
  };
  const app = await buildApp({ config, services: createServices(db, config), sessionSecret: 'x'.repeat(48) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const started = new Date().toISOString();
  const rows: string[] = [];
  try {
    for (const [who, email] of WHO) {
      const { cookie, token } = await signIn(base, email);
      for (const [label, path] of ROUTES) {
        const headers: Record<string, string> = path.startsWith('/api/')
          ? { authorization: `Bearer ${token}` }
          : { cookie };
        let status = 0;
        let bytes = 0;
        let total: unknown = '';
        const once = async () => {
          const t0 = process.hrtime.bigint();
          const r = await fetch(`${base}${path}`, { headers });
          const body = await r.text();
          const ms = Number(process.hrtime.bigint() - t0) / 1e6;
          status = r.status;
          bytes = body.length;
          if (path.startsWith('/api/') && r.status === 200)
            total = (JSON.parse(body) as { total?: number }).total;
          // The pages say how many matched: "1234 actions, page 1 of 62", "812 people match".
          else total = /(\d+) (?:actions?|people match|person matches)/.exec(body)?.[1] ?? '';
          return ms;
        };
        for (let i = 0; i < WARMUP; i++) await once();
        const samples: number[] = [];
        for (let i = 0; i < REQUESTS; i++) samples.push(await once());
        samples.sort((a, b) => a - b);
        const row = `| ${who} | ${label} (\`${path}\`) | ${status} | ${total} | ${Math.round(bytes / 1024)} | ${at(samples, 0.5).toFixed(1)} | ${at(samples, 0.95).toFixed(1)} |`;
        rows.push(row);
        process.stderr.write(`${row}\n`);
      }
    }
  } finally {
    await app.close();
  }
  const load = os.loadavg().map((n) => n.toFixed(2));
  console.log(
    `\n${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}; database ${NAME}; ` +
      `started ${started}, ended ${new Date().toISOString()}; load average at the end ${load.join(', ')}; ` +
      `${WARMUP} warm-up then ${REQUESTS} sequential requests per route. Times in ms.\n`,
  );
  console.log('| as | route | status | matches | KB | p50 | p95 |\n|---|---|---|---|---|---|---|');
  console.log(rows.join('\n'));
} finally {
  await db.close();
  if (!process.env.BENCH_KEEP) await admin.query(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`);
  await admin.end();
}
