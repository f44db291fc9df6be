import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { createServices, sessionSecretFor } from '../../src/composition.ts';
import type { Db } from '../../src/platform/db/index.ts';
import { openPostgres } from '../../src/platform/db/postgres.ts';
import { createActor, TEST_PASSWORD } from '../factories.ts';
import { csrfFrom, signInAsBrowser, testConfig } from '../test-app.ts';
import { createPostgresTestDatabase, createTestDb } from '../test-db.ts';

const POSTGRES = process.env.TEST_DATABASE_URL;

/**
 * The app keeps nothing a second instance needs in its own memory: sessions and their secret live in
 * the database. On PostgreSQL each instance has its own pool to one database, as behind a load
 * balancer; on the embedded database the two share it. (That two instances never run a job twice is
 * proved in test/jobs/reminder-jobs.test.ts.)
 */
describe('two app instances behind a load balancer', () => {
  const cleanups: (() => Promise<void>)[] = [];
  after(async () => {
    for (const clean of cleanups.reverse()) await clean();
  });

  async function twoInstances(): Promise<{ a: FastifyInstance; b: FastifyInstance; db: Db }> {
    let dbs: [Db, Db];
    if (POSTGRES) {
      const database = await createPostgresTestDatabase(POSTGRES);
      cleanups.push(database.drop);
      dbs = [openPostgres(database.url, { max: 3 }), openPostgres(database.url, { max: 3 })];
      for (const db of dbs) cleanups.push(() => db.close());
    } else {
      const db = await createTestDb();
      cleanups.push(() => db.close());
      dbs = [db, db];
    }
    const config = { ...testConfig(), sessionSecret: undefined };
    const [a, b] = await Promise.all(
      dbs.map(async (db) => {
        const app = await buildApp({
          config,
          services: createServices(db, config),
          // No SESSION_SECRET set: each instance reads the one kept in the database.
          sessionSecret: await sessionSecretFor(db, config),
        });
        await app.ready();
        cleanups.push(() => app.close());
        return app;
      }),
    );
    return { a: a!, b: b!, db: dbs[0] };
  }

  it('signed in on one instance is signed in on the other, and signing out on either ends it on both', async () => {
    const { a, b, db } = await twoInstances();
    const user = await createActor(db, 'business-unit');
    const onA = await signInAsBrowser(a, user.email, TEST_PASSWORD);
    const dashboardOnB = await b.inject({
      method: 'GET',
      url: '/dashboard',
      headers: { cookie: onA.cookie },
    });
    assert.equal(dashboardOnB.statusCode, 200);
    assert.match(dashboardOnB.body, new RegExp(user.name));

    // A form rendered by one instance is accepted by the other (the CSRF secret is in the session).
    const signOut = await b.inject({
      method: 'POST',
      url: '/sign-out',
      headers: { cookie: onA.cookie },
      payload: { _csrf: csrfFrom((await onA.get('/account')).body) },
    });
    assert.equal(signOut.statusCode, 302);
    assert.equal(signOut.headers.location, '/signed-out');
    const afterOnA = await a.inject({
      method: 'GET',
      url: '/dashboard',
      headers: { cookie: onA.cookie },
    });
    assert.equal(afterOnA.statusCode, 302);
    assert.match(String(afterOnA.headers.location), /^\/sign-in/);
  });
});
