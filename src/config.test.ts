import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { defaultAuthPolicy, loadConfig } from './config.ts';

const KEY = Buffer.alloc(32, 7).toString('base64');
const OLD_KEY = Buffer.alloc(32, 9).toString('base64');

describe('loadConfig', () => {
  it('requires LANTERN_ENCRYPTION_KEY in production, and refuses one that is not 32 bytes of base64', () => {
    assert.throws(
      () => loadConfig({ NODE_ENV: 'production' }),
      /LANTERN_ENCRYPTION_KEY is required in production/,
    );
    assert.throws(
      () => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/x' }),
      /LANTERN_ENCRYPTION_KEY is required/,
    );
    assert.throws(
      () => loadConfig({ LANTERN_ENCRYPTION_KEY: 'c2hvcnQ=' }),
      /LANTERN_ENCRYPTION_KEY: .*32 random bytes/,
    );
    assert.throws(
      () => loadConfig({ LANTERN_ENCRYPTION_KEY: KEY, LANTERN_ENCRYPTION_KEY_PREVIOUS: 'nope' }),
      /LANTERN_ENCRYPTION_KEY_PREVIOUS/,
    );
    assert.deepEqual(loadConfig({}).encryption, { key: undefined, previousKeys: [] });
  });

  it('defaults to port 3000 on 127.0.0.1, the embedded database in ./data, no TLS, log level info', () => {
    const config = loadConfig({});
    assert.equal(config.env, 'development');
    assert.equal(config.port, 3000);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.dataDir, path.resolve('data'));
    assert.equal(config.tls, false);
    assert.equal(config.logLevel, 'info');
    assert.equal(config.sessionSecret, undefined);
    assert.equal(config.demoPassword, undefined);
    // The embedded database loads the demo, whose accounts are shown their codes (see demoCodes).
    assert.deepEqual(config.auth, { ...defaultAuthPolicy, demoCodes: true });
    assert.equal(config.auth.maxFailures, 5);
    assert.equal(config.auth.twoFactor, 'required');
  });

  it('reads every setting it is given', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      PORT: '8080',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgresql://lantern@db.example/lantern',
      LANTERN_DATA_DIR: '/var/lib/lantern',
      LANTERN_DEMO_PASSWORD: 'a demo password',
      LANTERN_TLS: '1',
      SESSION_SECRET: 'x'.repeat(32),
      LANTERN_ENCRYPTION_KEY: KEY,
      LANTERN_ENCRYPTION_KEY_PREVIOUS: `${OLD_KEY}, ${KEY}`,
      LOG_LEVEL: 'debug',
      LANTERN_SIGN_IN_PER_MINUTE: '10',
      LANTERN_API_PER_MINUTE: '600',
      LANTERN_TWO_FACTOR: 'optional',
    });
    assert.equal(config.auth.twoFactor, 'optional');
    assert.equal(config.auth.demoCodes, false, 'no demo on PostgreSQL unless asked for');
    assert.equal(config.env, 'production');
    assert.equal(config.port, 8080);
    assert.equal(config.host, '0.0.0.0');
    assert.equal(config.databaseUrl, 'postgresql://lantern@db.example/lantern');
    assert.equal(config.dataDir, '/var/lib/lantern');
    assert.equal(config.demoPassword, 'a demo password');
    assert.equal(config.tls, true);
    assert.equal(config.sessionSecret, 'x'.repeat(32));
    assert.deepEqual(config.encryption, { key: KEY, previousKeys: [OLD_KEY, KEY] });
    assert.equal(config.logLevel, 'debug');
    assert.equal(config.auth.signInPerMinute, 10);
    assert.equal(config.auth.apiPerMinute, 600);
  });

  it('loads the demo partnership by default on the embedded database, and not on PostgreSQL', () => {
    assert.equal(loadConfig({}).loadDemo, true);
    assert.equal(loadConfig({ DATABASE_URL: 'postgres://db.example/lantern' }).loadDemo, false);
  });

  it('lets LANTERN_DEMO turn the demo on or off whatever the database', () => {
    assert.equal(loadConfig({ LANTERN_DEMO: '0' }).loadDemo, false);
    assert.equal(
      loadConfig({ LANTERN_DEMO: '1', DATABASE_URL: 'postgres://db.example/lantern' }).loadDemo,
      true,
    );
  });

  it('throws naming PORT when it is not a port number, including when it is set but empty', () => {
    for (const PORT of ['abc', '65536', '-1', '3000.5', '', ' ']) {
      assert.throws(() => loadConfig({ PORT }), /Invalid configuration: PORT: /, JSON.stringify(PORT));
    }
    assert.equal(loadConfig({ PORT: '0' }).port, 0);
    assert.equal(loadConfig({ PORT: '65535' }).port, 65535);
  });

  it('throws naming DATABASE_URL when it is not a postgres:// address', () => {
    for (const DATABASE_URL of ['mysql://db.example/lantern', 'db.example', '']) {
      assert.throws(
        () => loadConfig({ DATABASE_URL }),
        /Invalid configuration: DATABASE_URL: DATABASE_URL must start with postgres:\/\//,
        DATABASE_URL,
      );
    }
  });

  it('throws naming each other bad setting', () => {
    const cases: Record<string, string> = {
      LANTERN_DEMO: 'yes',
      LANTERN_TLS: 'true',
      LANTERN_SIGN_IN_PER_MINUTE: '0',
      LANTERN_API_PER_MINUTE: 'lots',
      SESSION_SECRET: 'too short',
      LANTERN_DEMO_PASSWORD: 'short',
      LOG_LEVEL: 'loud',
      NODE_ENV: 'staging',
      HOST: '',
    };
    for (const [name, value] of Object.entries(cases)) {
      assert.throws(
        () => loadConfig({ [name]: value }),
        new RegExp(`Invalid configuration: ${name}: `),
        name,
      );
    }
  });

  it('names every bad setting at once', () => {
    assert.throws(
      () => loadConfig({ PORT: 'x', LANTERN_TLS: 'yes' }),
      (err: unknown) =>
        err instanceof Error && /PORT: /.test(err.message) && /LANTERN_TLS: /.test(err.message),
    );
  });
});

