import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Role } from '../../platform/http/current-user.ts';
import { addDays, londonToday } from '../../platform/clock.ts';
import {
  createAction,
  createLearningPoint,
  createOrganisation,
  createRecommendation,
  createReview,
  createReviewWithAction,
  createUser,
  TEST_PASSWORD,
} from '../../../test/factories.ts';
import { buildTestApp, signInAsApi, type TestContext } from '../../../test/test-app.ts';

const REQUIRED = {
  type: 'rapid-review',
  subjectRef: 'NS',
  incidentDate: '2026-01-05',
  awareDate: '2026-01-06',
};

/** A new user of `role` (in their own organisation unless one is given) with a signed-in API client. */
async function apiUser(ctx: TestContext, role: Role, organisationId?: string) {
  const user = await createUser(ctx.db, role, organisationId);
  return { user, api: await signInAsApi(ctx.app, user.email, TEST_PASSWORD) };
}

async function countReviews(ctx: TestContext): Promise<number> {
  const [row] = await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM reviews');
  return row!.n;
}

async function reviewRow(ctx: TestContext, id: string) {
  const [row] = await ctx.db.query<{
    type: string;
    status: string;
    subjectRef: string;
    summary: string;
    conclusion: string;
    lcsprDecisionDate: string | null;
    version: number;
  }>(
    `SELECT type, status, subject_ref AS "subjectRef", summary, conclusion,
            lcspr_decision_date AS "lcsprDecisionDate", version
       FROM reviews WHERE id = $1`,
    [id],
  );
  return row!;
}

async function auditRows(ctx: TestContext, subjectId: string) {
  return ctx.db.query<{ event: string; actorUserId: string | null; before: unknown; after: unknown }>(
    `SELECT event, actor_user_id AS "actorUserId", before, after FROM audit_events
      WHERE subject_id = $1 ORDER BY id`,
    [subjectId],
  );
}

const fieldPaths = (body: { fields?: { path: string }[] }) => (body.fields ?? []).map((f) => f.path);

