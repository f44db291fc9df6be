import { createHash } from 'node:crypto';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createOrganisation, createUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { buildTestApp, signInAsApi, signInAsBrowser, type TestContext } from '../../../test/test-app.ts';

const requestToken = (ctx: TestContext, payload: unknown) =>
  ctx.app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: payload as object });

const me = (ctx: TestContext, headers: Record<string, string> = {}) =>
  ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers });

describe('POST /api/v1/auth/token', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await buildTestApp();
  });
  after(() => ctx.close());

  it('answers 200 {token, expiresAt} with an ISO time in the future, and sets no cookie', async () => {
    const user = await createUser(ctx.db, 'practitioner');
    const before = Date.now();
    const response = await requestToken(ctx, { email: user.email, password: TEST_PASSWORD });
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^application\/json/);
    assert.equal(response.headers['set-cookie'], undefined);
    const body = response.json() as { token: string; expiresAt: string };
    assert.deepEqual(Object.keys(body).sort(), ['expiresAt', 'token']);
    assert.match(body.token, /^[\w-]{40,}$/);
    assert.match(body.expiresAt, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const expires = new Date(body.expiresAt).getTime();
    const hours = ctx.config.auth.apiTokenHours;
    assert.ok(expires > Date.now(), 'expiresAt is in the future');
    assert.ok(Math.abs(expires - (before + hours * 3_600_000)) < 60_000, `expires in about ${hours} hours`);
  });

  it('gives each request its own token, and keeps only a hash of it', async () => {
    const user = await createUser(ctx.db, 'practitioner');
    const first = (await requestToken(ctx, { email: user.email, password: TEST_PASSWORD })).json();
    const second = (await requestToken(ctx, { email: user.email, password: TEST_PASSWORD })).json();
    assert.notEqual(first.token, second.token);
    const stored = await ctx.db.query<{ tokenHash: string }>(
      'SELECT token_hash AS "tokenHash" FROM api_tokens WHERE user_id = $1',
      [user.id],
    );
    const sha256 = (t: string) => createHash('sha256').update(t).digest('hex');
    assert.deepEqual(
      stored.map((r) => r.tokenHash).sort(),
      [sha256(first.token), sha256(second.token)].sort(),
    );
    assert.ok(!stored.some((r) => r.tokenHash === first.token || r.tokenHash === second.token));
  });

  it('refuses a wrong password or an unknown address alike: 401 {error: "unauthenticated"}', async () => {
    const user = await createUser(ctx.db, 'practitioner');
    const wrong = await requestToken(ctx, { email: user.email, password: 'wrong' });
    const unknown = await requestToken(ctx, { email: 'nobody@test.lantern.test', password: 'wrong' });
    assert.equal(wrong.statusCode, 401);
    assert.equal(unknown.statusCode, 401);
    assert.deepEqual(wrong.json(), unknown.json());
    assert.equal(wrong.json().error, 'unauthenticated');
    assert.ok(!('token' in wrong.json()));
  });

  it('refuses a deactivated user with 401', async () => {
    const user = await createUser(ctx.db, 'practitioner', undefined, { active: false });
    const response = await requestToken(ctx, { email: user.email, password: TEST_PASSWORD });
    assert.equal(response.statusCode, 401);
  });

  it('answers 400 {"error":"validation","fields":[{path,message}]} naming each missing field', async () => {
    const cases: [unknown, Record<string, string>][] = [
      [{}, { email: 'Enter your email address', password: 'Enter your password' }],
      [{ email: 'someone@test.lantern.test' }, { password: 'Enter your password' }],
      [{ password: TEST_PASSWORD }, { email: 'Enter your email address' }],
      [
        { email: '   ', password: '' },
        { email: 'Enter your email address', password: 'Enter your password' },
      ],
    ];
    for (const [payload, expected] of cases) {
      const response = await requestToken(ctx, payload);
      assert.equal(response.statusCode, 400, JSON.stringify(payload));
      const body = response.json() as { error: string; fields: { path: string; message: string }[] };
      assert.equal(body.error, 'validation');
      const byPath = Object.fromEntries(body.fields.map((f) => [f.path, f.message]));
      assert.deepEqual(byPath, expected, JSON.stringify(payload));
      for (const field of body.fields) assert.deepEqual(Object.keys(field).sort(), ['message', 'path']);
    }
  });

  it('locks the address after 5 failures: 429 {error: "locked"}, even to the right password', async () => {
    const user = await createUser(ctx.db, 'practitioner');
    const statuses = [];
    for (let i = 0; i < 5; i++) {
      statuses.push((await requestToken(ctx, { email: user.email, password: 'wrong' })).statusCode);
    }
    assert.deepEqual(statuses, [401, 401, 401, 401, 429]);
    const right = await requestToken(ctx, { email: user.email, password: TEST_PASSWORD });
    assert.equal(right.statusCode, 429);
    assert.equal(right.json().error, 'locked');
    assert.ok(!('token' in right.json()));
  });
});

