/**
 * `npm run data:national`: a national deployment's data (130 partnerships, 10 years of reviews, about
 * 100,000 actions, 1,000,000 people, 10,000 library reviews of about 50 KB) in a fresh database
 * `lantern_national_<pid>` on NATIONAL_DATABASE_URL's server (default
 * postgres://postgres@127.0.0.1:5432/test), migrated with the app's own migrate(). Prints the time
 * each step took and the row counts. NATIONAL_SCALE (default 1) scales partnerships, people and
 * library reviews (0.01: 1 partnership, 10,000 people, 100 library reviews). NATIONAL_KEEP=1 keeps
 * the database (its name is printed) for `npm run bench:national`; otherwise it is dropped at the end.
 * Every user's password is NATIONAL_PASSWORD (default "national-password").
 */
import pg from 'pg';
import { hashPassword } from '../src/modules/auth/index.ts';
import { migrate, type Db } from '../src/platform/db/index.ts';
import { openPostgres } from '../src/platform/db/postgres.ts';
import { generatePeople } from './bench-flags-data.ts';
import { fillLibrary } from './bench-search-data.ts';
import * as national from './national-data.ts';

const SERVER = process.env.NATIONAL_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SCALE = Number(process.env.NATIONAL_SCALE ?? 1);
export const NATIONAL_PASSWORD = process.env.NATIONAL_PASSWORD ?? 'national-password';

/** Every table the generator fills, for the row counts. */
const TABLES = [
  'organisations',
  'users',
  'reviews',
  'recommendations',
  'actions',
  'action_updates',
  'families',
  'people',
  'person_organisations',
  'library_reviews',
];

/** Fills `db` (migrated, empty) at `scale`, printing each step's time; returns the steps' seconds. */
export async function fillNational(db: Db, scale: number): Promise<{ step: string; seconds: number }[]> {
  if (!(scale > 0 && scale <= 1)) throw new Error(`NATIONAL_SCALE must be in (0, 1], not ${scale}`);
  const partnerships = Math.max(1, Math.round(national.NATIONAL.partnerships * scale));
  const people = Math.round(1_000_000 * scale);
  const library = Math.max(1, Math.round(10_000 * scale));
  const passwordHash = await hashPassword(NATIONAL_PASSWORD);
  const steps: [string, () => Promise<void>][] = [
    [`organisations (${partnerships} partnerships)`, () => national.organisations(db, partnerships)],
    ['users', () => national.users(db, partnerships, passwordHash)],
    ['reviews', () => national.reviews(db, partnerships)],
    ['recommendations', () => national.recommendations(db)],
    ['actions', () => national.actions(db)],
    ['action updates', () => national.actionUpdates(db)],
    [`families and people (${people})`, () => generatePeople(db, people, national.PEOPLE_NAMES)],
    ['people known to organisations', () => national.personOrganisations(db, people, partnerships)],
    [`library reviews (${library} × 50 KB)`, () => fillLibrary(db, { reviews: library, kb: 50 })],
    // As a live database would be: statistics gathered, hint bits set, dirty pages written.
    [
      'VACUUM ANALYZE, CHECKPOINT',
      async () => {
        await db.exec('VACUUM ANALYZE');
        await db.exec('CHECKPOINT');
      },
    ],
  ];
  const timings = [];
  for (const [step, run] of steps) {
    const t0 = Date.now();
    await run();
    const seconds = (Date.now() - t0) / 1000;
    timings.push({ step, seconds });
    console.log(`${step}: ${seconds.toFixed(1)} s`);
  }
  return timings;
}

export async function countRows(db: Db): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    counts[table] = row!.n;
  }
  const [size] = await db.query<{ mb: number }>(
    'SELECT round(pg_database_size(current_database()) / 1048576.0)::int AS mb',
  );
  counts['database size (MB)'] = size!.mb;
  return counts;
}

async function main() {
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  const name = `lantern_national_${process.pid}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  const db = openPostgres(url.toString(), { max: 4 });
  try {
    const t0 = Date.now();
    await migrate(db);
    console.log(`database ${name}, migrations: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const timings = await fillNational(db, SCALE);
    const total = timings.reduce((n, t) => n + t.seconds, 0);
    console.log(`\nscale ${SCALE}: generated in ${total.toFixed(0)} s\n\n| table | rows |\n|---|---|`);
    for (const [table, n] of Object.entries(await countRows(db)))
      console.log(`| ${table} | ${n.toLocaleString('en-GB')} |`);
  } finally {
    await db.close();
    if (process.env.NATIONAL_KEEP) console.log(`\nkept: ${url.toString()}`);
    else await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
