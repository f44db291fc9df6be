import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { OidcConfig } from '../../config.ts';
import { createUser } from '../../../test/factories.ts';
import { startTestIdp, type TestIdp } from '../../../test/oidc-idp.ts';
import { buildTestApp, cookieFrom, type TestContext } from '../../../test/test-app.ts';
import { newTotpSecret } from './totp.ts';
import { createUsersRepository } from './users.repository.ts';

/** Lantern's callback as `app.inject` sees itself (Host: localhost). */
const ORIGIN = 'http://localhost';
const CALLBACK = `${ORIGIN}/sign-in/oidc/callback`;

const oidcSettings = (idp: TestIdp, mfa: OidcConfig['mfa'] = 'lantern'): OidcConfig => ({
  issuer: idp.issuer,
  clientId: idp.clientId,
  clientSecret: idp.clientSecret,
  label: 'Sign in with Brookvale Council',
  emailClaim: 'email',
  mfa,
});

/** The IdP's side of a browser: its own cookies, following its redirects until it sends the person back. */
async function atIdp(authUrl: string, form: Record<string, string>): Promise<string> {
  const jar = new Map<string, string>();
  const go = async (url: string, init: RequestInit = {}) => {
    const headers = { ...(init.headers as Record<string, string>) };
    headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const at = pair!.indexOf('=');
      jar.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    return new URL(res.headers.get('location') ?? url, url).href;
  };
  const loginPage = await go(authUrl);
  const resume = await go(loginPage, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  const back = await go(resume);
  assert.ok(back.startsWith(CALLBACK), `the IdP sent the person to ${back}`);
  return back;
}

/** A person's browser on Lantern: a cookie jar for Lantern, and a trip to the IdP to sign in. */
function person(app: FastifyInstance) {
  let cookie = '';
  const get = async (url: string) => {
    const response = await app.inject({ method: 'GET', url, headers: { cookie } });
    cookie = cookieFrom(response) || cookie;
    return response;
  };
  return {
    get,
    cookie: () => cookie,
    setCookie: (value: string) => void (cookie = value),
    /** Starts at Lantern's button; returns where the IdP sends the person back to. */
    async toIdp(form: Record<string, string>, start = '/sign-in/oidc') {
      const started = await get(start);
      assert.equal(started.statusCode, 302);
      return atIdp(started.headers.location as string, form);
    },
    /** The whole journey: Lantern's answer to the person's return from the IdP. */
    async signIn(form: Record<string, string>, start?: string) {
      const back = await this.toIdp(form, start);
      return get(back.slice(ORIGIN.length));
    },
  };
}

const auditRows = (ctx: TestContext, event: string) =>
  ctx.db.query<{ actorLabel: string; subjectId: string | null; details: Record<string, unknown> }>(
    `SELECT actor_label AS "actorLabel", subject_id AS "subjectId", details FROM audit_events
      WHERE event = $1 ORDER BY id`,
    [event],
  );

describe('sign-in through an organisation’s identity provider', () => {
  let idp: TestIdp;
  let ctx: TestContext;
  before(async () => {
    idp = await startTestIdp([CALLBACK]);
    ctx = await buildTestApp({ twoFactor: 'required' }, { oidc: oidcSettings(idp) });
  });
  after(async () => {
    await ctx?.close();
    await idp?.close();
  });

  it('shows the button on the sign-in page with the configured label', async () => {
    const page = await ctx.app.inject({ method: 'GET', url: '/sign-in?returnTo=/reviews' });
    assert.match(page.body, /Or use your organisation's account/);
    assert.match(
      page.body,
      /href="\/sign-in\/oidc\?returnTo=%2Freviews"[^>]*>\s*Sign in with Brookvale Council/,
    );
  });

  it('lets a board member, who sees no family records, straight in on a new session id, and audits it', async () => {
    const user = await createUser(ctx.db, 'board-member');
    const browser = person(ctx.app);
    const back = await browser.toIdp({ login: user.email.toUpperCase() });
    const before = browser.cookie();
    assert.match(before, /lantern_session=/, 'the pending sign-in is kept in a session');
    const done = await browser.get(back.slice(ORIGIN.length));
    assert.equal(done.statusCode, 302);
    assert.equal(done.headers.location, '/dashboard');
    assert.notEqual(browser.cookie(), before, 'the session id changes at sign-in');
    assert.equal((await browser.get('/dashboard')).statusCode, 200);

    const [row] = (await auditRows(ctx, 'auth.signed-in')).filter((r) => r.subjectId === user.id);
    assert.equal(row?.actorLabel, user.email);
    assert.equal(row?.details.method, 'oidc');
    assert.deepEqual(row?.details.amr, ['pwd']);

    // The old session id is worthless, and the used callback cannot be replayed in either session.
    const replay = await browser.get(back.slice(ORIGIN.length));
    assert.equal(replay.statusCode, 400);
    assert.match(replay.body, /Your sign-in has expired/);
    browser.setCookie(before);
    assert.equal((await browser.get('/dashboard')).statusCode, 302);
    const replayOld = await browser.get(back.slice(ORIGIN.length));
    assert.equal(replayOld.statusCode, 400);
    const problems = await auditRows(ctx, 'auth.oidc-failed');
    assert.ok(problems.filter((r) => r.details.reason === 'no-pending-sign-in').length >= 2);
  });

  it('returns to the page first asked for, but never to another site', async () => {
    const user = await createUser(ctx.db, 'reviewer');
    const home = await person(ctx.app).signIn({ login: user.email }, '/sign-in/oidc?returnTo=/reviews');
    assert.equal(home.headers.location, '/reviews');
    const away = await person(ctx.app).signIn(
      { login: user.email },
      '/sign-in/oidc?returnTo=//evil.example/x',
    );
    assert.equal(away.headers.location, '/dashboard');
  });

  it('sends a practitioner to Lantern’s code step: the IdP’s sign-in is not enough on its own', async () => {
    const user = await createUser(ctx.db, 'practitioner');
    await ctx.db.transaction((tx) =>
      createUsersRepository().enableTotp(tx, user.id, newTotpSecret(), 1, [], { replace: false }),
    );
    const browser = person(ctx.app);
    const done = await browser.signIn({ login: user.email, mfa: '1' });
    assert.equal(done.headers.location, '/sign-in/code');
    assert.equal((await browser.get('/dashboard')).statusCode, 302, 'not signed in yet');
    assert.equal((await browser.get('/sign-in/code')).statusCode, 200);
    const [row] = (await auditRows(ctx, 'auth.oidc-accepted')).filter((r) => r.subjectId === user.id);
    assert.deepEqual(row?.details.amr, ['pwd', 'mfa']);

    const first = await person(ctx.app).signIn({ login: (await createUser(ctx.db, 'practitioner')).email });
    assert.equal(first.headers.location, '/sign-in/set-up-app', 'no app yet: set one up');
  });

  it('says there is no Lantern account for an unknown or deactivated address, and audits a failed sign-in', async () => {
    const unknown = await person(ctx.app).signIn({ login: 'nobody@elsewhere.example' });
    assert.equal(unknown.statusCode, 403);
    assert.match(unknown.body, /There is no Lantern account for your email address/);
    assert.match(unknown.body, /nobody@elsewhere.example/);
    assert.match(unknown.body, /business unit/);

    const gone = await createUser(ctx.db, 'board-member', undefined, { active: false });
    const browser = person(ctx.app);
    const deactivated = await browser.signIn({ login: gone.email });
    assert.equal(deactivated.statusCode, 403);
    assert.equal((await browser.get('/dashboard')).statusCode, 302);

    const failed = await auditRows(ctx, 'auth.oidc-sign-in-failed');
    assert.ok(failed.some((r) => r.actorLabel === 'nobody@elsewhere.example' && r.subjectId === null));
    assert.ok(failed.some((r) => r.actorLabel === gone.email && r.subjectId === gone.id));
  });

  it('refuses an answer to a different sign-in than the one the session started (state)', async () => {
    const user = await createUser(ctx.db, 'board-member');
    const browser = person(ctx.app);
    const first = await browser.toIdp({ login: user.email });
    await browser.toIdp({ login: user.email });
    const refused = await browser.get(first.slice(ORIGIN.length));
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /Sorry, we could not check your sign-in/);
    assert.equal((await browser.get('/dashboard')).statusCode, 302);
    const problems = await auditRows(ctx, 'auth.oidc-failed');
    assert.ok(
      problems.some(
        (r) => r.details.reason === 'invalid-response' && /state/.test(String(r.details.message)),
      ),
    );
  });

  it('refuses an ID token whose nonce is not the one the session sent', async () => {
    const user = await createUser(ctx.db, 'board-member');
    const browser = person(ctx.app);
    const back = await browser.toIdp({ login: user.email });
    await ctx.db.query(
      `UPDATE sessions SET data = jsonb_set(data, '{oidc,nonce}', '"not-the-nonce"') WHERE data ? 'oidc'`,
    );
    const refused = await browser.get(back.slice(ORIGIN.length));
    assert.equal(refused.statusCode, 400);
    assert.equal((await browser.get('/dashboard')).statusCode, 302);
    const problems = await auditRows(ctx, 'auth.oidc-failed');
    assert.ok(problems.some((r) => /nonce/.test(String(r.details.message))));
  });

  it('says signing in was cancelled when the IdP answers access_denied', async () => {
    const cancelled = await person(ctx.app).signIn({ cancel: '1' });
    assert.equal(cancelled.statusCode, 400);
    assert.match(cancelled.body, /You did not finish signing in/);
    assert.match(cancelled.body, /href="\/sign-in"/);
    const problems = await auditRows(ctx, 'auth.oidc-failed');
    assert.ok(problems.some((r) => r.details.reason === 'access_denied'));
  });

  it('refuses a sign-in left pending for more than 10 minutes', async () => {
    const user = await createUser(ctx.db, 'board-member');
    const browser = person(ctx.app);
    const back = await browser.toIdp({ login: user.email });
    await ctx.db.query(
      `UPDATE sessions SET data = jsonb_set(data, '{oidc,since}', to_jsonb((extract(epoch FROM now()) * 1000 - 11 * 60000)::bigint))
        WHERE data ? 'oidc'`,
    );
    const late = await browser.get(back.slice(ORIGIN.length));
    assert.equal(late.statusCode, 400);
    assert.match(late.body, /Your sign-in has expired/);
  });

  it('keeps an account locked by failed passwords locked, whoever vouches for it', async () => {
    const user = await createUser(ctx.db, 'board-member');
    await ctx.db.query(
      `INSERT INTO sign_in_throttle (email, failures, last_failure_at, locked_until)
       VALUES (lower($1), 5, now(), now() + interval '15 minutes')`,
      [user.email],
    );
    const browser = person(ctx.app);
    const locked = await browser.signIn({ login: user.email });
    assert.equal(locked.statusCode, 429);
    assert.match(locked.body, /Your account is locked/);
    assert.equal((await browser.get('/dashboard')).statusCode, 302);
  });

  it('leaves the token API as it was: a password is still needed', async () => {
    const user = await createUser(ctx.db, 'board-member');
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/token',
      payload: { email: user.email, password: 'wrong password' },
    });
    assert.equal(response.statusCode, 401);
  });
});