describe('loadConfig: sign-in through an organisation’s identity provider', () => {
  const oidc = {
    LANTERN_OIDC_ISSUER: 'https://login.microsoftonline.com/tenant-id/v2.0',
    LANTERN_OIDC_CLIENT_ID: 'client-id',
    LANTERN_OIDC_CLIENT_SECRET: 'client-secret',
  };

  it('is off when nothing is set', () => {
    assert.equal(loadConfig({}).oidc, undefined);
  });

  it('reads the issuer, client and defaults: the label, the email claim, and Lantern’s own second step', () => {
    assert.deepEqual(loadConfig(oidc).oidc, {
      issuer: oidc.LANTERN_OIDC_ISSUER,
      clientId: 'client-id',
      clientSecret: 'client-secret',
      label: "Sign in with your organisation's account",
      emailClaim: 'email',
      mfa: 'lantern',
    });
    const entra = loadConfig({
      ...oidc,
      LANTERN_OIDC_LABEL: 'Sign in with Brookvale Council',
      LANTERN_OIDC_EMAIL_CLAIM: 'preferred_username',
      LANTERN_OIDC_MFA: 'trust-idp',
    }).oidc;
    assert.equal(entra?.label, 'Sign in with Brookvale Council');
    assert.equal(entra?.emailClaim, 'preferred_username');
    assert.equal(entra?.mfa, 'trust-idp');
  });

  it('refuses an issuer without a client id, naming what is missing', () => {
    assert.throws(
      () => loadConfig({ LANTERN_OIDC_ISSUER: oidc.LANTERN_OIDC_ISSUER }),
      /LANTERN_OIDC_ISSUER is set, so sign-in through an organisation's identity provider also needs LANTERN_OIDC_CLIENT_ID and LANTERN_OIDC_CLIENT_SECRET/,
    );
    assert.throws(
      () => loadConfig({ LANTERN_OIDC_CLIENT_ID: 'x', LANTERN_OIDC_MFA: 'trust-idp' }),
      /also needs LANTERN_OIDC_ISSUER and LANTERN_OIDC_CLIENT_SECRET/,
    );
  });

  it('refuses a bad issuer address, a plain-http issuer on another machine and an unknown MFA policy', () => {
    assert.throws(() => loadConfig({ ...oidc, LANTERN_OIDC_ISSUER: 'login' }), /LANTERN_OIDC_ISSUER: /);
    assert.throws(
      () => loadConfig({ ...oidc, LANTERN_OIDC_ISSUER: 'http://login.example' }),
      /LANTERN_OIDC_ISSUER must start with https:\/\//,
    );
    assert.equal(
      loadConfig({ ...oidc, LANTERN_OIDC_ISSUER: 'http://127.0.0.1:4000' }).oidc?.issuer,
      'http://127.0.0.1:4000',
    );
    assert.throws(() => loadConfig({ ...oidc, LANTERN_OIDC_MFA: 'always' }), /LANTERN_OIDC_MFA: /);
  });
});
