import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import {
  createOrganisation,
  createRecommendation,
  createReview,
  createReviewWithAction,
  createUser,
  TEST_PASSWORD,
} from '../../../test/factories.ts';
import { buildTestApp, signInAsApi, type TestContext } from '../../../test/test-app.ts';
import type { Db } from '../db/index.ts';
import { idempotencyJobs } from '../idempotency/index.ts';

interface ErrorJson {
  error: string;
  fields?: { path: string; message: string }[];
}

const pathsOf = (response: LightMyRequestResponse) =>
  ((response.json() as ErrorJson).fields ?? []).map((f) => f.path);

/** A client for one user that sends an Idempotency-Key when given one. */
async function apiClient(t: TestContext, email: string) {
  const { token } = await signInAsApi(t.app, email, TEST_PASSWORD);
  return (method: 'POST' | 'PATCH', url: string, payload: object, key?: string) =>
    t.app.inject({
      method,
      url,
      payload,
      headers: { authorization: `Bearer ${token}`, ...(key === undefined ? {} : { 'idempotency-key': key }) },
    });
}

const actionsOf = async (db: Db, recommendationId: string) =>
  (
    await db.query<{ n: number }>('SELECT count(*)::int AS n FROM actions WHERE recommendation_id = $1', [
      recommendationId,
    ])
  )[0]!.n;