describe('sign-in through an identity provider trusted for multi-factor (LANTERN_OIDC_MFA=trust-idp)', () => {
  let idp: TestIdp;
  let ctx: TestContext;
  before(async () => {
    idp = await startTestIdp([CALLBACK]);
    ctx = await buildTestApp({ twoFactor: 'required' }, { oidc: oidcSettings(idp, 'trust-idp') });
  });
  after(async () => {
    await ctx?.close();
    await idp?.close();
  });

  it('lets a practitioner straight in when the ID token’s amr says the IdP used more than one factor', async () => {
    const user = await createUser(ctx.db, 'practitioner');
    const browser = person(ctx.app);
    const done = await browser.signIn({ login: user.email, mfa: '1' });
    assert.equal(done.headers.location, '/dashboard');
    assert.equal((await browser.get('/dashboard')).statusCode, 200);
    const [row] = (await auditRows(ctx, 'auth.signed-in')).filter((r) => r.subjectId === user.id);
    assert.equal(row?.details.secondFactor, 'idp');
  });

  it('still asks for Lantern’s code when the IdP used only a password', async () => {
    const user = await createUser(ctx.db, 'practitioner');
    const done = await person(ctx.app).signIn({ login: user.email });
    assert.equal(done.headers.location, '/sign-in/set-up-app');
  });
});

