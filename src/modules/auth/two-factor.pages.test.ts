import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createUser, TEST_PASSWORD } from '../../../test/factories.ts';
import {
  buildTestApp,
  cookieFrom,
  csrfFrom,
  signInAsBrowser,
  type TestContext,
} from '../../../test/test-app.ts';
import { secretBoxFor } from '../../composition.ts';
import { codeForStep, stepAt } from './totp.ts';
import { createUsersRepository } from './users.repository.ts';

/** A visitor with a cookie jar that follows what the server sets, and the CSRF token of each form. */
function visitor(app: FastifyInstance) {
  let cookie = '';
  const keep = (response: Awaited<ReturnType<FastifyInstance['inject']>>) => {
    cookie = cookieFrom(response) || cookie;
    return response;
  };
  return {
    get: async (url: string) => keep(await app.inject({ method: 'GET', url, headers: { cookie } })),
    async post(url: string, payload: Record<string, string>, formUrl = url) {
      const form = keep(await app.inject({ method: 'GET', url: formUrl, headers: { cookie } }));
      return keep(
        await app.inject({
          method: 'POST',
          url,
          headers: { cookie },
          payload: { _csrf: csrfFrom(form.body), ...payload },
        }),
      );
    },
  };
}

const keyOn = (html: string) => {
  const match = /data-testid="totp-key">([A-Z2-7 ]+)</.exec(html);
  assert.ok(match, 'no key on the set-up page');
  return match[1]!.replace(/ /g, '');
};
const codeNow = (secret: string, offset = 0) => codeForStep(secret, stepAt(Date.now()) + offset);

/**
 * The codes of the step last used and of the one after, taken from the database rather than the
 * clock, so a 30-second boundary passing mid-test cannot turn the spent code into a fresh one.
 */
async function spentAndNext(ctx: TestContext, userId: string, secret: string) {
  const [row] = await ctx.db.query<{ step: string }>(
    'SELECT totp_last_step::text AS step FROM users WHERE id = $1',
    [userId],
  );
  const last = Number(row!.step);
  return { spent: codeForStep(secret, last), next: codeForStep(secret, last + 1) };
}

/** Signs in with the password and sets up an app through the pages: the secret and recovery codes. */
async function setUpApp(app: FastifyInstance, email: string) {
  const browser = visitor(app);
  const signIn = await browser.post('/sign-in', { email, password: TEST_PASSWORD });
  assert.equal(signIn.headers.location, '/sign-in/set-up-app');
  const page = await browser.get('/sign-in/set-up-app');
  const secret = keyOn(page.body);
  const done = await browser.post('/sign-in/set-up-app', { code: codeNow(secret) });
  assert.equal(done.statusCode, 302);
  assert.equal(done.headers.location, '/sign-in/recovery-codes');
  const codesPage = await browser.get('/sign-in/recovery-codes');
  const recoveryCodes = [...codesPage.body.matchAll(/<code>([a-z2-9]{5}-[a-z2-9]{5})<\/code>/g)].map(
    (m) => m[1]!,
  );
  return { browser, secret, recoveryCodes, codesPage };
}