describe('POST /api/v1/reviews', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await buildTestApp();
  });
  after(() => ctx.close());

  it('starts a rapid review from the four required fields and returns it whole, as GET does', async () => {
    const { user, api } = await apiUser(ctx, 'business-unit');
    const response = await api.post('/api/v1/reviews', REQUIRED);
    assert.equal(response.statusCode, 201);
    const created = response.json();
    assert.match(created.id, /^[0-9a-f-]{36}$/);
    assert.equal(created.version, 1);
    assert.equal(created.type, 'rapid-review');
    assert.equal(created.status, 'notified');
    assert.equal(created.subjectRef, 'NS');
    assert.equal(created.incidentDate, '2026-01-05');
    assert.equal(created.awareDate, '2026-01-06');
    assert.equal(created.panelNotifiedDate, null);
    assert.equal(created.lcsprDecisionDate, null);
    assert.equal(created.summary, '');
    assert.deepEqual(created.reviewers, []);
    assert.equal(typeof created.deadlines, 'object');
    assert.notEqual(created.deadlines, null);
    assert.ok(!Array.isArray(created.deadlines));

    const fetched = await api.get(`/api/v1/reviews/${created.id}`);
    assert.equal(fetched.statusCode, 200);
    const body = fetched.json();
    for (const [key, value] of Object.entries(created)) assert.deepEqual(body[key], value, key);
    assert.deepEqual(body.points, []);
    assert.deepEqual(body.recommendations, []);

    const [row] = await ctx.db.query<{ createdBy: string }>(
      'SELECT created_by AS "createdBy" FROM reviews WHERE id = $1',
      [created.id],
    );
    assert.equal(row!.createdBy, user.id);
    const audit = await auditRows(ctx, created.id);
    assert.equal(audit[0]!.event, 'review.created');
    assert.equal(audit[0]!.actorUserId, user.id);
  });

  it('names every missing required field in a 400', async () => {
    const { api } = await apiUser(ctx, 'business-unit');
    const response = await api.post('/api/v1/reviews', {});
    assert.equal(response.statusCode, 400);
    const body = response.json();
    assert.equal(body.error, 'validation');
    assert.deepEqual(new Set(fieldPaths(body)), new Set(['subjectRef', 'type', 'incidentDate', 'awareDate']));
    for (const f of body.fields) assert.equal(typeof f.message, 'string');
  });

  it('refuses an incident date in the future, naming incidentDate', async () => {
    const { api } = await apiUser(ctx, 'business-unit');
    const before = await countReviews(ctx);
    const tomorrow = addDays(londonToday(), 1);
    const response = await api.post('/api/v1/reviews', {
      ...REQUIRED,
      incidentDate: tomorrow,
      awareDate: tomorrow,
    });
    assert.equal(response.statusCode, 400);
    assert.ok(fieldPaths(response.json()).includes('incidentDate'));
    assert.equal(await countReviews(ctx), before);
  });

  for (const name of ['John Smith', "Mary-Jane O'Neil"]) {
    it(`refuses "${name}" as the child's reference and writes nothing`, async () => {
      const { api } = await apiUser(ctx, 'business-unit');
      const before = await countReviews(ctx);
      const response = await api.post('/api/v1/reviews', { ...REQUIRED, subjectRef: name });
      assert.equal(response.statusCode, 400);
      assert.equal(response.json().error, 'validation');
      assert.deepEqual(fieldPaths(response.json()), ['subjectRef']);
      assert.equal(await countReviews(ctx), before);
    });
  }

  it("refuses a child's reference of 21 characters and accepts one of 20", async () => {
    const { api } = await apiUser(ctx, 'business-unit');
    const long = await api.post('/api/v1/reviews', { ...REQUIRED, subjectRef: 'C'.repeat(21) });
    assert.equal(long.statusCode, 400);
    assert.deepEqual(fieldPaths(long.json()), ['subjectRef']);
    const max = await api.post('/api/v1/reviews', { ...REQUIRED, subjectRef: 'C'.repeat(20) });
    assert.equal(max.statusCode, 201);
  });

  it('refuses an aware date before the incident date, naming awareDate', async () => {
    const { api } = await apiUser(ctx, 'business-unit');
    const response = await api.post('/api/v1/reviews', { ...REQUIRED, awareDate: '2026-01-04' });
    assert.equal(response.statusCode, 400);
    assert.deepEqual(fieldPaths(response.json()), ['awareDate']);
  });

  it('makes a rapid review created with a decision date an LCSPR', async () => {
    const { api } = await apiUser(ctx, 'business-unit');
    const response = await api.post('/api/v1/reviews', { ...REQUIRED, lcsprDecisionDate: '2026-02-01' });
    assert.equal(response.statusCode, 201);
    assert.equal(response.json().type, 'lcspr');
    assert.equal(response.json().lcsprDecisionDate, '2026-02-01');
  });

  it('assigns reviewers by id, and refuses someone who is not a reviewer', async () => {
    const { api } = await apiUser(ctx, 'business-unit');
    const reviewer = await createUser(ctx.db, 'reviewer');
    const ok = await api.post('/api/v1/reviews', { ...REQUIRED, reviewerIds: [reviewer.id] });
    assert.equal(ok.statusCode, 201);
    assert.deepEqual(ok.json().reviewers, [{ id: reviewer.id, name: 'Test reviewer' }]);

    const board = await createUser(ctx.db, 'board-member');
    const before = await countReviews(ctx);
    const refused = await api.post('/api/v1/reviews', { ...REQUIRED, reviewerIds: [board.id] });
    assert.equal(refused.statusCode, 400);
    assert.deepEqual(fieldPaths(refused.json()), ['reviewerIds']);
    assert.equal(await countReviews(ctx), before);
  });

  for (const role of ['organisation-lead', 'practitioner', 'reviewer', 'board-member'] as const) {
    it(`answers 403 to a ${role} and writes nothing`, async () => {
      const { api } = await apiUser(ctx, role);
      const before = await countReviews(ctx);
      const response = await api.post('/api/v1/reviews', REQUIRED);
      assert.equal(response.statusCode, 403);
      assert.equal(response.json().error, 'forbidden');
      assert.equal(await countReviews(ctx), before);
    });
  }

  it('answers 401 without a token', async () => {
    const response = await ctx.app.inject({ method: 'POST', url: '/api/v1/reviews', payload: REQUIRED });
    assert.equal(response.statusCode, 401);
  });
});

