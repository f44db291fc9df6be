import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { RouteOptions } from 'fastify';
import { createActor, TEST_PASSWORD } from '../factories.ts';
import { buildTestApp, signInAsBrowser, type TestContext } from '../test-app.ts';

/**
 * Every route in the route table (so a new route is covered without anyone adding it here): none
 * answers someone who has not signed in with anything but a sign-in redirect or a 401/403, except
 * the few public ones listed below with their reason; and no form post changes anything without
 * the session's CSRF token.
 */

interface Route {
  method: string;
  url: string;
}

/** Routes anyone may use, and why. Anything not matched here must refuse a stranger. */
const PUBLIC: { pattern: RegExp; why: string }[] = [
  { pattern: /^(GET|POST) \/sign-in$/, why: 'signing in' },
  {
    pattern: /^(GET|POST) \/sign-in\/(code|set-up-app|recovery-codes)$/,
    why: 'the second step of signing in, which sends anyone whose password was not just accepted back to sign in',
  },
  {
    pattern: /^GET \/sign-in\/oidc(\/callback)?$/,
    why: "signing in through the organisation's identity provider (on when it is set up, as here)",
  },
  { pattern: /^(GET|POST) \/signed-out$|^POST \/sign-out$/, why: 'signing out (a no-op when signed out)' },
  { pattern: /^GET \/$/, why: 'the start page, which sends people to sign in' },
  { pattern: /^GET \/(health|ready|live)/, why: 'load balancer checks' },
  { pattern: /^GET \/published-reviews/, why: 'published, anonymised reports are public by design' },
  {
    pattern: /^(GET|POST) \/account-links\//,
    why: 'invitation and password-reset links carry their own token',
  },
  { pattern: /^POST \/api\/v1\/auth\/token$/, why: 'exchanging a password for a token' },
  { pattern: /^GET \/api\/(docs|openapi\.json)/, why: 'the API documentation' },
  { pattern: /^GET \/(govuk|assets|public)\//, why: 'static files' },
  { pattern: /^GET \/(accessibility|cookies|privacy)/, why: 'statements every public service publishes' },
  { pattern: /^(GET|POST) \/feedback$/, why: 'feedback on the service, from the phase banner' },
];

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const isApi = (url: string) => url.startsWith('/api/') || url.startsWith('/fhir/');
const concrete = (url: string) => url.replace(/:[A-Za-z]+|\{[A-Za-z]+\}/g, randomUUID()).replace(/\*$/, 'x');

describe('the route table', () => {
  let t: TestContext;
  const routes: Route[] = [];

  before(async () => {
    const seen = new Set<string>();
    const collect = (route: RouteOptions) => {
      for (const method of [route.method].flat()) {
        const key = `${method} ${route.url}`;
        if (method !== 'HEAD' && !seen.has(key)) {
          seen.add(key);
          routes.push({ method, url: route.url });
        }
      }
    };
    // With sign-in through an identity provider set up, so its routes are in the table too (the IdP
    // is asked nothing until someone clicks the button, so none needs to be running).
    const oidc = {
      issuer: 'http://127.0.0.1:9/',
      clientId: 'lantern',
      clientSecret: 'secret',
      label: 'Sign in with your organisation’s account',
      emailClaim: 'email',
      mfa: 'lantern' as const,
    };
    t = await buildTestApp({}, { onRoute: collect, oidc });
  });
  after(() => t.close());

  it('has routes to check (the table is read)', () => {
    assert.ok(routes.length > 100, `only ${routes.length} routes`);
  });

  it('refuses every non-public route to someone who has not signed in', async () => {
    const problems: string[] = [];
    for (const route of routes) {
      const key = `${route.method} ${route.url}`;
      if (PUBLIC.some((p) => p.pattern.test(key))) continue;
      const url = concrete(route.url);
      const response = await t.app.inject({
        method: route.method as 'GET',
        url,
        ...(STATE_CHANGING.has(route.method) ? { payload: {} } : {}),
      });
      const { statusCode } = response;
      const ok = isApi(route.url)
        ? statusCode === 401 || statusCode === 403
        : (statusCode === 302 && /^\/sign-in\?returnTo=/.test(String(response.headers.location))) ||
          statusCode === 403;
      if (!ok) problems.push(`${key}: ${statusCode} ${String(response.headers.location ?? '')}`);
    }
    assert.deepEqual(problems, []);
  });

  it('refuses every state-changing form post without the CSRF token, or with a wrong one', async () => {
    const manager = await createActor(t.db, 'business-unit');
    const browser = await signInAsBrowser(t.app, manager.email, TEST_PASSWORD);
    const problems: string[] = [];
    const posts = routes.filter((r) => STATE_CHANGING.has(r.method) && !isApi(r.url));
    assert.ok(posts.length > 50, `only ${posts.length} form routes`);
    for (const route of posts) {
      const url = concrete(route.url);
      for (const payload of [{}, { _csrf: 'not-the-token' }]) {
        const response = await t.app.inject({
          method: route.method as 'POST',
          url,
          headers: { cookie: browser.cookie },
          payload,
        });
        if (response.statusCode !== 403 || !/Your form expired/.test(response.body))
          problems.push(`${route.method} ${route.url} ${JSON.stringify(payload)}: ${response.statusCode}`);
      }
    }
    assert.deepEqual(problems, []);
    // Nothing was written on the manager's behalf.
    const written = await t.db.query(
      `SELECT event FROM audit_events WHERE actor_user_id = $1 AND event <> 'auth.signed-in'`,
      [manager.id],
    );
    assert.deepEqual(written, []);
  });
});
