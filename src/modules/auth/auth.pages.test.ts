import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createUser, TEST_PASSWORD } from '../../../test/factories.ts';
import {
  buildTestApp,
  cookieFrom,
  csrfFrom,
  signInAsBrowser,
  type TestContext,
} from '../../../test/test-app.ts';

/** Opens the sign-in form as a new visitor: the session cookie and CSRF token it carries. */
async function openForm(app: FastifyInstance, url = '/sign-in') {
  const form = await app.inject({ method: 'GET', url });
  assert.equal(form.statusCode, 200);
  return { cookie: cookieFrom(form), csrf: csrfFrom(form.body), form };
}

/** Submits the sign-in form from a freshly opened one. */
async function submit(app: FastifyInstance, fields: Record<string, string>) {
  const { cookie, csrf } = await openForm(app);
  const response = await app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: { cookie },
    payload: { _csrf: csrf, ...fields },
  });
  return { response, cookieBefore: cookie };
}

/** A signed-in browser is sent on from the sign-in form; anyone else is shown it. */
async function isSignedIn(app: FastifyInstance, cookie: string): Promise<boolean> {
  const response = await app.inject({ method: 'GET', url: '/sign-in', headers: { cookie } });
  assert.ok([200, 302].includes(response.statusCode), `unexpected ${response.statusCode}`);
  return response.statusCode === 302;
}

function setCookieHeader(response: LightMyRequestResponse): string {
  const header = response.headers['set-cookie'];
  const all = Array.isArray(header) ? header : header ? [header] : [];
  const session = all.find((c) => c.startsWith('lantern_session='));
  assert.ok(session, 'no session cookie was set');
  return session;
}

async function auditEvents(ctx: TestContext, where: { email?: string; userId?: string }) {
  return ctx.db.query<{
    event: string;
    actorUserId: string | null;
    actorLabel: string;
    subjectId: string | null;
  }>(
    `SELECT event, actor_user_id AS "actorUserId", actor_label AS "actorLabel", subject_id AS "subjectId"
       FROM audit_events
      WHERE event LIKE 'auth.%' AND (actor_label = $1 OR actor_user_id::text = $2 OR subject_id = $2)
      ORDER BY id`,
    [where.email ?? '', where.userId ?? ''],
  );
}

describe('GET /sign-in', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await buildTestApp();
  });
  after(() => ctx.close());

  it('shows the form with a CSRF token and an email and password field', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/sign-in' });
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /<h1 class="govuk-heading-l">Sign in to Lantern<\/h1>/);
    assert.match(csrfFrom(response.body), /^\S{20,}$/);
    assert.match(response.body, /<input[^>]+id="email"[^>]+name="email"/);
    assert.match(response.body, /<input[^>]+id="password"[^>]+name="password"[^>]+type="password"/);
    assert.match(response.body, /<title>Sign in – Lantern<\/title>/);
  });

  it('sets a session cookie that is HttpOnly and SameSite=Lax, and not Secure when TLS is off', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/sign-in' });
    const cookie = setCookieHeader(response);
    assert.match(cookie, /;\s*HttpOnly/i);
    assert.match(cookie, /;\s*SameSite=Lax/i);
    assert.match(cookie, /;\s*Path=\//i);
    assert.doesNotMatch(cookie, /;\s*Secure/i);
  });

  it('carries a local returnTo into the form, and replaces another site with /dashboard', async () => {
    const local = await ctx.app.inject({ method: 'GET', url: '/sign-in?returnTo=%2Freviews%3Fpage%3D2' });
    assert.match(local.body, /name="returnTo" value="\/reviews\?page=2"/);
    for (const evil of ['//evil.example', 'https://evil.example']) {
      const response = await ctx.app.inject({
        method: 'GET',
        url: `/sign-in?returnTo=${encodeURIComponent(evil)}`,
      });
      assert.match(response.body, /name="returnTo" value="\/dashboard"/, evil);
      assert.doesNotMatch(response.body, /evil\.example/, evil);
    }
  });

  it('sends a signed-in user straight on to a local returnTo, never to another site', async () => {
    const user = await createUser(ctx.db, 'practitioner');
    const browser = await signInAsBrowser(ctx.app, user.email, TEST_PASSWORD);
    const local = await browser.get('/sign-in?returnTo=%2Freviews');
    assert.equal(local.statusCode, 302);
    assert.equal(local.headers.location, '/reviews');
    const evil = await browser.get('/sign-in?returnTo=%2F%2Fevil.example');
    assert.equal(evil.statusCode, 302);
    assert.equal(evil.headers.location, '/dashboard');
  });
});