const storedKeys = async (db: Db, key: string) =>
  (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM idempotency_keys WHERE key = $1', [key]))[0]!
    .n;

let counter = 0;
const freshKey = () => `key-${process.pid}-${++counter}`;

describe('Idempotency-Key on API writes', () => {
  let t: TestContext;
  let post: Awaited<ReturnType<typeof apiClient>>;
  let other: Awaited<ReturnType<typeof apiClient>>;
  let organisationId: string;
  before(async () => {
    t = await buildTestApp();
    organisationId = (await createOrganisation(t.db, 'police')).id;
    const bu = await createUser(t.db, 'business-unit');
    const bu2 = await createUser(t.db, 'business-unit');
    post = await apiClient(t, bu.email);
    other = await apiClient(t, bu2.email);
  });
  after(() => t.close());

  async function newRecommendation() {
    const review = await createReview(t.db);
    const rec = await createRecommendation(t.db, review.id);
    return { url: `/api/v1/recommendations/${rec.id}/actions`, id: rec.id };
  }
  const body = () => ({ organisationId, description: 'Audit safer-sleep advice', dueDate: '2099-03-31' });

  it('replays the first answer for the same key and body, and writes once', async () => {
    const rec = await newRecommendation();
    const key = freshKey();
    const first = await post('POST', rec.url, body(), key);
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(first.headers['idempotent-replayed'], undefined);
    const again = await post('POST', rec.url, body(), key);
    assert.equal(again.statusCode, 201);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.match(String(again.headers['content-type']), /^application\/json/);
    assert.equal((again.json() as { id: string }).id, (first.json() as { id: string }).id);
    assert.deepEqual(again.json(), first.json());
    assert.equal(await actionsOf(t.db, rec.id), 1);
    assert.equal(await storedKeys(t.db, key), 1);
  });

  it('accepts the key as a quoted structured-field string', async () => {
    const rec = await newRecommendation();
    const key = freshKey();
    assert.equal((await post('POST', rec.url, body(), `"${key}"`)).statusCode, 201);
    const again = await post('POST', rec.url, body(), key);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.equal(await actionsOf(t.db, rec.id), 1);
  });

  it('answers 422 naming the header when the key is reused for a different body', async () => {
    const rec = await newRecommendation();
    const key = freshKey();
    assert.equal((await post('POST', rec.url, body(), key)).statusCode, 201);
    const changed = await post('POST', rec.url, { ...body(), description: 'Something else' }, key);
    assert.equal(changed.statusCode, 422);
    assert.equal((changed.json() as ErrorJson).error, 'idempotency-key-reused');
    assert.deepEqual(pathsOf(changed), ['Idempotency-Key']);
    assert.equal(await actionsOf(t.db, rec.id), 1);
  });

  it('lets exactly one of several identical requests at once write; the others are told 409 or replayed', async () => {
    const rec = await newRecommendation();
    const key = freshKey();
    const answers = await Promise.all(Array.from({ length: 5 }, () => post('POST', rec.url, body(), key)));
    const fresh = answers.filter((a) => a.statusCode === 201 && !a.headers['idempotent-replayed']);
    assert.equal(fresh.length, 1, answers.map((a) => `${a.statusCode} ${a.body}`).join('\n'));
    const id = (fresh[0]!.json() as { id: string }).id;
    for (const a of answers) {
      if (a === fresh[0]) continue;
      if (a.statusCode === 409) {
        assert.deepEqual(pathsOf(a), ['Idempotency-Key']);
        assert.equal(a.headers['retry-after'], '1');
      } else {
        assert.equal(a.statusCode, 201);
        assert.equal(a.headers['idempotent-replayed'], 'true');
        assert.equal((a.json() as { id: string }).id, id);
      }
    }
    assert.equal(await actionsOf(t.db, rec.id), 1);
  });

  it('stores no key when the request fails, so a corrected retry with the same key is handled', async () => {
    const rec = await newRecommendation();
    const key = freshKey();
    const badSchema = await post('POST', rec.url, { ...body(), dueDate: 'soon' }, key);
    assert.equal(badSchema.statusCode, 400);
    // Refused by the service, inside the request's transaction.
    const badRule = await post('POST', rec.url, { ...body(), organisationId: crypto.randomUUID() }, key);
    assert.equal(badRule.statusCode, 400, badRule.body);
    assert.deepEqual(pathsOf(badRule), ['organisationId']);
    assert.equal(await storedKeys(t.db, key), 0);
    const corrected = await post('POST', rec.url, body(), key);
    assert.equal(corrected.statusCode, 201);
    assert.equal(corrected.headers['idempotent-replayed'], undefined);
    assert.equal(await actionsOf(t.db, rec.id), 1);
  });

  it("keeps keys apart per caller: another user's request with the same key is a new request", async () => {
    const rec = await newRecommendation();
    const key = freshKey();
    const mine = await post('POST', rec.url, body(), key);
    const theirs = await other('POST', rec.url, body(), key);
    assert.equal(theirs.statusCode, 201);
    assert.equal(theirs.headers['idempotent-replayed'], undefined);
    assert.notEqual((theirs.json() as { id: string }).id, (mine.json() as { id: string }).id);
    assert.equal(await actionsOf(t.db, rec.id), 2);
  });

  it('keeps keys apart per path: the same key on another recommendation is a new request', async () => {
    const a = await newRecommendation();
    const b = await newRecommendation();
    const key = freshKey();
    assert.equal((await post('POST', a.url, body(), key)).statusCode, 201);
    const onB = await post('POST', b.url, body(), key);
    assert.equal(onB.statusCode, 201);
    assert.equal(onB.headers['idempotent-replayed'], undefined);
    assert.equal(await actionsOf(t.db, b.id), 1);
  });

  it('replays a PATCH: the version moves on once', async () => {
    const { action } = await createReviewWithAction(t.db, organisationId);
    const key = freshKey();
    const change = { version: action.version, status: 'in-progress' };
    const first = await post('PATCH', `/api/v1/actions/${action.id}`, change, key);
    assert.equal(first.statusCode, 200, first.body);
    const again = await post('PATCH', `/api/v1/actions/${action.id}`, change, key);
    assert.equal(again.statusCode, 200);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    const [row] = await t.db.query<{ version: number }>('SELECT version FROM actions WHERE id = $1', [
      action.id,
    ]);
    assert.equal(row!.version, action.version + 1);
  });

  it('refuses a malformed key with 400 naming Idempotency-Key, before writing', async () => {
    const rec = await newRecommendation();
    for (const key of ['x'.repeat(256), 'tab\there', '""']) {
      const answer = await post('POST', rec.url, body(), key);
      assert.equal(answer.statusCode, 400, key);
      assert.equal((answer.json() as ErrorJson).error, 'validation');
      assert.deepEqual(pathsOf(answer), ['Idempotency-Key']);
    }
    assert.equal((await post('POST', rec.url, body(), 'x'.repeat(255))).statusCode, 201);
    assert.equal(await actionsOf(t.db, rec.id), 1);
  });

  it('without the header, each request writes as before', async () => {
    const rec = await newRecommendation();
    assert.equal((await post('POST', rec.url, body())).statusCode, 201);
    assert.equal((await post('POST', rec.url, body())).statusCode, 201);
    assert.equal(await actionsOf(t.db, rec.id), 2);
  });

  it('expired keys are not replayed, and the hourly job purges them', async () => {
    const rec = await newRecommendation();
    const key = freshKey();
    await post('POST', rec.url, body(), key);
    const [row] = await t.db.query<{ hours: number }>(
      `SELECT round(extract(epoch FROM expires_at - created_at) / 3600)::int AS hours
         FROM idempotency_keys WHERE key = $1`,
      [key],
    );
    assert.equal(row!.hours, 24);
    await t.db.query(`UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = $1`, [
      key,
    ]);
    const expiredKey = freshKey();
    await post('POST', rec.url, body(), expiredKey);
    await t.db.query(`UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = $1`, [
      expiredKey,
    ]);
    // Past its 24 hours a key is a new request (and its old row is replaced).
    const late = await post('POST', rec.url, body(), expiredKey);
    assert.equal(late.headers['idempotent-replayed'], undefined);
    assert.equal(await actionsOf(t.db, rec.id), 3);

    const [job] = idempotencyJobs(t.services.idempotency);
    assert.equal(job!.name, 'idempotency-purge');
    assert.ok(job!.cron);
    await job!.run({});
    assert.equal(await storedKeys(t.db, key), 0);
    assert.equal(await storedKeys(t.db, expiredKey), 1, 'the fresh row of the late request is kept');
  });
});

describe('Idempotency-Key when the database fails mid-request', () => {
  let t: TestContext;
  let post: Awaited<ReturnType<typeof apiClient>>;
  let organisationId: string;
  /** The next statement that matches fails as a lost connection would. */
  let failNext: RegExp | undefined;
  before(async () => {
    t = await buildTestApp(
      {},
      {
        wrapDb: (db) => {
          const check = (sql: string) => {
            if (failNext?.test(sql)) {
              failNext = undefined;
              throw new Error('forced failure');
            }
          };
          // Transactions' queries go through the `tx` the database hands out: wrap that too.
          const wrapQ = <Q extends Pick<Db, 'query'>>(q: Q): Q => ({
            ...q,
            query: (text: string, params?: readonly unknown[]) => {
              check(text);
              return q.query(text, params);
            },
          });
          return {
            ...wrapQ(db),
            transaction: (work) => db.transaction((tx) => work(wrapQ(tx))),
          };
        },
      },
    );
    organisationId = (await createOrganisation(t.db, 'police')).id;
    const bu = await createUser(t.db, 'business-unit');
    post = await apiClient(t, bu.email);
  });
  after(() => t.close());

  const body = () => ({ organisationId, description: 'Audit safer-sleep advice', dueDate: '2099-03-31' });

  for (const [what, statement] of [
    ['the write itself', /INSERT INTO actions/],
    ['storing the key (so the write must be undone with it)', /INSERT INTO idempotency_keys/],
  ] as const) {
    it(`a failure in ${what} leaves neither the write nor the key, and the retry succeeds`, async () => {
      const review = await createReview(t.db);
      const rec = await createRecommendation(t.db, review.id);
      const url = `/api/v1/recommendations/${rec.id}/actions`;
      const key = freshKey();
      failNext = statement;
      const failed = await post('POST', url, body(), key);
      assert.equal(failed.statusCode, 500, failed.body);
      assert.equal(failNext, undefined, 'the failure was forced');
      assert.equal(await actionsOf(t.db, rec.id), 0);
      assert.equal(await storedKeys(t.db, key), 0);
      const retry = await post('POST', url, body(), key);
      assert.equal(retry.statusCode, 201, retry.body);
      assert.equal(retry.headers['idempotent-replayed'], undefined);
      assert.equal(await actionsOf(t.db, rec.id), 1);
      assert.equal(await storedKeys(t.db, key), 1);
    });
  }
});

describe('the OpenAPI document', () => {
  it('lists Idempotency-Key on the API writes and not on reads or the token exchange', async () => {
    const t = await buildTestApp();
    try {
      const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
        paths: Record<
          string,
          Record<string, { parameters?: { in: string; name: string }[]; responses: object }>
        >;
      };
      const takesKey = (path: string, method: string) =>
        (doc.paths[path]?.[method]?.parameters ?? []).some(
          (p) => p.in === 'header' && p.name === 'Idempotency-Key',
        );
      assert.ok(takesKey('/api/v1/recommendations/{id}/actions', 'post'));
      assert.ok(takesKey('/api/v1/actions/{id}', 'patch'));
      assert.ok('422' in doc.paths['/api/v1/actions/{id}']!.patch!.responses);
      assert.ok(!takesKey('/api/v1/actions/{id}', 'get'));
      assert.ok(!takesKey('/api/v1/auth/token', 'post'));
    } finally {
      await t.close();
    }
  });
});