describe('GET /api/v1/me', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await buildTestApp();
  });
  after(() => ctx.close());

  it('answers with exactly {id, email, name, role, organisationId} of the token holder', async () => {
    const organisation = await createOrganisation(ctx.db, 'police');
    const user = await createUser(ctx.db, 'organisation-lead', organisation.id);
    const api = await signInAsApi(ctx.app, user.email, TEST_PASSWORD);
    const response = await api.get('/api/v1/me');
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), {
      id: user.id,
      email: user.email,
      name: 'Test organisation-lead',
      role: 'organisation-lead',
      organisationId: organisation.id,
    });
  });

  it('answers 401 JSON without a token, with a bogus one, or with another scheme', async () => {
    const user = await createUser(ctx.db, 'practitioner');
    const { token } = await signInAsApi(ctx.app, user.email, TEST_PASSWORD);
    const cases: Record<string, string>[] = [
      {},
      { authorization: 'Bearer not-a-real-token' },
      { authorization: `Bearer ${token}x` },
      { authorization: `Basic ${token}` },
      { authorization: token },
    ];
    for (const headers of cases) {
      const response = await me(ctx, headers);
      assert.equal(response.statusCode, 401, JSON.stringify(headers));
      assert.equal(response.json().error, 'unauthenticated');
    }
  });

  it('does not accept a signed-in browser session cookie, however the path is written', async () => {
    const user = await createUser(ctx.db, 'practitioner');
    const browser = await signInAsBrowser(ctx.app, user.email, TEST_PASSWORD);
    // The same cookie is signed in for pages…
    const page = await browser.get('/sign-in');
    assert.equal(page.statusCode, 302);
    // …but never for the API: the router decodes %61 to "a", so these all reach /api/v1/me.
    for (const url of ['/api/v1/me', '/%61pi/v1/me', '/%61%70%69/v1/%6De']) {
      const response = await browser.get(url);
      assert.equal(response.statusCode, 401, url);
      assert.deepEqual(response.json(), { error: 'unauthenticated', message: 'Sign in to continue' }, url);
    }
  });

  it('stops accepting a token once it has expired', async () => {
    const user = await createUser(ctx.db, 'practitioner');
    const api = await signInAsApi(ctx.app, user.email, TEST_PASSWORD);
    assert.equal((await api.get('/api/v1/me')).statusCode, 200);
    await ctx.db.query("UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1", [
      user.id,
    ]);
    const response = await api.get('/api/v1/me');
    assert.equal(response.statusCode, 401);
    assert.equal(response.json().error, 'unauthenticated');
  });

  it("stops accepting a user's token once they are deactivated", async () => {
    const user = await createUser(ctx.db, 'practitioner');
    const api = await signInAsApi(ctx.app, user.email, TEST_PASSWORD);
    await ctx.db.query('UPDATE users SET active = false WHERE id = $1', [user.id]);
    assert.equal((await api.get('/api/v1/me')).statusCode, 401);
  });
});