describe('GET /api/v1/reviews/:id (who may see a review)', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await buildTestApp();
  });
  after(() => ctx.close());

  it('lets a board member read any review, but not change it (403)', async () => {
    const review = await createReview(ctx.db, { subjectRef: 'Baby T' });
    const { api } = await apiUser(ctx, 'board-member');
    const read = await api.get(`/api/v1/reviews/${review.id}`);
    assert.equal(read.statusCode, 200);
    assert.equal(read.json().subjectRef, 'Baby T');

    const change = await api.patch(`/api/v1/reviews/${review.id}`, { version: 1, summary: 'Board edit' });
    assert.equal(change.statusCode, 403);
    assert.equal(change.json().error, 'forbidden');
    const row = await reviewRow(ctx, review.id);
    assert.equal(row.summary, '');
    assert.equal(row.version, 1);
  });

  it('shows an organisation lead a review in which their organisation owns an action, and 404 for any other', async () => {
    const org = await createOrganisation(ctx.db, 'police');
    const other = await createOrganisation(ctx.db, 'school');
    const { review: shared } = await createReviewWithAction(ctx.db, org.id);
    const { review: notShared } = await createReviewWithAction(ctx.db, other.id);
    const bare = await createReview(ctx.db);
    const { api } = await apiUser(ctx, 'organisation-lead', org.id);

    assert.equal((await api.get(`/api/v1/reviews/${shared.id}`)).statusCode, 200);
    for (const id of [notShared.id, bare.id]) {
      const hidden = await api.get(`/api/v1/reviews/${id}`);
      assert.equal(hidden.statusCode, 404);
      assert.equal(hidden.json().error, 'not-found');
    }
    // The same answer as for a review that does not exist at all.
    const missing = await api.get('/api/v1/reviews/00000000-0000-4000-8000-000000000000');
    assert.deepEqual((await api.get(`/api/v1/reviews/${notShared.id}`)).json(), missing.json());
  });

  it('shows a reviewer only the reviews they are assigned to', async () => {
    const reviewer = await createUser(ctx.db, 'reviewer');
    const assigned = await createReview(ctx.db, { reviewerIds: [reviewer.id] });
    const unassigned = await createReview(ctx.db);
    const api = await signInAsApi(ctx.app, reviewer.email, TEST_PASSWORD);

    assert.equal((await api.get(`/api/v1/reviews/${assigned.id}`)).statusCode, 200);
    assert.equal((await api.get(`/api/v1/reviews/${unassigned.id}`)).statusCode, 404);
    const list = await api.get('/api/v1/reviews');
    assert.equal(list.statusCode, 200);
    assert.deepEqual(
      list.json().items.map((r: { id: string }) => r.id),
      [assigned.id],
    );
    assert.equal(list.json().total, 1);
  });

  it("writes a 'review.viewed' audit row naming the caller for every read", async () => {
    const review = await createReview(ctx.db);
    const { user, api } = await apiUser(ctx, 'board-member');
    assert.equal((await api.get(`/api/v1/reviews/${review.id}`)).statusCode, 200);
    const rows = await auditRows(ctx, review.id);
    assert.deepEqual(
      rows.map((r) => [r.event, r.actorUserId]),
      [['review.viewed', user.id]],
    );
  });

  it('returns the review with its points and recommendations, numbered', async () => {
    const review = await createReview(ctx.db);
    const lp = await createLearningPoint(ctx.db, review.id, 'Father not told');
    await createRecommendation(ctx.db, review.id, 'Tell both parents');
    const { api } = await apiUser(ctx, 'business-unit');
    const body = (await api.get(`/api/v1/reviews/${review.id}`)).json();
    assert.deepEqual(
      body.points.map((p: { id: string; kind: string; number: number; text: string }) => [
        p.id,
        p.kind,
        p.number,
        p.text,
      ]),
      [[lp.id, 'learning-point', 1, 'Father not told']],
    );
    assert.deepEqual(
      body.recommendations.map((r: { number: number; text: string }) => [r.number, r.text]),
      [[1, 'Tell both parents']],
    );
  });

  for (const bad of [
    'not-a-uuid',
    '------------------------------------',
    'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz',
  ]) {
    it(`answers 404, not 500, to the malformed id "${bad}" on every review route`, async () => {
      const { api } = await apiUser(ctx, 'business-unit');
      const url = `/api/v1/reviews/${encodeURIComponent(bad)}`;
      const answers = [
        await api.get(url),
        await api.patch(url, { version: 1, summary: 'x' }),
        await api.get(`${url}/recommendations`),
        await api.post(`${url}/recommendations`, { text: 'x' }),
        await api.post(`${url}/points`, { kind: 'finding', text: 'x' }),
      ];
      assert.deepEqual(
        answers.map((a) => a.statusCode),
        [404, 404, 404, 404, 404],
      );
    });
  }

  it('answers 401 without a token', async () => {
    const review = await createReview(ctx.db);
    const response = await ctx.app.inject({ method: 'GET', url: `/api/v1/reviews/${review.id}` });
    assert.equal(response.statusCode, 401);
  });
});

