import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { freePort } from '../../../e2e/support/server.ts';
import { createOrganisation, createUser, TEST_PASSWORD } from '../../../test/factories.ts';
import {
  buildTestApp,
  signInAsApi,
  signInAsBrowser,
  testConfig,
  type TestContext,
} from '../../../test/test-app.ts';
import { buildApp } from '../../app.ts';
import { createServices, sessionSecretFor } from '../../composition.ts';
import type { Db } from '../db/index.ts';
import { openPostgres } from '../db/postgres.ts';

/**
 * The app over a PostgreSQL pool whose server is not there (a free port: connection refused), as
 * while PostgreSQL restarts. Sessions and tokens come from a second app on a working database with
 * the same session secret, so the requests are those of people who were signed in before it went.
 */
describe('while the database is unavailable', () => {
  let live: TestContext;
  let down: FastifyInstance;
  let downDb: Db;
  before(async () => {
    live = await buildTestApp();
    downDb = openPostgres(`postgres://postgres@127.0.0.1:${await freePort()}/lantern`, { max: 2 });
    const config = testConfig();
    down = await buildApp({
      config,
      services: createServices(downDb, config),
      sessionSecret: await sessionSecretFor(live.db, live.config),
    });
    await down.ready();
  });
  after(async () => {
    await down.close();
    await downDb.close();
    await live.close();
  });

  it('answers a signed-in page with 503 and the GOV.UK "Sorry, the service is unavailable" page', async () => {
    const user = await createUser(live.db, 'business-unit', (await createOrganisation(live.db)).id);
    const { cookie } = await signInAsBrowser(live.app, user.email, TEST_PASSWORD);
    const response = await down.inject({ method: 'GET', url: '/dashboard', headers: { cookie } });
    assert.equal(response.statusCode, 503);
    assert.match(String(response.headers['content-type']), /^text\/html/);
    assert.equal(response.headers['retry-after'], '5');
    assert.match(response.body, /<title>Sorry, the service is unavailable – Lantern<\/title>/);
    assert.match(response.body, /<h1 class="govuk-heading-l">Sorry, the service is unavailable<\/h1>/);
    assert.match(response.body, /Try again in a few minutes/);
    assert.doesNotMatch(response.body, /ECONNREFUSED|at .*\.ts:\d+/, 'no error details or stack');
  });

  it('answers 503, not 500, when only saving the session fails (the sign-in form makes one)', async () => {
    const response = await down.inject({ method: 'GET', url: '/sign-in' });
    assert.equal(response.statusCode, 503);
    assert.match(response.body, /Sorry, the service is unavailable/);
    assert.equal(response.headers['set-cookie'], undefined);
  });

  it('answers the JSON API with 503 {error: "unavailable"} and Retry-After', async () => {
    const user = await createUser(live.db, 'business-unit', (await createOrganisation(live.db)).id);
    const { token } = await signInAsApi(live.app, user.email, TEST_PASSWORD);
    const headers = { authorization: `Bearer ${token}` };
    for (const request of [
      { method: 'GET', url: '/api/v1/actions', headers },
      {
        method: 'POST',
        url: '/api/v1/actions/00000000-0000-4000-8000-000000000000/updates',
        headers,
        payload: { note: 'Progress while the database is down' },
      },
      { method: 'POST', url: '/api/v1/auth/token', payload: { email: user.email, password: TEST_PASSWORD } },
    ] as const) {
      const response = await down.inject(request);
      assert.equal(response.statusCode, 503, `${request.method} ${request.url}`);
      assert.match(String(response.headers['content-type']), /^application\/json/);
      assert.equal(response.headers['retry-after'], '5');
      assert.deepEqual(response.json(), {
        error: 'unavailable',
        message: 'The service is unavailable. Try again shortly.',
      });
    }
  });

  it('answers GET /health with 503', async () => {
    const response = await down.inject({ method: 'GET', url: '/health' });
    assert.equal(response.statusCode, 503);
    assert.deepEqual(response.json(), { status: 'unavailable' });
  });
});
