import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { buildTestApp, signInAsApi, signInAsBrowser, type TestContext } from '../../../test/test-app.ts';

const NEW_PASSWORD = 'orchard violin saucepan';

describe('Your account', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await buildTestApp();
  });
  after(() => ctx.close());

  it('shows every signed-in user their own details, and links to it from every page', async () => {
    const user = await createUser(ctx.db, 'board-member');
    const browser = await signInAsBrowser(ctx.app, user.email, TEST_PASSWORD);
    const page = await browser.get('/account');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1 class="govuk-heading-l">Your account<\/h1>/);
    assert.ok(page.body.includes(user.email));
    assert.match(page.body, /Board member/);
    const elsewhere = (await browser.get('/reviews')).body;
    assert.match(elsewhere, /href="\/account"[^>]*>\s*Your account\s*</);
    assert.doesNotMatch(elsewhere, /href="\/users"|href="\/audit-log"/, 'only the business unit sees these');
  });

  it('requires the current password to change it, and refuses a weak new one beside its field', async () => {
    const user = await createUser(ctx.db, 'practitioner');
    const browser = await signInAsBrowser(ctx.app, user.email, TEST_PASSWORD);
    const wrong = await browser.post('/account/password', {
      currentPassword: 'not my password at all',
      password: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /<a href="#currentPassword">Your current password is incorrect/);
    const missing = await browser.post('/account/password', {
      password: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    assert.match(missing.body, /id="currentPassword-error"[\s\S]*?Enter your current password/);
    const weak = await browser.post('/account/password', {
      currentPassword: TEST_PASSWORD,
      password: 'qwerty123456',
      confirmPassword: 'qwerty123456',
    });
    assert.equal(weak.statusCode, 400);
    assert.match(weak.body, /id="password-error"[\s\S]*?Password is too easy to guess/);
    await signInAsBrowser(ctx.app, user.email, TEST_PASSWORD);
  });

  it('changes the password, keeps this session, ends the others and their API tokens', async () => {
    const user = await createUser(ctx.db, 'organisation-lead');
    const browser = await signInAsBrowser(ctx.app, user.email, TEST_PASSWORD);
    const elsewhere = await signInAsBrowser(ctx.app, user.email, TEST_PASSWORD);
    const api = await signInAsApi(ctx.app, user.email, TEST_PASSWORD);
    const response = await browser.post('/account/password', {
      currentPassword: TEST_PASSWORD,
      password: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    assert.equal(response.statusCode, 302);
    assert.equal(response.headers.location, '/account');
    const after = await browser.get('/account');
    assert.equal(after.statusCode, 200);
    assert.match(after.body, /Your password has been changed/);
    assert.equal((await elsewhere.get('/account')).statusCode, 302, 'the other session has ended');
    assert.equal((await api.get('/api/v1/me')).statusCode, 401);
    await assert.rejects(signInAsBrowser(ctx.app, user.email, TEST_PASSWORD), /401/);
    await signInAsBrowser(ctx.app, user.email, NEW_PASSWORD);
    const [audit] = await ctx.db.query<{ actor: string; details: Record<string, number> }>(
      `SELECT actor_user_id AS actor, details FROM audit_events WHERE event = 'user.password-changed' AND subject_id = $1`,
      [user.id],
    );
    assert.deepEqual(audit, { actor: user.id, details: { sessionsEnded: 1, apiTokensRevoked: 1 } });
  });

  it('refuses a password change form posted without the CSRF token', async () => {
    const user = await createUser(ctx.db, 'reviewer');
    const browser = await signInAsBrowser(ctx.app, user.email, TEST_PASSWORD);
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/account/password',
      headers: { cookie: browser.cookie },
      payload: { currentPassword: TEST_PASSWORD, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD },
    });
    assert.equal(response.statusCode, 403);
    await signInAsBrowser(ctx.app, user.email, TEST_PASSWORD);
  });
});
