import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  buildTestApp,
  csrfFrom,
  cookieFrom,
  signInAsApi,
  signInAsBrowser,
  type TestContext,
} from '../../../test/test-app.ts';
import { createActor, TEST_PASSWORD } from '../../../test/factories.ts';

describe('rate limits, the absolute session timeout and no-store', () => {
  let t: TestContext;
  before(async () => {
    t = await buildTestApp({ signInPerMinute: 3, apiPerMinute: 4 });
  });
  after(() => t.close());

  it('turns away a fourth sign-in attempt in a minute from one address, whichever accounts it tries', async () => {
    const form = await t.app.inject({ method: 'GET', url: '/sign-in' });
    const cookie = cookieFrom(form);
    const attempt = (email: string) =>
      t.app.inject({
        method: 'POST',
        url: '/sign-in',
        headers: { cookie },
        payload: { _csrf: csrfFrom(form.body), email, password: 'not-the-password' },
      });
    for (const email of ['a@example.test', 'b@example.test', 'c@example.test'])
      assert.equal((await attempt(email)).statusCode, 401);
    const fourth = await attempt('d@example.test');
    assert.equal(fourth.statusCode, 429);
    assert.match(fourth.body, /Too many requests\. Wait a minute and try again\./);
    // The API's token exchange shares the sign-in allowance: it cannot be used to go round it.
    const token = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/token',
      payload: { email: 'e@example.test', password: 'not-the-password' },
    });
    assert.equal(token.statusCode, 429);
    assert.equal(token.json().error, 'rate-limited');
    // Other pages are not limited.
    assert.equal((await t.app.inject({ method: 'GET', url: '/sign-in' })).statusCode, 200);
  });

  it('answers 429 in JSON once an address passes its API allowance, and counts per address', async () => {
    const limited = await buildTestApp({ apiPerMinute: 4 });
    try {
      const user = await createActor(limited.db, 'practitioner');
      const api = await signInAsApi(limited.app, user.email, TEST_PASSWORD);
      for (let i = 0; i < 4; i++) assert.equal((await api.get('/api/v1/me')).statusCode, 200);
      const over = await api.get('/api/v1/me');
      assert.equal(over.statusCode, 429);
      assert.equal(over.json().error, 'rate-limited');
      assert.ok(Number(over.headers['retry-after']) > 0);
      const elsewhere = await limited.app.inject({
        method: 'GET',
        url: '/api/v1/me',
        remoteAddress: '192.0.2.7',
        headers: { authorization: `Bearer ${api.token}` },
      });
      assert.equal(elsewhere.statusCode, 200);
    } finally {
      await limited.close();
    }
  });

  it('ends a session 12 hours after sign-in, however busy it has been', async () => {
    const open = await buildTestApp();
    try {
      const user = await createActor(open.db, 'business-unit');
      const browser = await signInAsBrowser(open.app, user.email, TEST_PASSWORD);
      const dashboard = await browser.get('/dashboard');
      assert.equal(dashboard.statusCode, 200);
      // A signed-in page may hold safeguarding records: never cached. The public start page may be.
      assert.equal(dashboard.headers['cache-control'], 'no-store');
      assert.equal(
        (await open.app.inject({ method: 'GET', url: '/accessibility' })).headers['cache-control'],
        undefined,
      );
      const elevenHoursAgo = Date.now() - 11 * 3_600_000;
      const setSignedInAt = (at: number) =>
        open.db.query(
          `UPDATE sessions SET data = jsonb_set(data, '{signedInAt}', to_jsonb($1::bigint)) WHERE user_id = $2`,
          [at, user.id],
        );
      await setSignedInAt(elevenHoursAgo);
      assert.equal((await browser.get('/dashboard')).statusCode, 200);
      await setSignedInAt(Date.now() - 12 * 3_600_000 - 60_000);
      const expired = await browser.get('/dashboard');
      assert.equal(expired.statusCode, 302);
      assert.match(expired.headers.location as string, /^\/sign-in\?returnTo=%2Fdashboard/);
    } finally {
      await open.close();
    }
  });
});
