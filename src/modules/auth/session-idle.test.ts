import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, signInAsBrowser, type TestContext } from '../../../test/test-app.ts';
import { createActor, TEST_PASSWORD } from '../../../test/factories.ts';

describe('the idle session timeout', () => {
  let t: TestContext;
  let userId: string;
  let browser: Awaited<ReturnType<typeof signInAsBrowser>>;
  before(async () => {
    t = await buildTestApp();
    const user = await createActor(t.db, 'business-unit');
    userId = user.id;
    browser = await signInAsBrowser(t.app, user.email, TEST_PASSWORD);
  });
  after(() => t.close());

  const stored = async () =>
    (
      await t.db.query<{ expiresAt: Date; writes: number }>(
        `SELECT expires_at AS "expiresAt", xmin::text::bigint AS writes FROM sessions WHERE user_id = $1`,
        [userId],
      )
    )[0]!;
  const minutesLeft = async () => ((await stored()).expiresAt.getTime() - Date.now()) / 60_000;

  it('does not write the session on every page view, only once a minute of activity', async () => {
    assert.equal((await browser.get('/dashboard')).statusCode, 200);
    const first = await stored();
    for (const url of ['/dashboard', '/reviews', '/actions'])
      assert.equal((await browser.get(url)).statusCode, 200);
    assert.deepEqual(await stored(), first, 'three views within the minute leave the row as it was');
  });

  it('keeps an active person signed in: a view more than a minute after the last save renews the hour', async () => {
    // Fifty-five minutes without a save, the last of them more than a minute ago.
    await t.db.query(
      `UPDATE sessions SET expires_at = now() + interval '5 minutes',
              data = jsonb_set(data, '{touchedAt}', to_jsonb($1::bigint)) WHERE user_id = $2`,
      [Date.now() - 55 * 60_000, userId],
    );
    assert.ok((await minutesLeft()) < 6);
    assert.equal((await browser.get('/dashboard')).statusCode, 200);
    const left = await minutesLeft();
    assert.ok(left > 59 && left <= 60, `the session now ends in ${left.toFixed(1)} minutes`);
  });

  it('signs out a person idle for longer than the timeout', async () => {
    await t.db.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [
      userId,
    ]);
    const page = await browser.get('/dashboard');
    assert.equal(page.statusCode, 302);
    assert.match(page.headers.location as string, /^\/sign-in/);
  });
});