describe('POST /sign-in', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await buildTestApp();
  });
  after(() => ctx.close());

  it('asks for both fields when the form is empty: 400 with a GOV.UK error summary linking to each', async () => {
    const { response } = await submit(ctx.app, { email: '', password: '' });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /<title>Error: Sign in – Lantern<\/title>/);
    assert.match(response.body, /There is a problem/);
    assert.match(response.body, /<a href="#email">Enter your email address<\/a>/);
    assert.match(response.body, /<a href="#password">Enter your password<\/a>/);
    // Each field shows its own message too.
    assert.match(response.body, /id="email-error"[\s\S]*?Enter your email address/);
    assert.match(response.body, /id="password-error"[\s\S]*?Enter your password/);
  });

  it('keeps the typed email address but never the password when showing errors', async () => {
    const user = await createUser(ctx.db, 'practitioner');
    const { response } = await submit(ctx.app, { email: user.email, password: 'not the password' });
    const emailInput = /<input[^>]*id="email"[^>]*>/.exec(response.body)?.[0] ?? '';
    assert.ok(emailInput.includes(`value="${user.email}"`), emailInput);
    assert.doesNotMatch(response.body, /not the password/);
  });

  it('refuses a wrong password with 401 and "Enter a correct email address and password"', async () => {
    const user = await createUser(ctx.db, 'practitioner');
    const { response, cookieBefore } = await submit(ctx.app, { email: user.email, password: 'wrong' });
    assert.equal(response.statusCode, 401);
    assert.match(response.body, /There is a problem/);
    assert.match(response.body, /<a href="#email">Enter a correct email address and password<\/a>/);
    assert.equal(await isSignedIn(ctx.app, cookieFrom(response) || cookieBefore), false);
  });

  it('answers an unknown address exactly as it answers a known one with a wrong password', async () => {
    const user = await createUser(ctx.db, 'practitioner');
    const unknown = 'nobody.here@test.lantern.test';
    const known = await submit(ctx.app, { email: user.email, password: 'wrong' });
    const missing = await submit(ctx.app, { email: unknown, password: 'wrong' });
    // Only the echoed address, the CSRF token and the CSP nonces may differ.
    const normalise = (body: string, email: string) =>
      body
        .replaceAll(email, 'EMAIL')
        .replace(/name="_csrf" value="[^"]+"/g, 'CSRF')
        .replace(/nonce="[^"]+"/g, 'NONCE');
    assert.equal(missing.response.statusCode, known.response.statusCode);
    assert.equal(normalise(missing.response.body, unknown), normalise(known.response.body, user.email));
  });

  it('signs in and redirects to a local returnTo', async () => {
    const user = await createUser(ctx.db, 'organisation-lead');
    const { response } = await submit(ctx.app, {
      email: user.email,
      password: TEST_PASSWORD,
      returnTo: '/reviews?status=open',
    });
    assert.equal(response.statusCode, 302);
    assert.equal(response.headers.location, '/reviews?status=open');
    assert.equal(await isSignedIn(ctx.app, cookieFrom(response)), true);
  });

  it('accepts the email address in any case and with spaces around it', async () => {
    const user = await createUser(ctx.db, 'practitioner');
    const { response } = await submit(ctx.app, {
      email: `  ${user.email.toUpperCase()} `,
      password: TEST_PASSWORD,
    });
    assert.equal(response.statusCode, 302);
  });

  it('redirects to /dashboard when returnTo is another site or not a local path', async () => {
    const user = await createUser(ctx.db, 'practitioner');
    for (const returnTo of [
      '//evil.example',
      'https://evil.example',
      '/\\evil.example',
      'javascript:alert(1)',
    ]) {
      const { response } = await submit(ctx.app, { email: user.email, password: TEST_PASSWORD, returnTo });
      assert.equal(response.statusCode, 302, returnTo);
      assert.equal(response.headers.location, '/dashboard', returnTo);
    }
  });

  it('gives a new session id at sign-in, so the cookie from before sign-in is not signed in', async () => {
    const user = await createUser(ctx.db, 'practitioner');
    const { response, cookieBefore } = await submit(ctx.app, { email: user.email, password: TEST_PASSWORD });
    assert.equal(response.statusCode, 302);
    const cookieAfter = cookieFrom(response);
    assert.match(cookieAfter, /^lantern_session=/);
    assert.notEqual(cookieAfter, cookieBefore);
    const sessionCookie = setCookieHeader(response);
    assert.match(sessionCookie, /;\s*HttpOnly/i);
    assert.match(sessionCookie, /;\s*SameSite=Lax/i);
    assert.doesNotMatch(sessionCookie, /;\s*Secure/i);
    assert.equal(await isSignedIn(ctx.app, cookieAfter), true);
    assert.equal(await isSignedIn(ctx.app, cookieBefore), false);
  });

  it('refuses a post without a CSRF token, or with a wrong one, with 403 and does not sign in', async () => {
    const user = await createUser(ctx.db, 'practitioner');
    const { cookie, csrf } = await openForm(ctx.app);
    const attempts = [
      { headers: { cookie }, payload: { email: user.email, password: TEST_PASSWORD } },
      { headers: { cookie }, payload: { _csrf: `${csrf}x`, email: user.email, password: TEST_PASSWORD } },
      // A token from another visitor's form does not fit this session.
      {
        headers: { cookie },
        payload: { _csrf: (await openForm(ctx.app)).csrf, email: user.email, password: TEST_PASSWORD },
      },
      // No session at all: a cross-site post from a page that never opened the form.
      { headers: {}, payload: { _csrf: csrf, email: user.email, password: TEST_PASSWORD } },
    ];
    for (const [i, attempt] of attempts.entries()) {
      const response = await ctx.app.inject({ method: 'POST', url: '/sign-in', ...attempt });
      assert.equal(response.statusCode, 403, `attempt ${i}`);
      assert.match(response.body, /Your form expired/, `attempt ${i}`);
      assert.notEqual(response.headers.location, '/dashboard');
      assert.equal(await isSignedIn(ctx.app, cookieFrom(response) || cookie), false, `attempt ${i}`);
    }
    const events = await auditEvents(ctx, { email: user.email, userId: user.id });
    assert.deepEqual(
      events.map((e) => e.event),
      [],
      'a refused post never reaches the password check',
    );
  });

  it('locks the address after 5 failures, even to the right password (429, says it is locked)', async () => {
    const user = await createUser(ctx.db, 'practitioner');
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      // The count is per address, whatever its case.
      const email = i % 2 ? user.email.toUpperCase() : user.email;
      statuses.push((await submit(ctx.app, { email, password: `wrong ${i}` })).response.statusCode);
    }
    assert.deepEqual(statuses, [401, 401, 401, 401]);

    const fifth = await submit(ctx.app, { email: user.email, password: 'wrong 5' });
    assert.equal(fifth.response.statusCode, 429);
    assert.match(fifth.response.body, /Your account is locked because of too many failed attempts/);

    const right = await submit(ctx.app, { email: user.email, password: TEST_PASSWORD });
    assert.equal(right.response.statusCode, 429);
    assert.match(right.response.body, /There is a problem/);
    assert.match(
      right.response.body,
      /locked[\s\S]*Try again after \d{1,2} \w+ \d{4} at \d{1,2}:\d{2}(am|pm)/,
    );
    assert.notEqual(right.response.headers.location, '/dashboard');
    assert.equal(await isSignedIn(ctx.app, cookieFrom(right.response) || right.cookieBefore), false);
  });

  it('lets the right password in after 4 failures, and starts the count again', async () => {
    const user = await createUser(ctx.db, 'practitioner');
    for (let i = 0; i < 4; i++) await submit(ctx.app, { email: user.email, password: 'wrong' });
    assert.equal(
      (await submit(ctx.app, { email: user.email, password: TEST_PASSWORD })).response.statusCode,
      302,
    );
    for (let i = 0; i < 4; i++) {
      const { response } = await submit(ctx.app, { email: user.email, password: 'wrong' });
      assert.equal(response.statusCode, 401, `failure ${i + 1} after a success`);
    }
  });

  it('does not check more than 5 passwords for an address when guesses arrive all at once', async () => {
    const user = await createUser(ctx.db, 'practitioner');
    const forms = await Promise.all(Array.from({ length: 12 }, () => openForm(ctx.app)));
    const responses = await Promise.all(
      forms.map(({ cookie, csrf }, i) =>
        ctx.app.inject({
          method: 'POST',
          url: '/sign-in',
          headers: { cookie },
          payload: { _csrf: csrf, email: user.email, password: `guess ${i}` },
        }),
      ),
    );
    const statuses = responses.map((r) => r.statusCode);
    assert.ok(
      statuses.every((s) => s === 401 || s === 429),
      `statuses ${statuses.join(' ')}`,
    );
    assert.ok(statuses.filter((s) => s === 401).length <= 4, `statuses ${statuses.join(' ')}`);
    // Every password that is checked and wrong leaves an audit row: no more than 5 were checked.
    const checked = (await auditEvents(ctx, { email: user.email })).filter((e) =>
      ['auth.sign-in-failed', 'auth.locked'].includes(e.event),
    );
    assert.ok(checked.length <= 5, `${checked.length} passwords were checked`);
    // And the address is locked, to the right password too.
    assert.equal(
      (await submit(ctx.app, { email: user.email, password: TEST_PASSWORD })).response.statusCode,
      429,
    );
  });

  it('writes auth.signed-in for a sign-in, and auth.sign-in-failed then auth.locked for failures', async () => {
    const user = await createUser(ctx.db, 'reviewer');
    await submit(ctx.app, { email: user.email, password: TEST_PASSWORD });
    const signedIn = await auditEvents(ctx, { userId: user.id });
    assert.deepEqual(signedIn, [
      { event: 'auth.signed-in', actorUserId: user.id, actorLabel: user.email, subjectId: user.id },
    ]);

    const other = await createUser(ctx.db, 'reviewer');
    for (let i = 0; i < 5; i++) await submit(ctx.app, { email: other.email, password: 'wrong' });
    const failures = await auditEvents(ctx, { email: other.email });
    assert.deepEqual(
      failures.map((e) => e.event),
      [
        'auth.sign-in-failed',
        'auth.sign-in-failed',
        'auth.sign-in-failed',
        'auth.sign-in-failed',
        'auth.locked',
      ],
    );
    // A failure is nobody's act yet: no actor id, but the address tried, and the account it names.
    for (const e of failures) {
      assert.equal(e.actorUserId, null);
      assert.equal(e.subjectId, other.id);
    }
  });
});