describe('two-factor sign-in (required for people who can see family records)', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await buildTestApp({ twoFactor: 'required', maxFailures: 5 });
  });
  after(() => ctx.close());

  it('asks a practitioner to set up an app at first sign-in and signs them in only with a code from it', async () => {
    const user = await createUser(ctx.db, 'practitioner');
    const browser = visitor(ctx.app);
    const signIn = await browser.post('/sign-in', { email: user.email, password: TEST_PASSWORD });
    assert.equal(signIn.headers.location, '/sign-in/set-up-app');
    // The password alone is not a sign-in.
    assert.equal((await browser.get('/dashboard')).statusCode, 302);

    const page = await browser.get('/sign-in/set-up-app');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<svg role="img" aria-label="QR code/);
    assert.equal(page.headers['cache-control'], 'no-store');
    const secret = keyOn(page.body);
    assert.equal(
      keyOn((await browser.get('/sign-in/set-up-app')).body),
      secret,
      'a reload keeps the same key',
    );

    const wrong = await browser.post('/sign-in/set-up-app', {
      code: '000000' === codeNow(secret) ? '111111' : '000000',
    });
    assert.equal(wrong.statusCode, 401);
    assert.match(wrong.body, /govuk-error-summary/);
    assert.match(wrong.body, /href="#code"/);
    const empty = await browser.post('/sign-in/set-up-app', { code: '' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /Enter the code from your authenticator app/);

    const done = await browser.post('/sign-in/set-up-app', { code: codeNow(secret) });
    assert.equal(done.headers.location, '/sign-in/recovery-codes');
    const codes = await browser.get('/sign-in/recovery-codes');
    assert.equal(codes.statusCode, 200);
    assert.equal([...codes.body.matchAll(/<code>[a-z2-9]{5}-[a-z2-9]{5}<\/code>/g)].length, 10);
    assert.equal((await browser.get('/sign-in/recovery-codes')).statusCode, 302, 'the codes are shown once');
    assert.equal((await browser.get('/dashboard')).statusCode, 200);

    const events = await ctx.db.query<{ event: string }>(
      `SELECT event FROM audit_events WHERE subject_id = $1 AND event LIKE 'auth.%' ORDER BY id`,
      [user.id],
    );
    assert.deepEqual(
      events.map((e) => e.event),
      ['auth.password-accepted', 'auth.two-factor-failed', 'auth.two-factor-set-up', 'auth.signed-in'],
    );
    const stored = await ctx.db.query<{ hash: string }>(
      'SELECT code_hash AS hash FROM recovery_codes WHERE user_id = $1',
      [user.id],
    );
    assert.equal(stored.length, 10);
    assert.ok(
      stored.every((r) => /^[0-9a-f]{64}$/.test(r.hash)),
      'only hashes of recovery codes are kept',
    );
  });

  it('asks for the code at every later sign-in, and never accepts the same code twice', async () => {
    const user = await createUser(ctx.db, 'organisation-lead');
    const { secret } = await setUpApp(ctx.app, user.email);

    const browser = visitor(ctx.app);
    const signIn = await browser.post('/sign-in', { email: user.email, password: TEST_PASSWORD });
    assert.equal(signIn.headers.location, '/sign-in/code');
    const page = await browser.get('/sign-in/code');
    assert.match(page.body, /Enter the code from your authenticator app/);
    assert.match(page.body, /autocomplete="one-time-code"/);
    // The set-up's code is spent. The next step's code is accepted early (phones' clocks drift).
    const { spent, next } = await spentAndNext(ctx, user.id, secret);
    const replay = await browser.post('/sign-in/code', { code: spent });
    assert.equal(replay.statusCode, 401);
    assert.match(replay.body, /has been used already/);
    assert.equal((await browser.post('/sign-in/code', { code: next })).statusCode, 302);
    assert.equal((await browser.get('/dashboard')).statusCode, 200);

    const again = visitor(ctx.app);
    await again.post('/sign-in', { email: user.email, password: TEST_PASSWORD });
    assert.equal((await again.post('/sign-in/code', { code: next })).statusCode, 401);
  });

  it('accepts each recovery code once, typed in any case and spacing', async () => {
    const user = await createUser(ctx.db, 'practitioner');
    const { recoveryCodes } = await setUpApp(ctx.app, user.email);
    const [first, second] = recoveryCodes;
    const browser = visitor(ctx.app);
    await browser.post('/sign-in', { email: user.email, password: TEST_PASSWORD });
    const typed = ` ${first!.toUpperCase().replace('-', ' ')} `;
    assert.equal((await browser.post('/sign-in/code', { code: typed })).statusCode, 302);

    const twice = visitor(ctx.app);
    await twice.post('/sign-in', { email: user.email, password: TEST_PASSWORD });
    assert.equal((await twice.post('/sign-in/code', { code: first! })).statusCode, 401);
    assert.equal((await twice.post('/sign-in/code', { code: second! })).statusCode, 302);
    assert.equal(await ctx.services.twoFactor.recoveryCodesLeft(user.id), 8);
  });

  it('locks the account after too many wrong codes, and the right password does not clear the count', async () => {
    const user = await createUser(ctx.db, 'practitioner');
    const { secret } = await setUpApp(ctx.app, user.email);
    const wrongCode = (c: string) => (c === '123456' ? '654321' : '123456');
    // Each round: the right password again, then a wrong code. Signing in with the password anew
    // must not reset the count of failures, or codes could be guessed for ever: the account locks
    // within the policy's five failures, the passwords included.
    let locked: string | null = null;
    for (let round = 1; round <= 5 && !locked; round++) {
      const browser = visitor(ctx.app);
      const password = await browser.post('/sign-in', { email: user.email, password: TEST_PASSWORD });
      if (password.statusCode === 429) locked = password.body;
      else {
        const code = await browser.post('/sign-in/code', { code: wrongCode(codeNow(secret, 1)) });
        if (code.statusCode === 429) locked = code.body;
        else assert.equal(code.statusCode, 401);
      }
    }
    assert.ok(locked, 'five rounds of right password and wrong code did not lock the account');
    assert.match(locked, /Your account is locked/);
    const afterLock = await visitor(ctx.app).post('/sign-in', { email: user.email, password: TEST_PASSWORD });
    assert.equal(afterLock.statusCode, 429, 'the right password is refused while locked');
  });

  it('keeps the app set up in one tab when a set-up page left open in another is completed later', async () => {
    const user = await createUser(ctx.db, 'practitioner');
    const tabs = [visitor(ctx.app), visitor(ctx.app)];
    for (const tab of tabs) await tab.post('/sign-in', { email: user.email, password: TEST_PASSWORD });
    const secrets = [];
    for (const tab of tabs) secrets.push(keyOn((await tab.get('/sign-in/set-up-app')).body));
    assert.equal(
      (await tabs[0]!.post('/sign-in/set-up-app', { code: codeNow(secrets[0]!) })).statusCode,
      302,
    );
    assert.equal(
      (await tabs[1]!.post('/sign-in/set-up-app', { code: codeNow(secrets[1]!) })).statusCode,
      401,
    );
    const [row] = await ctx.db.query<{ secret: string }>(
      'SELECT totp_secret AS secret FROM users WHERE id = $1',
      [user.id],
    );
    // Stored encrypted (two-factor.encryption.test.ts): the first tab's secret is the one that opens.
    const box = await secretBoxFor(ctx.db)();
    assert.equal(box.open(row!.secret, `users.totp_secret:${user.id}`).plain, secrets[0]);
  });

  it('lets only one of two set-ups racing for the same person keep its secret', async () => {
    const user = await createUser(ctx.db, 'practitioner');
    const enable = (secret: string) =>
      ctx.db.transaction((tx) =>
        createUsersRepository().enableTotp(tx, user.id, secret, 1, [secret.toLowerCase()], {
          replace: false,
        }),
      );
    const results = await Promise.all([enable('AAAAAAAA'), enable('BBBBBBBB')]);
    assert.equal(results.filter(Boolean).length, 1);
    const codes = await ctx.db.query<{ hash: string }>(
      'SELECT code_hash AS hash FROM recovery_codes WHERE user_id = $1',
      [user.id],
    );
    assert.equal(codes.length, 1, 'the loser wrote no recovery codes');
  });

  it('does not ask board members, whose role never sees family records', async () => {
    const user = await createUser(ctx.db, 'board-member');
    const browser = await signInAsBrowser(ctx.app, user.email, TEST_PASSWORD);
    assert.equal((await browser.get('/dashboard')).statusCode, 200);
  });

  it('sends a second-step page back to sign in when no password was accepted, or it was too long ago', async () => {
    const browser = visitor(ctx.app);
    assert.equal((await browser.get('/sign-in/code')).headers.location, '/sign-in');
    assert.equal((await browser.get('/sign-in/set-up-app')).headers.location, '/sign-in');
    const csrfPage = await ctx.app.inject({ method: 'GET', url: '/sign-in' });
    const post = await ctx.app.inject({
      method: 'POST',
      url: '/sign-in/code',
      headers: { cookie: cookieFrom(csrfPage) },
      payload: { _csrf: csrfFrom(csrfPage.body), code: '123456' },
    });
    assert.equal(post.headers.location, '/sign-in');

    // A password accepted more than 10 minutes ago no longer leads to the code page.
    const user = await createUser(ctx.db, 'practitioner');
    const late = visitor(ctx.app);
    await late.post('/sign-in', { email: user.email, password: TEST_PASSWORD });
    assert.equal((await late.get('/sign-in/set-up-app')).statusCode, 200);
    await ctx.db.query(
      `UPDATE sessions SET data = jsonb_set(data, '{pending,since}', to_jsonb($2::bigint))
        WHERE data->'pending'->>'userId' = $1`,
      [user.id, Date.now() - 11 * 60_000],
    );
    assert.equal((await late.get('/sign-in/set-up-app')).headers.location, '/sign-in');
  });

  it('lets the business unit reset a lost app, audited, so the person sets one up again', async () => {
    const user = await createUser(ctx.db, 'practitioner');
    await setUpApp(ctx.app, user.email);
    const manager = await createUser(ctx.db, 'business-unit');
    const admin = await signInAsBrowser(ctx.app, manager.email, TEST_PASSWORD);
    const show = await admin.get(`/users/${user.id}`);
    assert.match(show.body, /Reset two-factor sign-in/);
    const reset = await admin.post(`/users/${user.id}/two-factor/reset`, {}, `/users/${user.id}`);
    assert.equal(reset.statusCode, 302);
    const audit = await ctx.db.query<{ actor: string }>(
      `SELECT actor_user_id::text AS actor FROM audit_events WHERE event = 'auth.two-factor-reset' AND subject_id = $1`,
      [user.id],
    );
    assert.deepEqual(audit, [{ actor: manager.id }]);

    const browser = visitor(ctx.app);
    const signIn = await browser.post('/sign-in', { email: user.email, password: TEST_PASSWORD });
    assert.equal(signIn.headers.location, '/sign-in/set-up-app');

    // A practitioner cannot reset anyone's, their own included.
    const other = await signInAsBrowser(ctx.app, (await createUser(ctx.db, 'reviewer')).email, TEST_PASSWORD);
    const refused = await other.post(`/users/${user.id}/two-factor/reset`, {}, '/account');
    assert.equal(refused.statusCode, 403);
  });
});