describe('sign-in through an identity provider that does not send the address claim it is set to', () => {
  let idp: TestIdp;
  let ctx: TestContext;
  before(async () => {
    idp = await startTestIdp([CALLBACK]);
    ctx = await buildTestApp({}, { oidc: { ...oidcSettings(idp), emailClaim: 'upn' } });
  });
  after(async () => {
    await ctx?.close();
    await idp?.close();
  });

  it('says the address was not sent, with 400, and audits it', async () => {
    const user = await createUser(ctx.db, 'board-member');
    const response = await person(ctx.app).signIn({ login: user.email });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /did not send your email address/);
    const [row] = await auditRows(ctx, 'auth.oidc-failed');
    assert.equal(row?.details.reason, 'no-email');
    assert.equal(row?.details.claim, 'upn');
  });
});

describe('sign-in through an identity provider that cannot be reached', () => {
  let ctx: TestContext;
  before(async () => {
    // A port that was free a moment ago: nothing answers there.
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = probe.address() as { port: number };
        probe.close(() => resolve(p));
      });
    });
    ctx = await buildTestApp(
      {},
      {
        oidc: {
          issuer: `http://127.0.0.1:${port}`,
          clientId: 'lantern',
          clientSecret: 'secret',
          label: "Sign in with your organisation's account",
          emailClaim: 'email',
          mfa: 'lantern',
        },
      },
    );
  });
  after(() => ctx?.close());

  it('starts anyway, and says on a GOV.UK page with 503 that the service cannot be reached', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/sign-in/oidc' });
    assert.equal(response.statusCode, 503);
    assert.match(response.body, /Sorry, we cannot reach your organisation&#39;s sign-in service/);
    assert.match(response.body, /sign in with your email address and password/);
    assert.match(response.body, /govuk-template/);
  });
});

