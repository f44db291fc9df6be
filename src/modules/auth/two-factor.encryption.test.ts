import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.ts';
import { createServices, secretBoxFor, sessionSecretFor, type Services } from '../../composition.ts';
import type { EncryptionConfig } from '../../config.ts';
import { createSecretBox, newKey, parseKey, SecretUnreadable } from '../../platform/crypto/secret-box.ts';
import type { Db } from '../../platform/db/index.ts';
import { createUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { cookieFrom, csrfFrom, testConfig } from '../../../test/test-app.ts';
import { createTestDb } from '../../../test/test-db.ts';
import { codeForStep, newTotpSecret, stepAt } from './totp.ts';

const codeNow = (secret: string) => codeForStep(secret, stepAt(Date.now()));
const context = (userId: string) => `users.totp_secret:${userId}`;

describe('secret box (AES-256-GCM)', () => {
  const key = parseKey(newKey(), 'test key');
  const box = createSecretBox(key);

  it('seals to a versioned value that opens only with its key and in its own row', () => {
    const sealed = box.seal('JBSWY3DPEHPK3PXP', 'row-1');
    assert.match(sealed, /^v1:[\w-]{8}:[\w-]+:[\w-]+:[\w-]+$/);
    assert.notEqual(box.seal('JBSWY3DPEHPK3PXP', 'row-1'), sealed, 'a new IV each time');
    assert.deepEqual(box.open(sealed, 'row-1'), { plain: 'JBSWY3DPEHPK3PXP', stale: false });
    assert.throws(() => box.open(sealed, 'row-2'), SecretUnreadable);
    const other = createSecretBox(parseKey(newKey(), 'other'));
    assert.throws(() => other.open(sealed, 'row-1'), /neither LANTERN_ENCRYPTION_KEY/);
    const [v, id, iv, tag, ct] = sealed.split(':');
    const flipped = `${v}:${id}:${iv}:${tag}:${ct!.startsWith('A') ? 'B' : 'A'}${ct!.slice(1)}`;
    assert.throws(() => box.open(flipped, 'row-1'), /integrity check/);
  });

  it('opens values under a previous key and from before encryption, saying they are stale', () => {
    const old = parseKey(newKey(), 'old');
    const sealedOld = createSecretBox(old).seal('SECRET', 'r');
    assert.deepEqual(createSecretBox(key, [old]).open(sealedOld, 'r'), { plain: 'SECRET', stale: true });
    assert.deepEqual(box.open('JBSWY3DPEHPK3PXP', 'r'), { plain: 'JBSWY3DPEHPK3PXP', stale: true });
  });

  it('refuses a key that is not 32 bytes of base64', () => {
    assert.throws(() => parseKey('c2hvcnQ=', 'LANTERN_ENCRYPTION_KEY'), /LANTERN_ENCRYPTION_KEY must be 32/);
    assert.throws(() => parseKey('not base64 at all!', 'X'), /must be 32 random bytes/);
  });
});

/** The app on `db` with the given keys: several can be made in turn on one database, as after a restart. */
async function appWith(db: Db, encryption: EncryptionConfig) {
  const config = { ...testConfig({ twoFactor: 'required' }), encryption };
  const services = createServices(db, config);
  const app = await buildApp({ config, services, sessionSecret: await sessionSecretFor(db, config) });
  await app.ready();
  return { app, services };
}

const tokenFor = (app: FastifyInstance, email: string, otp: string) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { email, password: TEST_PASSWORD, otp } });

