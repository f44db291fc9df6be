import type { FastifyInstance, LightMyRequestResponse, RouteOptions } from 'fastify';
import { buildApp } from '../src/app.ts';
import { createServices, sessionSecretFor, type Services } from '../src/composition.ts';
import { loadConfig, type Config } from '../src/config.ts';
import type { Db } from '../src/platform/db/index.ts';
import { createTestDb } from './test-db.ts';

export interface TestContext {
  app: FastifyInstance;
  db: Db;
  services: Services;
  config: Config;
  close(): Promise<void>;
}

/**
 * The configuration tests run with. Tests sign in far more often than people do, all from one
 * address: the rate limits are raised unless a test sets them (rate-limits.test.ts does).
 */
export function testConfig(overrides: Partial<Config['auth']> = {}): Config {
  const base = loadConfig({ NODE_ENV: 'test' });
  return {
    ...base,
    auth: {
      ...base.auth,
      failureDelayMs: 1,
      signInPerMinute: 1_000_000,
      apiPerMinute: 1_000_000,
      // Most suites sign the same people in many times a minute, which one-use codes forbid;
      // two-factor sign-in has its own suite with 'required'.
      twoFactor: 'optional',
      demoCodes: false,
      ...overrides,
    },
  };
}

/**
 * The real app on a fresh real database, for `app.inject` tests; `onRoute` sees the route table as
 * it is built; `wrapDb` may wrap the database the app and the test use (to count queries, say);
 * `oidc` turns on sign-in through an identity provider (test/oidc-idp.ts starts one).
 */
export async function buildTestApp(
  overrides: Partial<Config['auth']> = {},
  {
    onRoute,
    wrapDb,
    oidc,
  }: { onRoute?: (route: RouteOptions) => void; wrapDb?: (db: Db) => Db; oidc?: Config['oidc'] } = {},
): Promise<TestContext> {
  const fresh = await createTestDb();
  const db = wrapDb ? wrapDb(fresh) : fresh;
  const config = { ...testConfig(overrides), oidc };
  const services = createServices(db, config);
  const app = await buildApp({
    config,
    services,
    sessionSecret: await sessionSecretFor(db, config),
    onRoute,
  });
  await app.ready();
  return {
    app,
    db,
    services,
    config,
    async close() {
      await app.close();
      await db.close();
    },
  };
}

/** The session cookie a response set, ready to send back. */
export function cookieFrom(response: LightMyRequestResponse): string {
  const header = response.headers['set-cookie'];
  const cookies = Array.isArray(header) ? header : header ? [header] : [];
  return cookies.map((c) => c.split(';')[0]).join('; ');
}

/** The CSRF token in a rendered form. */
export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('No CSRF token on the page');
  return match[1]!;
}

/** Signs in through the real sign-in form and returns a cookie-carrying page client. */
export async function signInAsBrowser(app: FastifyInstance, email: string, password: string) {
  const form = await app.inject({ method: 'GET', url: '/sign-in' });
  let cookie = cookieFrom(form);
  const response = await app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: { cookie },
    payload: { _csrf: csrfFrom(form.body), email, password },
  });
  if (response.statusCode !== 302) throw new Error(`Sign-in failed: ${response.statusCode}`);
  cookie = cookieFrom(response) || cookie;
  return {
    cookie,
    get: (url: string) => app.inject({ method: 'GET', url, headers: { cookie } }),
    /** Posts a form, first reading the CSRF token from the page at `formUrl`. */
    async post(url: string, payload: Record<string, string | string[]>, formUrl = url) {
      const page = await app.inject({ method: 'GET', url: formUrl, headers: { cookie } });
      return app.inject({
        method: 'POST',
        url,
        headers: { cookie },
        payload: { _csrf: csrfFrom(page.body), ...payload },
      });
    },
  };
}

/** Gets a bearer token through the real API and returns a JSON client that sends it. */
export async function signInAsApi(app: FastifyInstance, email: string, password: string) {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/token',
    payload: { email, password },
  });
  if (response.statusCode !== 200)
    throw new Error(`Token request failed: ${response.statusCode} ${response.body}`);
  const { token } = response.json() as { token: string };
  const headers = { authorization: `Bearer ${token}` };
  return {
    token,
    get: (url: string) => app.inject({ method: 'GET', url, headers }),
    post: (url: string, payload: unknown) =>
      app.inject({ method: 'POST', url, headers, payload: payload as object }),
    patch: (url: string, payload: unknown) =>
      app.inject({ method: 'PATCH', url, headers, payload: payload as object }),
  };
}