describe('setting up or replacing an app from "Your account"', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await buildTestApp({ twoFactor: 'required' });
  });
  after(() => ctx.close());

  it('lets a board member, who is not required to, set one up; it is asked for from then on', async () => {
    const user = await createUser(ctx.db, 'board-member');
    const browser = visitor(ctx.app);
    await browser.post('/sign-in', { email: user.email, password: TEST_PASSWORD });
    const account = await browser.get('/account');
    assert.match(account.body, /No authenticator app set up/);
    const page = await browser.get('/account/two-factor');
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /Code from your current app/);
    const secret = keyOn(page.body);
    const saved = await browser.post('/account/two-factor', { newCode: codeNow(secret) });
    assert.equal(saved.headers.location, '/sign-in/recovery-codes');
    const codes = await browser.get('/sign-in/recovery-codes');
    assert.match(codes.body, /href="\/account"/);

    const later = visitor(ctx.app);
    const signIn = await later.post('/sign-in', { email: user.email, password: TEST_PASSWORD });
    assert.equal(signIn.headers.location, '/sign-in/code');
  });

  it('replaces the app only with a code from the old one, and the old app and codes stop working', async () => {
    const user = await createUser(ctx.db, 'practitioner');
    const { browser, secret: oldSecret, recoveryCodes: oldCodes } = await setUpApp(ctx.app, user.email);
    const page = await browser.get('/account/two-factor');
    assert.match(page.body, /Set up a new authenticator app/);
    const newSecret = keyOn(page.body);
    assert.notEqual(newSecret, oldSecret);

    const missing = await browser.post('/account/two-factor', {
      currentCode: '',
      newCode: codeNow(newSecret),
    });
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, /href="#currentCode"/);
    const wrong = await browser.post('/account/two-factor', {
      currentCode: codeNow(newSecret),
      newCode: codeNow(newSecret),
    });
    assert.equal(wrong.statusCode, 401);
    assert.match(wrong.body, /The code from your current app is not right/);

    const { next } = await spentAndNext(ctx, user.id, oldSecret);
    const replaced = await browser.post('/account/two-factor', {
      currentCode: next,
      newCode: codeNow(newSecret),
    });
    assert.equal(replaced.headers.location, '/sign-in/recovery-codes');
    const audit = await ctx.db.query<{ details: { replaced: boolean } }>(
      `SELECT details FROM audit_events WHERE event = 'auth.two-factor-set-up' AND subject_id = $1 ORDER BY id`,
      [user.id],
    );
    assert.deepEqual(
      audit.map((a) => a.details.replaced),
      [false, true],
    );

    const again = visitor(ctx.app);
    await again.post('/sign-in', { email: user.email, password: TEST_PASSWORD });
    assert.equal(
      (await again.post('/sign-in/code', { code: oldCodes[0]! })).statusCode,
      401,
      'old recovery codes are gone',
    );
    assert.equal(
      (await again.post('/sign-in/code', { code: codeForStep(oldSecret, stepAt(Date.now()) + 1) }))
        .statusCode,
      401,
    );
    const fresh = await spentAndNext(ctx, user.id, newSecret);
    assert.equal((await again.post('/sign-in/code', { code: fresh.next })).statusCode, 302);
  });
});