describe('GET /api/v1/reviews (list)', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await buildTestApp();
  });
  after(() => ctx.close());

  it('returns {items,total,page,pageSize}, newest first', async () => {
    const { api } = await apiUser(ctx, 'business-unit');
    const ids: string[] = [];
    for (const subjectRef of ['R1', 'R2', 'R3']) {
      const created = await api.post('/api/v1/reviews', { ...REQUIRED, subjectRef });
      assert.equal(created.statusCode, 201);
      ids.push(created.json().id);
    }
    const response = await api.get('/api/v1/reviews');
    assert.equal(response.statusCode, 200);
    const body = response.json();
    assert.deepEqual(Object.keys(body).sort(), ['items', 'page', 'pageSize', 'total']);
    assert.equal(body.page, 1);
    assert.equal(body.pageSize, 50);
    assert.equal(body.total, await countReviews(ctx));
    const mine = body.items.map((r: { id: string }) => r.id).filter((id: string) => ids.includes(id));
    assert.deepEqual(mine, [...ids].reverse());
  });

  it('pages through the list with page and pageSize', async () => {
    const { api } = await apiUser(ctx, 'business-unit');
    for (const subjectRef of ['P1', 'P2']) await api.post('/api/v1/reviews', { ...REQUIRED, subjectRef });
    const all = (await api.get('/api/v1/reviews?pageSize=200')).json();
    const second = await api.get('/api/v1/reviews?page=2&pageSize=1');
    assert.equal(second.statusCode, 200);
    assert.equal(second.json().page, 2);
    assert.equal(second.json().pageSize, 1);
    assert.equal(second.json().total, all.total);
    assert.deepEqual(
      second.json().items.map((r: { id: string }) => r.id),
      [all.items[1].id],
    );
  });

  it('refuses a pageSize above 200 with a 400 naming pageSize', async () => {
    const { api } = await apiUser(ctx, 'business-unit');
    const response = await api.get('/api/v1/reviews?pageSize=201');
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().error, 'validation');
    assert.deepEqual(fieldPaths(response.json()), ['pageSize']);
  });

  it('lists for an organisation lead only the reviews in which their organisation owns an action', async () => {
    const org = await createOrganisation(ctx.db, 'icb');
    const { review: shared } = await createReviewWithAction(ctx.db, org.id);
    await createReviewWithAction(ctx.db, (await createOrganisation(ctx.db)).id);
    await createReview(ctx.db);
    const { api } = await apiUser(ctx, 'organisation-lead', org.id);
    const body = (await api.get('/api/v1/reviews')).json();
    assert.deepEqual(
      body.items.map((r: { id: string }) => r.id),
      [shared.id],
    );
    assert.equal(body.total, 1);
  });

  it('counts open and overdue actions on each review', async () => {
    const org = await createOrganisation(ctx.db);
    const review = await createReview(ctx.db);
    const rec = await createRecommendation(ctx.db, review.id);
    await createAction(ctx.db, { recommendationId: rec.id, organisationId: org.id, dueDate: '2026-01-01' });
    await createAction(ctx.db, { recommendationId: rec.id, organisationId: org.id });
    await createAction(ctx.db, {
      recommendationId: rec.id,
      organisationId: org.id,
      dueDate: '2026-01-01',
      status: 'closed',
    });
    const { api } = await apiUser(ctx, 'organisation-lead', org.id);
    const [item] = (await api.get('/api/v1/reviews')).json().items;
    assert.equal(item.id, review.id);
    assert.equal(item.openActions, 2);
    assert.equal(item.overdueActions, 1);
  });
});

