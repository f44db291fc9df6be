import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { buildTestApp, signInAsBrowser, type TestContext } from '../../../test/test-app.ts';

describe('GET and POST /audit-log/check', () => {
  let ctx: TestContext;
  let manager: Awaited<ReturnType<typeof signInAsBrowser>>;
  let managerId: string;
  before(async () => {
    ctx = await buildTestApp();
    const user = await createUser(ctx.db, 'business-unit');
    managerId = user.id;
    manager = await signInAsBrowser(ctx.app, user.email, TEST_PASSWORD);
  });
  after(() => ctx.close());

  it('is linked from the audit log and says the trail has not been checked yet', async () => {
    assert.match((await manager.get('/audit-log')).body, /href="\/audit-log\/check">Check the audit trail/);
    const page = await manager.get('/audit-log/check');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1 class="govuk-heading-l">Check the audit trail<\/h1>/);
    assert.match(page.body, /has not been checked yet/);
    assert.match(page.body, /name="_csrf" value="[^"]+"/);
  });

  it('refuses a check without the CSRF token', async () => {
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/audit-log/check',
      headers: { cookie: manager.cookie },
      payload: {},
    });
    assert.equal(response.statusCode, 403);
  });

  it('runs the check, shows the trail is intact in a panel, and records who checked', async () => {
    const response = await manager.post('/audit-log/check', {});
    assert.equal(response.statusCode, 302);
    assert.equal(response.headers.location, '/audit-log/check');
    const page = await manager.get('/audit-log/check');
    assert.match(page.body, /govuk-panel__title">\s*The audit trail is intact/);
    assert.match(page.body, /\d+ entr(?:y|ies) checked on .* by Test business-unit/);
    const rows = await ctx.db.query<{ actor: string; ok: boolean }>(
      `SELECT actor_user_id AS actor, (details->>'ok')::boolean AS ok FROM audit_events WHERE event = 'audit.chain-checked'`,
    );
    assert.deepEqual(rows, [{ actor: managerId, ok: true }]);
  });

  it('names the first broken link after someone changes a sealed entry in the database', async () => {
    const [row] = await ctx.db.query<{ seq: number; id: number }>(
      'SELECT chain_seq AS seq, id FROM audit_events WHERE chain_seq IS NOT NULL ORDER BY chain_seq LIMIT 1',
    );
    await ctx.db.exec(`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update;
      UPDATE audit_events SET event = 'tampered' WHERE chain_seq = ${row!.seq};
      ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update;`);
    await manager.post('/audit-log/check', {});
    const page = await manager.get('/audit-log/check');
    assert.match(page.body, /govuk-notification-banner/);
    assert.match(
      page.body,
      new RegExp(`The audit trail is broken at chain position ${row!.seq} \\(event ${row!.id}\\)`),
    );
    assert.doesNotMatch(page.body, /govuk-panel__title/);
  });

  it('gives everyone else a 403', async () => {
    const other = await createUser(ctx.db, 'practitioner');
    const browser = await signInAsBrowser(ctx.app, other.email, TEST_PASSWORD);
    assert.equal((await browser.get('/audit-log/check')).statusCode, 403);
    const post = await browser.post('/audit-log/check', {}, '/');
    assert.equal(post.statusCode, 403);
  });
});
