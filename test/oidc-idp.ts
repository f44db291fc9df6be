/**
 * A real OpenID Connect identity provider for tests: `oidc-provider` (a certified implementation)
 * on an ephemeral port, with one confidential client for Lantern. Its login page is a trivial form:
 * type any e-mail address, tick whether you used a second factor (the ID token's `amr` then holds
 * `mfa`, as Entra ID's does), or cancel (the IdP answers `error=access_denied`).
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface TestIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Settings that point Lantern at this IdP. */
  env: Record<string, string>;
  /** Lantern's callback addresses, once known (a browser test learns its server's port late). */
  allowRedirects(uris: string[]): void;
  close(): Promise<void>;
}

const readForm = async (req: IncomingMessage) => {
  let body = '';
  for await (const chunk of req) body += String(chunk);
  return new URLSearchParams(body);
};

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(uid: string): string {
  return `<!doctype html><html lang="en"><head><title>Test IdP: sign in</title></head><body><main>
<h1>Test organisation: sign in</h1>
<form method="post" action="/interaction/${escape(uid)}">
<label for="login">Work e-mail</label> <input id="login" name="login" type="email">
<label><input type="checkbox" name="mfa" value="1"> I used a second factor</label>
<button type="submit">Sign in at the test IdP</button>
<button type="submit" name="cancel" value="1">Cancel</button>
</form></main></body></html>`;
}

/** Starts the IdP; `redirectUris` are Lantern's callback addresses it will send people back to. */
export async function startTestIdp(redirectUris: string[] = []): Promise<TestIdp> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const clientId = 'lantern-test';
  const clientSecret = randomBytes(24).toString('base64url');

  const jwk = { ...privateKey.export({ format: 'jwk' }), alg: 'RS256', use: 'sig', kid: 'test' };
  const cookieKey = randomBytes(32).toString('hex');
  const newProvider = (uris: string[]) =>
    new Provider(issuer, {
      clients: [
        {
          client_id: clientId,
          client_secret: clientSecret,
          redirect_uris: uris,
          response_types: ['code'],
          grant_types: ['authorization_code'],
        },
      ],
      jwks: { keys: [jwk] },
      cookies: { keys: [cookieKey] },
      // Entra ID puts the address in the ID token itself, as Lantern expects.
      conformIdTokenClaims: false,
      claims: { openid: ['sub', 'amr'], email: ['email', 'email_verified'], profile: ['preferred_username'] },
      pkce: { required: () => true },
      ttl: {
        AuthorizationCode: 60,
        AccessToken: 600,
        IdToken: 600,
        Interaction: 600,
        Session: 3600,
        Grant: 3600,
      },
      features: { devInteractions: { enabled: false } },
      interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
      findAccount: (_ctx, sub) => ({
        accountId: sub,
        claims: () => ({ sub, email: sub, email_verified: true, preferred_username: sub }),
      }),
      // No consent screen: an organisation's IdP has already agreed to Lantern's access.
      loadExistingGrant: async (ctx) => {
        const accountId = ctx.oidc.session?.accountId;
        if (!accountId || !ctx.oidc.client) return undefined;
        const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId });
        grant.addOIDCScope('openid email profile');
        await grant.save();
        return grant;
      },
    });
  let provider = newProvider(redirectUris);
  let callback = provider.callback();

  server.on('request', (req, res) => {
    const match = /^\/interaction\/([\w-]+)$/.exec(req.url ?? '');
    if (!match) return void callback(req, res);
    void (async () => {
      try {
        const details = await provider.interactionDetails(req, res);
        if (req.method === 'GET') {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
          return res.end(loginPage(details.uid));
        }
        const form = await readForm(req);
        const result = form.get('cancel')
          ? { error: 'access_denied', error_description: 'The person cancelled signing in' }
          : {
              login: { accountId: form.get('login') ?? '', amr: form.get('mfa') ? ['pwd', 'mfa'] : ['pwd'] },
            };
        await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
      } catch (err) {
        res.writeHead(400, { 'content-type': 'text/plain' });
        res.end(String(err));
      }
    })();
  });

  return {
    issuer,
    clientId,
    clientSecret,
    allowRedirects(uris) {
      provider = newProvider(uris);
      callback = provider.callback();
    },
    env: {
      LANTERN_OIDC_ISSUER: issuer,
      LANTERN_OIDC_CLIENT_ID: clientId,
      LANTERN_OIDC_CLIENT_SECRET: clientSecret,
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