// The timeouts below turn a hang into a failure: on the embedded database a query made outside an
// open transaction waits for it for ever.
describe('PATCH /api/v1/reviews/:id', () => {
  let ctx: TestContext;
  let bu: Awaited<ReturnType<typeof apiUser>>;
  before(async () => {
    ctx = await buildTestApp();
    bu = await apiUser(ctx, 'business-unit');
  });
  after(() => ctx.close());

  it('answers 409 {"error":"conflict"} to a stale version, even when the other fields are invalid', async () => {
    const review = await createReview(ctx.db);
    assert.equal(
      (await bu.api.patch(`/api/v1/reviews/${review.id}`, { version: 1, summary: 'First' })).statusCode,
      200,
    );
    const response = await bu.api.patch(`/api/v1/reviews/${review.id}`, {
      version: 1,
      subjectRef: 'John Smith',
      status: 'published',
      incidentDate: 'yesterday',
    });
    assert.equal(response.statusCode, 409);
    assert.equal(response.json().error, 'conflict');
    const row = await reviewRow(ctx, review.id);
    assert.equal(row.version, 2);
    assert.equal(row.subjectRef, 'Child Q');
    assert.equal(row.summary, 'First');
  });

  it('answers 409 to a stale version before the role check', async () => {
    const review = await createReview(ctx.db);
    await bu.api.patch(`/api/v1/reviews/${review.id}`, { version: 1, summary: 'First' });
    const { api } = await apiUser(ctx, 'board-member');
    const response = await api.patch(`/api/v1/reviews/${review.id}`, { version: 1, summary: 'x' });
    assert.equal(response.statusCode, 409);
  });

  it('requires the version, naming it', async () => {
    const review = await createReview(ctx.db);
    const response = await bu.api.patch(`/api/v1/reviews/${review.id}`, { summary: 'No version' });
    assert.equal(response.statusCode, 400);
    assert.deepEqual(fieldPaths(response.json()), ['version']);
    assert.equal((await reviewRow(ctx, review.id)).summary, '');
  });

  it('makes a rapid review an LCSPR when lcsprDecisionDate is recorded, and increments the version', async () => {
    const review = await createReview(ctx.db);
    const response = await bu.api.patch(`/api/v1/reviews/${review.id}`, {
      version: 1,
      lcsprDecisionDate: '2026-02-10',
    });
    assert.equal(response.statusCode, 200);
    const body = response.json();
    assert.equal(body.type, 'lcspr');
    assert.equal(body.lcsprDecisionDate, '2026-02-10');
    assert.equal(body.version, 2);
    assert.equal(typeof body.deadlines, 'object');
    const row = await reviewRow(ctx, review.id);
    assert.deepEqual([row.type, row.lcsprDecisionDate, row.version], ['lcspr', '2026-02-10', 2]);

    const cleared = await bu.api.patch(`/api/v1/reviews/${review.id}`, {
      version: 2,
      lcsprDecisionDate: null,
    });
    assert.equal(cleared.statusCode, 200);
    assert.equal(cleared.json().type, 'rapid-review');
    assert.equal((await reviewRow(ctx, review.id)).type, 'rapid-review');
  });

  it('refuses a decision date before the local authority became aware, naming lcsprDecisionDate', async () => {
    const review = await createReview(ctx.db);
    const response = await bu.api.patch(`/api/v1/reviews/${review.id}`, {
      version: 1,
      lcsprDecisionDate: '2026-01-01',
    });
    assert.equal(response.statusCode, 400);
    assert.deepEqual(fieldPaths(response.json()), ['lcsprDecisionDate']);
    assert.equal((await reviewRow(ctx, review.id)).type, 'rapid-review');
  });

  it('refuses the jump from notified to published with a 400 naming status, changing nothing', async () => {
    const review = await createReview(ctx.db);
    const response = await bu.api.patch(`/api/v1/reviews/${review.id}`, { version: 1, status: 'published' });
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().error, 'validation');
    assert.deepEqual(fieldPaths(response.json()), ['status']);
    const row = await reviewRow(ctx, review.id);
    assert.deepEqual([row.status, row.version], ['notified', 1]);
  });

  it("refuses a name as the child's reference on update, changing nothing", async () => {
    const review = await createReview(ctx.db);
    const response = await bu.api.patch(`/api/v1/reviews/${review.id}`, {
      version: 1,
      subjectRef: 'John Smith',
    });
    assert.equal(response.statusCode, 400);
    assert.deepEqual(fieldPaths(response.json()), ['subjectRef']);
    assert.equal((await reviewRow(ctx, review.id)).subjectRef, 'Child Q');
  });

  it("moves the status one step and writes 'review.status-changed' with before and after", async () => {
    const review = await createReview(ctx.db);
    const response = await bu.api.patch(`/api/v1/reviews/${review.id}`, {
      version: 1,
      status: 'rapid-review',
    });
    assert.equal(response.statusCode, 200);
    assert.equal(response.json().status, 'rapid-review');
    const rows = (await auditRows(ctx, review.id)).filter((r) => r.event !== 'review.viewed');
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.event, 'review.status-changed');
    assert.equal(rows[0]!.actorUserId, bu.user.id);
    assert.deepEqual(rows[0]!.before, { status: 'notified' });
    assert.deepEqual(rows[0]!.after, { status: 'rapid-review' });
  });

  it("writes 'review.updated' with the before and after values of what changed", async () => {
    const review = await createReview(ctx.db);
    const response = await bu.api.patch(`/api/v1/reviews/${review.id}`, {
      version: 1,
      summary: 'Infant found unresponsive',
      subjectRef: 'Child Q',
    });
    assert.equal(response.statusCode, 200);
    const rows = (await auditRows(ctx, review.id)).filter((r) => r.event !== 'review.viewed');
    assert.deepEqual(
      rows.map((r) => [r.event, r.actorUserId, r.before, r.after]),
      [['review.updated', bu.user.id, { summary: '' }, { summary: 'Infant found unresponsive' }]],
    );
  });

  it('replaces the reviewers when the business unit sends reviewerIds', { timeout: 20_000 }, async () => {
    const first = await createUser(ctx.db, 'reviewer');
    const second = await createUser(ctx.db, 'reviewer');
    const review = await createReview(ctx.db, { reviewerIds: [first.id] });
    const response = await bu.api.patch(`/api/v1/reviews/${review.id}`, {
      version: 1,
      reviewerIds: [second.id],
    });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(
      response.json().reviewers.map((r: { id: string }) => r.id),
      [second.id],
    );
    const firstApi = await signInAsApi(ctx.app, first.email, TEST_PASSWORD);
    assert.equal((await firstApi.get(`/api/v1/reviews/${review.id}`)).statusCode, 404);
  });

  it(
    'lets an assigned reviewer change the summary and conclusion, but not the status (403)',
    { timeout: 20_000 },
    async () => {
      const reviewer = await createUser(ctx.db, 'reviewer');
      const review = await createReview(ctx.db, { reviewerIds: [reviewer.id] });
      const api = await signInAsApi(ctx.app, reviewer.email, TEST_PASSWORD);

      const content = await api.patch(`/api/v1/reviews/${review.id}`, {
        version: 1,
        summary: 'Reviewer summary',
        conclusion: 'Reviewer conclusion',
      });
      assert.equal(content.statusCode, 200);
      assert.equal(content.json().summary, 'Reviewer summary');
      assert.equal(content.json().version, 2);

      const status = await api.patch(`/api/v1/reviews/${review.id}`, { version: 2, status: 'rapid-review' });
      assert.equal(status.statusCode, 403);
      const reviewers = await api.patch(`/api/v1/reviews/${review.id}`, { version: 2, reviewerIds: [] });
      assert.equal(reviewers.statusCode, 403);
      const row = await reviewRow(ctx, review.id);
      assert.deepEqual(
        [row.status, row.summary, row.conclusion, row.version],
        ['notified', 'Reviewer summary', 'Reviewer conclusion', 2],
      );
    },
  );

  it('answers 404 to a reviewer who is not assigned, and 403 to an organisation lead who can see it', async () => {
    const org = await createOrganisation(ctx.db);
    const { review } = await createReviewWithAction(ctx.db, org.id);
    const reviewer = await apiUser(ctx, 'reviewer');
    const lead = await apiUser(ctx, 'organisation-lead', org.id);
    const asReviewer = await reviewer.api.patch(`/api/v1/reviews/${review.id}`, { version: 1, summary: 'x' });
    assert.equal(asReviewer.statusCode, 404);
    const asLead = await lead.api.patch(`/api/v1/reviews/${review.id}`, { version: 1, summary: 'x' });
    assert.equal(asLead.statusCode, 403);
    assert.equal((await reviewRow(ctx, review.id)).summary, '');
  });
});