describe('sign-in through an identity provider that goes down while someone is signing in there', () => {
  let idp: TestIdp;
  let ctx: TestContext;
  before(async () => {
    idp = await startTestIdp([CALLBACK]);
    ctx = await buildTestApp({}, { oidc: oidcSettings(idp) });
  });
  after(() => ctx?.close());

  it('answers their return with the 503 page, not an error', async () => {
    const user = await createUser(ctx.db, 'board-member');
    const browser = person(ctx.app);
    const back = await browser.toIdp({ login: user.email });
    await idp.close();
    const response = await browser.get(back.slice(ORIGIN.length));
    assert.equal(response.statusCode, 503);
    assert.match(response.body, /cannot reach your organisation/);
    assert.equal((await browser.get('/dashboard')).statusCode, 302);
  });
});

describe('sign-in through an identity provider when none is set up', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await buildTestApp();
  });
  after(() => ctx?.close());

  it('has no button and no routes', async () => {
    const page = await ctx.app.inject({ method: 'GET', url: '/sign-in' });
    assert.doesNotMatch(page.body, /sign-in\/oidc/);
    for (const url of ['/sign-in/oidc', '/sign-in/oidc/callback?code=x&state=y'])
      assert.equal((await ctx.app.inject({ method: 'GET', url })).statusCode, 404, url);
  });
});
