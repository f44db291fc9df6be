import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Db } from '../src/platform/db/index.ts';
import { migrate, readMigrations } from '../src/platform/db/migrate.ts';
import { openPglite, wrapPglite } from '../src/platform/db/pglite.ts';
import { openPostgres } from '../src/platform/db/postgres.ts';

/**
 * A fresh, migrated, real database for one test: PGlite by default, or a new database on the
 * PostgreSQL server named by TEST_DATABASE_URL. Both are cloned from a migrated template, because
 * running initdb and the migrations for every test would take seconds each.
 */
export async function createTestDb(): Promise<Db> {
  const url = process.env.TEST_DATABASE_URL;
  return url ? createPostgresTestDb(url) : createPgliteTestDb();
}

const migrationsHash = createHash('sha256')
  .update(
    readMigrations()
      .map((m) => m.name + m.sql)
      .join('\n'),
  )
  .digest('hex')
  .slice(0, 12);

const cacheDir = path.resolve('node_modules/.cache/lantern-test');
let pgliteTemplate: Promise<Blob> | undefined;

async function buildPgliteTemplate(): Promise<Blob> {
  const file = path.join(cacheDir, `template-${migrationsHash}.tar.gz`);
  if (existsSync(file)) return new Blob([readFileSync(file)]);
  const db = await PGlite.create();
  await migrate(wrapPglite(db));
  const dump = await db.dumpDataDir('gzip');
  await db.close();
  mkdirSync(cacheDir, { recursive: true });
  // Written then renamed, so parallel test processes never read half a file.
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
  renameSync(tmp, file);
  return dump;
}

async function createPgliteTestDb(): Promise<Db> {
  pgliteTemplate ??= buildPgliteTemplate();
  return openPglite(undefined, await pgliteTemplate);
}

let postgresTemplate: Promise<string> | undefined;

async function withAdmin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function urlFor(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function buildPostgresTemplate(url: string): Promise<string> {
  const name = `lantern_tpl_${migrationsHash}`;
  await withAdmin(url, async (client) => {
    // Test processes run in parallel: one builds the template while the others wait.
    await client.query('SELECT pg_advisory_lock(74656202)');
    try {
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (exists.rowCount) return;
      await client.query(`CREATE DATABASE ${name}`);
      const db = openPostgres(urlFor(url, name), { max: 1 });
      try {
        await migrate(db);
      } finally {
        await db.close();
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock(74656202)');
    }
  });
  return name;
}

/**
 * A fresh migrated database on the PostgreSQL server, by URL, for tests that need several
 * connections pools (two app instances) or a child process on the same database.
 */
export async function createPostgresTestDatabase(
  url: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  postgresTemplate ??= buildPostgresTemplate(url);
  const template = await postgresTemplate;
  const name = `lantern_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(url, async (client) => {
    await client.query('SELECT pg_advisory_lock(74656202)');
    try {
      await client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    } finally {
      await client.query('SELECT pg_advisory_unlock(74656202)');
    }
  });
  return {
    url: urlFor(url, name),
    drop: () =>
      withAdmin(url, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}

async function createPostgresTestDb(url: string): Promise<Db> {
  const database = await createPostgresTestDatabase(url);
  const db = openPostgres(database.url, { max: 4 });
  return {
    ...db,
    async close() {
      await db.close();
      await database.drop();
    },
  };
}