describe('two-factor sign-in through the API', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await buildTestApp({ twoFactor: 'required' });
  });
  after(() => ctx.close());

  const token = (payload: object) => ctx.app.inject({ method: 'POST', url: '/api/v1/auth/token', payload });

  it('refuses a token to someone who must set up an app first', async () => {
    const user = await createUser(ctx.db, 'practitioner');
    const response = await token({ email: user.email, password: TEST_PASSWORD });
    assert.equal(response.statusCode, 403);
    assert.equal(response.json().error, 'two-factor-set-up-needed');
  });

  it('asks for otp by name, and gives a token for the right one only', async () => {
    const user = await createUser(ctx.db, 'practitioner');
    const { secret } = await setUpApp(ctx.app, user.email);
    const missing = await token({ email: user.email, password: TEST_PASSWORD });
    assert.equal(missing.statusCode, 401);
    assert.deepEqual(
      missing.json().fields.map((f: { path: string }) => f.path),
      ['otp'],
    );
    const { spent, next } = await spentAndNext(ctx, user.id, secret);
    const wrong = await token({ email: user.email, password: TEST_PASSWORD, otp: spent });
    assert.equal(wrong.statusCode, 401, 'the code used to set up is spent');
    const right = await token({ email: user.email, password: TEST_PASSWORD, otp: next });
    assert.equal(right.statusCode, 200);
    const me = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${right.json().token}` },
    });
    assert.equal(me.json().id, user.id);
  });

  it('still gives board members a token with the password alone', async () => {
    const user = await createUser(ctx.db, 'board-member');
    assert.equal((await token({ email: user.email, password: TEST_PASSWORD })).statusCode, 200);
  });
});