describe('a deactivated user', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await buildTestApp();
  });
  after(() => ctx.close());

  it('cannot sign in, even with the right password, and is told only what a wrong password is told', async () => {
    const user = await createUser(ctx.db, 'practitioner', undefined, { active: false });
    const { response, cookieBefore } = await submit(ctx.app, { email: user.email, password: TEST_PASSWORD });
    assert.equal(response.statusCode, 401);
    assert.match(response.body, /Enter a correct email address and password/);
    assert.equal(await isSignedIn(ctx.app, cookieFrom(response) || cookieBefore), false);
  });

  it('is signed out at their next request and shown the sign-in form, not an error', async () => {
    const user = await createUser(ctx.db, 'practitioner');
    const browser = await signInAsBrowser(ctx.app, user.email, TEST_PASSWORD);
    assert.equal(await isSignedIn(ctx.app, browser.cookie), true);
    await ctx.db.query('UPDATE users SET active = false WHERE id = $1', [user.id]);

    const response = await browser.get('/sign-in');
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /Sign in to Lantern/);
    assert.match(csrfFrom(response.body), /\S/);
    // Nor is the old cookie signed in when they come back after reactivation.
    await ctx.db.query('UPDATE users SET active = true WHERE id = $1', [user.id]);
    assert.equal(await isSignedIn(ctx.app, browser.cookie), false);
  });
});