describe('/api/v1/reviews/:id/recommendations', () => {
  let ctx: TestContext;
  let bu: Awaited<ReturnType<typeof apiUser>>;
  before(async () => {
    ctx = await buildTestApp();
    bu = await apiUser(ctx, 'business-unit');
  });
  after(() => ctx.close());

  it('numbers new recommendations 1, 2, 3 within their review', async () => {
    const review = await createReview(ctx.db);
    const otherReview = await createReview(ctx.db);
    await createRecommendation(ctx.db, otherReview.id);
    const numbers: number[] = [];
    for (const text of ['First', 'Second', 'Third']) {
      const response = await bu.api.post(`/api/v1/reviews/${review.id}/recommendations`, { text });
      assert.equal(response.statusCode, 201);
      const body = response.json();
      assert.equal(body.text, text);
      assert.equal(body.reviewId, review.id);
      assert.equal(body.version, 1);
      assert.deepEqual(body.learningPointIds, []);
      numbers.push(body.number);
    }
    assert.deepEqual(numbers, [1, 2, 3]);
  });

  it('gives recommendations added at the same moment distinct numbers', async () => {
    const review = await createReview(ctx.db);
    const responses = await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        bu.api.post(`/api/v1/reviews/${review.id}/recommendations`, { text: `R${n}` }),
      ),
    );
    assert.deepEqual(
      responses.map((r) => r.statusCode),
      [201, 201, 201, 201, 201],
    );
    assert.deepEqual(responses.map((r) => r.json().number).sort(), [1, 2, 3, 4, 5]);
  });

  it('links learning points of the same review, and refuses those of another review (400 learningPointIds)', async () => {
    const review = await createReview(ctx.db);
    const own = await createLearningPoint(ctx.db, review.id);
    const elsewhere = await createLearningPoint(ctx.db, (await createReview(ctx.db)).id);

    const refused = await bu.api.post(`/api/v1/reviews/${review.id}/recommendations`, {
      text: 'Borrowed',
      learningPointIds: [elsewhere.id],
    });
    assert.equal(refused.statusCode, 400);
    assert.deepEqual(fieldPaths(refused.json()), ['learningPointIds']);
    const [count] = await ctx.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM recommendations WHERE review_id = $1',
      [review.id],
    );
    assert.equal(count!.n, 0);

    const linked = await bu.api.post(`/api/v1/reviews/${review.id}/recommendations`, {
      text: 'Answers it',
      learningPointIds: [own.id],
    });
    assert.equal(linked.statusCode, 201);
    assert.deepEqual(linked.json().learningPointIds, [own.id]);
    assert.equal(linked.json().number, 1);
  });

  it('refuses a recommendation without text, naming text', async () => {
    const review = await createReview(ctx.db);
    const response = await bu.api.post(`/api/v1/reviews/${review.id}/recommendations`, { text: '   ' });
    assert.equal(response.statusCode, 400);
    assert.deepEqual(fieldPaths(response.json()), ['text']);
  });

  it('lists the recommendations in number order', async () => {
    const review = await createReview(ctx.db);
    for (const [number, text] of [
      [3, 'Third'],
      [1, 'First'],
      [2, 'Second'],
    ] as const) {
      await ctx.db.query('INSERT INTO recommendations (review_id, number, text) VALUES ($1, $2, $3)', [
        review.id,
        number,
        text,
      ]);
    }
    const response = await bu.api.get(`/api/v1/reviews/${review.id}/recommendations`);
    assert.equal(response.statusCode, 200);
    const body = response.json();
    assert.deepEqual(
      body.items.map((r: { number: number; text: string }) => [r.number, r.text]),
      [
        [1, 'First'],
        [2, 'Second'],
        [3, 'Third'],
      ],
    );
    assert.equal(body.total, 3);
  });

  it('lets an assigned reviewer add one, but not a board member or organisation lead (403)', async () => {
    const org = await createOrganisation(ctx.db);
    const reviewer = await createUser(ctx.db, 'reviewer');
    const { review } = await createReviewWithAction(ctx.db, org.id);
    await ctx.db.query('INSERT INTO review_reviewers (review_id, user_id) VALUES ($1, $2)', [
      review.id,
      reviewer.id,
    ]);
    const board = await apiUser(ctx, 'board-member');
    const lead = await apiUser(ctx, 'organisation-lead', org.id);
    const url = `/api/v1/reviews/${review.id}/recommendations`;
    assert.equal((await board.api.post(url, { text: 'Board' })).statusCode, 403);
    assert.equal((await lead.api.post(url, { text: 'Lead' })).statusCode, 403);
    const asReviewer = await (
      await signInAsApi(ctx.app, reviewer.email, TEST_PASSWORD)
    ).post(url, {
      text: 'Reviewer',
    });
    assert.equal(asReviewer.statusCode, 201);
    assert.equal(asReviewer.json().number, 2);
    const texts = (await bu.api.get(url)).json().items.map((r: { text: string }) => r.text);
    assert.deepEqual(texts, ['Give safer-sleep advice to both parents', 'Reviewer']);
  });

  it('answers 404 for the recommendations of a review the caller may not see', async () => {
    const review = await createReview(ctx.db);
    await createRecommendation(ctx.db, review.id);
    const lead = await apiUser(ctx, 'organisation-lead');
    const url = `/api/v1/reviews/${review.id}/recommendations`;
    assert.equal((await lead.api.get(url)).statusCode, 404);
    assert.equal((await lead.api.post(url, { text: 'x' })).statusCode, 404);
  });
});

describe('POST /api/v1/reviews/:id/points', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await buildTestApp();
  });
  after(() => ctx.close());

  it('numbers findings, good practice and learning points separately', async () => {
    const review = await createReview(ctx.db);
    const { api } = await apiUser(ctx, 'business-unit');
    const url = `/api/v1/reviews/${review.id}/points`;
    const answers = [];
    for (const kind of ['finding', 'learning-point', 'finding', 'good-practice', 'learning-point']) {
      const response = await api.post(url, { kind, text: `A ${kind}` });
      assert.equal(response.statusCode, 201);
      answers.push([response.json().kind, response.json().number]);
    }
    assert.deepEqual(answers, [
      ['finding', 1],
      ['learning-point', 1],
      ['finding', 2],
      ['good-practice', 1],
      ['learning-point', 2],
    ]);
  });

  it('refuses an unknown kind, naming kind', async () => {
    const review = await createReview(ctx.db);
    const { api } = await apiUser(ctx, 'business-unit');
    const response = await api.post(`/api/v1/reviews/${review.id}/points`, { kind: 'opinion', text: 'x' });
    assert.equal(response.statusCode, 400);
    assert.deepEqual(fieldPaths(response.json()), ['kind']);
  });
});