describe('authenticator app secrets are encrypted at rest', () => {
  let db: Db;
  const k1 = newKey();
  const k2 = newKey();
  const apps: FastifyInstance[] = [];
  const open = async (encryption: EncryptionConfig) => {
    const made = await appWith(db, encryption);
    apps.push(made.app);
    return made;
  };
  before(async () => {
    db = await createTestDb();
  });
  after(async () => {
    for (const app of apps) await app.close();
    await db.close();
  });

  /** A practitioner with an app set up through the service; every code is fresh (steps reset). */
  async function withApp(services: Services) {
    const user = await createUser(db, 'practitioner');
    const secret = newTotpSecret();
    const setUp = await services.twoFactor.completeSetUp(user.id, secret, codeNow(secret), 'test');
    assert.ok(setUp.ok);
    await db.query('UPDATE users SET totp_last_step = NULL WHERE id = $1', [user.id]);
    return { ...user, secret };
  }
  const storedOf = async (userId: string) =>
    (await db.query<{ s: string }>('SELECT totp_secret AS s FROM users WHERE id = $1', [userId]))[0]!.s;
  const freshStep = (userId: string) =>
    db.query('UPDATE users SET totp_last_step = NULL WHERE id = $1', [userId]);

  it('stores the secret sealed, not as it is, and a code from the app still signs in', async () => {
    const { app, services } = await open({ key: k1, previousKeys: [] });
    const user = await withApp(services);
    const stored = await storedOf(user.id);
    assert.ok(stored.startsWith('v1:'));
    assert.ok(!stored.includes(user.secret));
    assert.equal(createSecretBox(parseKey(k1, 'k1')).open(stored, context(user.id)).plain, user.secret);
    const signIn = await tokenFor(app, user.email, codeNow(user.secret));
    assert.equal(signIn.statusCode, 200, signIn.body);
    assert.equal(await storedOf(user.id), stored, 'already under the current key: left alone');
  });

  it('accepts a secret stored before encryption, and encrypts it when it is first used', async () => {
    const { app, services } = await open({ key: k1, previousKeys: [] });
    const user = await withApp(services);
    await db.query('UPDATE users SET totp_secret = $2 WHERE id = $1', [user.id, user.secret]);
    assert.equal((await tokenFor(app, user.email, codeNow(user.secret))).statusCode, 200);
    const stored = await storedOf(user.id);
    assert.ok(stored.startsWith('v1:'));
    assert.equal(createSecretBox(parseKey(k1, 'k1')).open(stored, context(user.id)).plain, user.secret);
    await freshStep(user.id);
    assert.equal((await tokenFor(app, user.email, codeNow(user.secret))).statusCode, 200);
  });

  it('rotates keys: the previous key still opens a secret, which is sealed again under the new one', async () => {
    const first = await open({ key: k1, previousKeys: [] });
    const used = await withApp(first.services);
    const idle = await withApp(first.services);
    const legacy = await withApp(first.services);
    await db.query('UPDATE users SET totp_secret = $2 WHERE id = $1', [legacy.id, legacy.secret]);
    const rotated = await open({ key: k2, previousKeys: [k1] });
    assert.equal((await tokenFor(rotated.app, used.email, codeNow(used.secret))).statusCode, 200);
    const onlyK2 = createSecretBox(parseKey(k2, 'k2'));
    assert.equal(onlyK2.open(await storedOf(used.id), context(used.id)).stale, false);
    // `lantern secrets rotate` does the rest at once.
    const report = await rotated.services.twoFactor.resealAll();
    assert.ok(report.resealed >= 2, JSON.stringify(report));
    assert.deepEqual(report.unreadable, []);
    for (const u of [idle, legacy])
      assert.equal(onlyK2.open(await storedOf(u.id), context(u.id)).plain, u.secret);
    const again = await rotated.services.twoFactor.resealAll();
    assert.equal(again.resealed, 0);
  });

  it('with the wrong key, says the code cannot be checked (503, not 500), keeping the reason for the log', async () => {
    const first = await open({ key: k1, previousKeys: [] });
    const user = await withApp(first.services);
    const wrong = await open({ key: newKey(), previousKeys: [] });
    const api = await tokenFor(wrong.app, user.email, codeNow(user.secret));
    assert.equal(api.statusCode, 503);
    assert.equal((api.json() as { error: string }).error, 'unavailable');

    const form = await wrong.app.inject({ method: 'GET', url: '/sign-in' });
    let cookie = cookieFrom(form);
    const signIn = await wrong.app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { cookie },
      payload: { _csrf: csrfFrom(form.body), email: user.email, password: TEST_PASSWORD },
    });
    assert.equal(signIn.headers.location, '/sign-in/code');
    cookie = cookieFrom(signIn) || cookie;
    const codeForm = await wrong.app.inject({ method: 'GET', url: '/sign-in/code', headers: { cookie } });
    const page = await wrong.app.inject({
      method: 'POST',
      url: '/sign-in/code',
      headers: { cookie },
      payload: { _csrf: csrfFrom(codeForm.body), code: codeNow(user.secret) },
    });
    assert.equal(page.statusCode, 503);
    assert.match(page.body, /Sorry, we cannot check your code/);
    assert.match(page.body, /Contact your partnership’s business unit/);
    assert.doesNotMatch(page.body, /sealed under key|LANTERN_ENCRYPTION_KEY/, 'the reason is for the log');
    const report = await wrong.services.twoFactor.resealAll();
    assert.ok(report.unreadable.includes(user.id));
  });

  it('without a configured key (development, tests) uses the one key migrate made and kept', async () => {
    const [made] = await db.query<{ value: string }>(
      "SELECT value FROM settings WHERE key = 'development_encryption_key'",
    );
    const stored = createSecretBox(parseKey(made!.value, 'stored'));
    const boxA = await secretBoxFor(db)();
    const boxB = await secretBoxFor(db)();
    assert.equal(boxB.open(boxA.seal('S', 'c'), 'c').plain, 'S');
    assert.equal(stored.open(boxA.seal('T', 'c'), 'c').plain, 'T');
  });

  it('says to run migrate when the development key is missing, and reads it again next time', async () => {
    const [made] = await db.query<{ value: string }>(
      "DELETE FROM settings WHERE key = 'development_encryption_key' RETURNING value",
    );
    const box = secretBoxFor(db);
    await assert.rejects(box(), /development encryption key is missing: run `lantern migrate`/);
    await db.query("INSERT INTO settings (key, value) VALUES ('development_encryption_key', $1)", [
      made!.value,
    ]);
    const stored = createSecretBox(parseKey(made!.value, 'stored'));
    assert.equal(stored.open((await box()).seal('U', 'c'), 'c').plain, 'U');
  });
});