describe('POST /sign-out', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await buildTestApp();
  });
  after(() => ctx.close());

  it('ends the session, so the old cookie is no longer signed in, and writes auth.signed-out', async () => {
    const user = await createUser(ctx.db, 'board-member');
    const browser = await signInAsBrowser(ctx.app, user.email, TEST_PASSWORD);
    const response = await browser.post('/sign-out', {}, '/');
    assert.equal(response.statusCode, 302);
    assert.equal(response.headers.location, '/signed-out');
    assert.equal(await isSignedIn(ctx.app, browser.cookie), false);

    const signedOut = await ctx.app.inject({ method: 'GET', url: '/signed-out' });
    assert.equal(signedOut.statusCode, 200);
    assert.match(signedOut.body, /You have signed out/);

    const events = await auditEvents(ctx, { userId: user.id });
    assert.deepEqual(
      events.map((e) => [e.event, e.actorUserId]),
      [
        ['auth.signed-in', user.id],
        ['auth.signed-out', user.id],
      ],
    );
  });

  it('refuses a sign-out without the CSRF token (403) and the session stays signed in', async () => {
    const user = await createUser(ctx.db, 'board-member');
    const browser = await signInAsBrowser(ctx.app, user.email, TEST_PASSWORD);
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/sign-out',
      headers: { cookie: browser.cookie },
      payload: {},
    });
    assert.equal(response.statusCode, 403);
    assert.equal(await isSignedIn(ctx.app, browser.cookie), true);
    const events = await auditEvents(ctx, { userId: user.id });
    assert.ok(!events.some((e) => e.event === 'auth.signed-out'));
  });
});
