import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  createAction,
  createOrganisation,
  createRecommendation,
  createReview,
  createReviewWithAction,
  createUser,
  TEST_PASSWORD,
} from '../../../test/factories.ts';
import { buildTestApp, signInAsApi, type TestContext } from '../../../test/test-app.ts';
import type { Db } from '../../platform/db/index.ts';
import type { Role } from '../../platform/http/current-user.ts';

interface ActionJson {
  id: string;
  version: number;
  status: string;
  overdue: boolean;
  organisationId: string;
  description: string;
  dueDate: string;
  originalDueDate: string;
  closedAt: string | null;
  ownerUserId: string | null;
  updates?: { kind: string; note: string; fromStatus: string | null; toStatus: string | null }[];
}
interface ListJson {
  items: ActionJson[];
  total: number;
  page: number;
  pageSize: number;
}
interface ErrorJson {
  error: string;
  fields?: { path: string; message: string }[];
}

const pathsOf = (body: unknown) => ((body as ErrorJson).fields ?? []).map((f) => f.path);

/** The action as stored, read straight from the database. */
async function storedAction(db: Db, id: string) {
  const rows = await db.query<{
    status: string;
    version: number;
    description: string;
    dueDate: string;
    originalDueDate: string;
    closedAt: Date | null;
  }>(
    `SELECT status, version, description, due_date AS "dueDate", original_due_date AS "originalDueDate",
            closed_at AS "closedAt"
       FROM actions WHERE id = $1`,
    [id],
  );
  return rows[0]!;
}

async function updatesCount(db: Db, actionId: string): Promise<number> {
  const rows = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM action_updates WHERE action_id = $1',
    [actionId],
  );
  return rows[0]!.n;
}

/** Audit rows recording a change to the action (not the "viewed" rows reads leave). */
async function changeAudit(db: Db, actionId: string) {
  return db.query<{ event: string; before: unknown; after: unknown; actorUserId: string }>(
    `SELECT event, before, after, actor_user_id AS "actorUserId" FROM audit_events
      WHERE subject_type = 'action' AND subject_id = $1 AND event IN ('action.status-changed', 'action.updated')
      ORDER BY id`,
    [actionId],
  );
}

/** A user of `role` in the organisation, signed in through the API. */
async function apiUser(ctx: TestContext, role: Role, organisationId?: string) {
  const user = await createUser(ctx.db, role, organisationId);
  return { user, api: await signInAsApi(ctx.app, user.email, TEST_PASSWORD) };
}

describe('POST /api/v1/recommendations/{id}/actions', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await buildTestApp();
  });
  after(() => ctx.close());

  it('lets the business unit add an action and answers 201 with the whole record', async () => {
    const org = await createOrganisation(ctx.db, 'police', 'Brookvale Police');
    const review = await createReview(ctx.db, { subjectRef: 'Baby T' });
    const recommendation = await createRecommendation(ctx.db, review.id);
    const { api } = await apiUser(ctx, 'business-unit');

    const response = await api.post(`/api/v1/recommendations/${recommendation.id}/actions`, {
      organisationId: org.id,
      description: 'Brief every response officer on safer sleep',
      dueDate: '2099-06-30',
    });

    assert.equal(response.statusCode, 201);
    const body = response.json<ActionJson & Record<string, unknown>>();
    assert.match(body.id, /^[0-9a-f-]{36}$/);
    assert.equal(body.version, 1);
    assert.equal(body.status, 'not-started');
    assert.equal(body.overdue, false);
    assert.equal(body.dueDate, '2099-06-30');
    assert.equal(body.originalDueDate, '2099-06-30');
    assert.equal(body.organisationId, org.id);
    assert.equal(body.organisationName, 'Brookvale Police');
    assert.equal(body.description, 'Brief every response officer on safer sleep');
    assert.equal(body.recommendationId, recommendation.id);
    assert.equal(body.recommendationNumber, recommendation.number);
    assert.equal(body.reviewId, review.id);
    assert.equal(body.subjectRef, 'Baby T');
    assert.equal(body.ownerUserId, null);
    assert.equal(body.closedAt, null);

    // "The whole record as GET would return it."
    const { updates, ...got } = (await api.get(`/api/v1/actions/${body.id}`)).json<ActionJson>();
    assert.deepEqual(updates, []);
    assert.deepEqual(got, body);
    assert.equal((await storedAction(ctx.db, body.id)).status, 'not-started');
  });

  it('accepts a due date in the past (a legacy plan) and reports the action overdue', async () => {
    const org = await createOrganisation(ctx.db);
    const { recommendation } = await createReviewWithAction(ctx.db, org.id);
    const { api } = await apiUser(ctx, 'business-unit');

    const response = await api.post(`/api/v1/recommendations/${recommendation.id}/actions`, {
      organisationId: org.id,
      description: 'Re-audit the 2019 discharge checklist',
      dueDate: '2020-03-31',
    });

    assert.equal(response.statusCode, 201);
    const body = response.json<ActionJson>();
    assert.equal(body.dueDate, '2020-03-31');
    assert.equal(body.overdue, true);
  });

  it('answers 400 naming each missing required field, and creates nothing', async () => {
    const review = await createReview(ctx.db);
    const recommendation = await createRecommendation(ctx.db, review.id);
    const { api } = await apiUser(ctx, 'business-unit');

    const response = await api.post(`/api/v1/recommendations/${recommendation.id}/actions`, {});

    assert.equal(response.statusCode, 400);
    assert.equal(response.json<ErrorJson>().error, 'validation');
    const paths = pathsOf(response.json());
    for (const field of ['organisationId', 'description', 'dueDate'])
      assert.ok(paths.includes(field), `${field} not named in ${JSON.stringify(paths)}`);
    const rows = await ctx.db.query('SELECT 1 FROM actions WHERE recommendation_id = $1', [
      recommendation.id,
    ]);
    assert.equal(rows.length, 0);
  });

  it('answers 400 naming ownerUserId when the owner works for another organisation', async () => {
    const org = await createOrganisation(ctx.db);
    const elsewhere = await createOrganisation(ctx.db);
    const outsider = await createUser(ctx.db, 'practitioner', elsewhere.id);
    const review = await createReview(ctx.db);
    const recommendation = await createRecommendation(ctx.db, review.id);
    const { api } = await apiUser(ctx, 'business-unit');

    const response = await api.post(`/api/v1/recommendations/${recommendation.id}/actions`, {
      organisationId: org.id,
      description: 'Audit records',
      dueDate: '2099-01-31',
      ownerUserId: outsider.id,
    });

    assert.equal(response.statusCode, 400);
    assert.deepEqual(pathsOf(response.json()), ['ownerUserId']);
    const rows = await ctx.db.query('SELECT 1 FROM actions WHERE recommendation_id = $1', [
      recommendation.id,
    ]);
    assert.equal(rows.length, 0);
  });

  it('records a named owner from the owning organisation', async () => {
    const org = await createOrganisation(ctx.db);
    const owner = await createUser(ctx.db, 'practitioner', org.id);
    const review = await createReview(ctx.db);
    const recommendation = await createRecommendation(ctx.db, review.id);
    const { api } = await apiUser(ctx, 'business-unit');

    const response = await api.post(`/api/v1/recommendations/${recommendation.id}/actions`, {
      organisationId: org.id,
      description: 'Audit records',
      dueDate: '2099-01-31',
      ownerUserId: owner.id,
    });

    assert.equal(response.statusCode, 201);
    assert.equal(response.json<ActionJson>().ownerUserId, owner.id);
  });

  it('answers 403 to an organisation lead who can see the recommendation, and creates nothing', async () => {
    const org = await createOrganisation(ctx.db);
    const { recommendation } = await createReviewWithAction(ctx.db, org.id);
    const { api } = await apiUser(ctx, 'organisation-lead', org.id);

    const response = await api.post(`/api/v1/recommendations/${recommendation.id}/actions`, {
      organisationId: org.id,
      description: 'Our own idea',
      dueDate: '2099-01-31',
    });

    assert.equal(response.statusCode, 403);
    const rows = await ctx.db.query('SELECT 1 FROM actions WHERE recommendation_id = $1', [
      recommendation.id,
    ]);
    assert.equal(rows.length, 1, 'only the factory-made action exists');
  });

  it('answers 404 for a recommendation that does not exist', async () => {
    const org = await createOrganisation(ctx.db);
    const { api } = await apiUser(ctx, 'business-unit');
    const response = await api.post('/api/v1/recommendations/6f1c1a3e-0000-4000-8000-000000000000/actions', {
      organisationId: org.id,
      description: 'Audit records',
      dueDate: '2099-01-31',
    });
    assert.equal(response.statusCode, 404);
  });
});

describe('GET /api/v1/actions', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await buildTestApp();
  });
  after(() => ctx.close());

  it("gives an organisation lead only their own organisation's actions", async () => {
    const orgA = await createOrganisation(ctx.db);
    const orgB = await createOrganisation(ctx.db);
    const { recommendation } = await createReviewWithAction(ctx.db, orgA.id, { description: 'A one' });
    await createAction(ctx.db, { recommendationId: recommendation.id, organisationId: orgA.id });
    const ofB = await createAction(ctx.db, { recommendationId: recommendation.id, organisationId: orgB.id });
    const { api } = await apiUser(ctx, 'organisation-lead', orgA.id);

    const response = await api.get('/api/v1/actions');

    assert.equal(response.statusCode, 200);
    const body = response.json<ListJson>();
    assert.equal(body.total, 2);
    assert.equal(body.items.length, 2);
    assert.ok(body.items.every((a) => a.organisationId === orgA.id));
    assert.ok(!body.items.some((a) => a.id === ofB.id));
    assert.equal(body.page, 1);
    assert.equal(body.pageSize, 50);
  });

  it('filters by organisationId', async () => {
    const orgA = await createOrganisation(ctx.db);
    const orgB = await createOrganisation(ctx.db);
    const { action: ofA } = await createReviewWithAction(ctx.db, orgA.id);
    await createReviewWithAction(ctx.db, orgB.id);
    const { api } = await apiUser(ctx, 'business-unit');

    const body = (await api.get(`/api/v1/actions?organisationId=${orgA.id}`)).json<ListJson>();

    assert.deepEqual(
      body.items.map((a) => a.id),
      [ofA.id],
    );
    assert.equal(body.total, 1);
  });

  it('filters by status', async () => {
    const org = await createOrganisation(ctx.db);
    const { recommendation } = await createReviewWithAction(ctx.db, org.id, { status: 'not-started' });
    const waiting = await createAction(ctx.db, {
      recommendationId: recommendation.id,
      organisationId: org.id,
      status: 'awaiting-evidence',
    });
    const { api } = await apiUser(ctx, 'business-unit');

    const response = await api.get(`/api/v1/actions?organisationId=${org.id}&status=awaiting-evidence`);

    assert.equal(response.statusCode, 200);
    assert.deepEqual(
      response.json<ListJson>().items.map((a) => [a.id, a.status]),
      [[waiting.id, 'awaiting-evidence']],
    );
  });

  it('filters overdue=true to open actions past their due date (a closed late action is not overdue)', async () => {
    const org = await createOrganisation(ctx.db);
    const { recommendation } = await createReviewWithAction(ctx.db, org.id, { dueDate: '2099-01-31' });
    const late = await createAction(ctx.db, {
      recommendationId: recommendation.id,
      organisationId: org.id,
      dueDate: '2021-01-31',
    });
    await createAction(ctx.db, {
      recommendationId: recommendation.id,
      organisationId: org.id,
      dueDate: '2021-01-31',
      status: 'closed',
    });
    const { api } = await apiUser(ctx, 'business-unit');

    const body = (await api.get(`/api/v1/actions?organisationId=${org.id}&overdue=true`)).json<ListJson>();

    assert.deepEqual(
      body.items.map((a) => [a.id, a.overdue]),
      [[late.id, true]],
    );
  });

  it('answers 400 naming pageSize when it is over 200', async () => {
    const { api } = await apiUser(ctx, 'business-unit');
    const response = await api.get('/api/v1/actions?pageSize=201');
    assert.equal(response.statusCode, 400);
    assert.deepEqual(pathsOf(response.json()), ['pageSize']);
  });

  it('answers 400 naming status when it is not a known status', async () => {
    const { api } = await apiUser(ctx, 'business-unit');
    const response = await api.get('/api/v1/actions?status=bogus');
    assert.equal(response.statusCode, 400);
    assert.equal(response.json<ErrorJson>().error, 'validation');
    assert.deepEqual(pathsOf(response.json()), ['status']);
  });

  it('gives a practitioner only the actions they own, and 404 for others in their organisation', async () => {
    const org = await createOrganisation(ctx.db);
    const { user, api } = await apiUser(ctx, 'practitioner', org.id);
    const { recommendation, action: mine } = await createReviewWithAction(ctx.db, org.id, {
      ownerUserId: user.id,
    });
    const notMine = await createAction(ctx.db, {
      recommendationId: recommendation.id,
      organisationId: org.id,
    });

    const body = (await api.get('/api/v1/actions')).json<ListJson>();
    assert.deepEqual(
      body.items.map((a) => a.id),
      [mine.id],
    );
    assert.equal((await api.get(`/api/v1/actions/${mine.id}`)).statusCode, 200);
    assert.equal((await api.get(`/api/v1/actions/${notMine.id}`)).statusCode, 404);
  });

  it('answers 401 without a token', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/api/v1/actions' });
    assert.equal(response.statusCode, 401);
  });
});

describe("Access to another organisation's action by id", () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await buildTestApp();
  });
  after(() => ctx.close());

  /** Lead of org A, and an action of org B (on a review org A also has an action on). */
  async function setUp() {
    const orgA = await createOrganisation(ctx.db);
    const orgB = await createOrganisation(ctx.db);
    const { recommendation } = await createReviewWithAction(ctx.db, orgA.id);
    const theirs = await createAction(ctx.db, {
      recommendationId: recommendation.id,
      organisationId: orgB.id,
      description: 'Organisation B work',
    });
    const { api } = await apiUser(ctx, 'organisation-lead', orgA.id);
    return { api, theirs, stored: await storedAction(ctx.db, theirs.id) };
  }

  it('answers 404 (not 403) to GET /api/v1/actions/{id}', async () => {
    const { api, theirs } = await setUp();
    const response = await api.get(`/api/v1/actions/${theirs.id}`);
    assert.equal(response.statusCode, 404);
    assert.equal(response.json<ErrorJson>().error, 'not-found');
    assert.doesNotMatch(response.body, /Organisation B work/);
  });

  it('answers 404 to PATCH /api/v1/actions/{id} and leaves the action unchanged', async () => {
    const { api, theirs, stored } = await setUp();
    const response = await api.patch(`/api/v1/actions/${theirs.id}`, {
      version: 1,
      status: 'in-progress',
    });
    assert.equal(response.statusCode, 404);
    assert.deepEqual(await storedAction(ctx.db, theirs.id), stored);
    assert.equal(await updatesCount(ctx.db, theirs.id), 0);
    assert.deepEqual(await changeAudit(ctx.db, theirs.id), []);
  });

  it('answers 404 to POST /api/v1/actions/{id}/updates and adds no update', async () => {
    const { api, theirs, stored } = await setUp();
    const response = await api.post(`/api/v1/actions/${theirs.id}/updates`, { note: 'Sneaky note' });
    assert.equal(response.statusCode, 404);
    assert.deepEqual(await storedAction(ctx.db, theirs.id), stored);
    assert.equal(await updatesCount(ctx.db, theirs.id), 0);
  });

  it('answers 404 for an id that is not a uuid', async () => {
    const { api } = await apiUser(ctx, 'business-unit');
    assert.equal((await api.get('/api/v1/actions/not-an-id')).statusCode, 404);
  });
});

describe('PATCH /api/v1/actions/{id}', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await buildTestApp();
  });
  after(() => ctx.close());

  async function leadWithAction(status = 'not-started', extra: { dueDate?: string } = {}) {
    const org = await createOrganisation(ctx.db);
    const { action } = await createReviewWithAction(ctx.db, org.id, { status, ...extra });
    const { api, user } = await apiUser(ctx, 'organisation-lead', org.id);
    return { org, action, api, user };
  }

  it('lets the lead move their action to in-progress then awaiting-evidence, the version going up each time', async () => {
    const { action, api } = await leadWithAction();

    const first = await api.patch(`/api/v1/actions/${action.id}`, { version: 1, status: 'in-progress' });
    assert.equal(first.statusCode, 200);
    assert.equal(first.json<ActionJson>().status, 'in-progress');
    assert.equal(first.json<ActionJson>().version, 2);

    const second = await api.patch(`/api/v1/actions/${action.id}`, {
      version: 2,
      status: 'awaiting-evidence',
    });
    assert.equal(second.statusCode, 200);
    assert.equal(second.json<ActionJson>().status, 'awaiting-evidence');
    assert.equal(second.json<ActionJson>().version, 3);

    const stored = await storedAction(ctx.db, action.id);
    assert.equal(stored.status, 'awaiting-evidence');
    assert.equal(stored.version, 3);
    const updates = (await api.get(`/api/v1/actions/${action.id}`)).json<ActionJson>().updates!;
    assert.deepEqual(
      updates.map((u) => [u.kind, u.fromStatus, u.toStatus]),
      [
        ['status-change', 'not-started', 'in-progress'],
        ['status-change', 'in-progress', 'awaiting-evidence'],
      ],
    );
  });

  it('answers 403 to the lead closing their action, and leaves it open', async () => {
    const { action, api } = await leadWithAction('awaiting-evidence');
    const response = await api.patch(`/api/v1/actions/${action.id}`, { version: 1, status: 'closed' });
    assert.equal(response.statusCode, 403);
    const stored = await storedAction(ctx.db, action.id);
    assert.equal(stored.status, 'awaiting-evidence');
    assert.equal(stored.version, 1);
    assert.equal(stored.closedAt, null);
  });

  it('lets the business unit close an action, recording when', async () => {
    const org = await createOrganisation(ctx.db);
    const { action } = await createReviewWithAction(ctx.db, org.id, { status: 'awaiting-evidence' });
    const { api } = await apiUser(ctx, 'business-unit');

    const response = await api.patch(`/api/v1/actions/${action.id}`, { version: 1, status: 'closed' });

    assert.equal(response.statusCode, 200);
    const body = response.json<ActionJson>();
    assert.equal(body.status, 'closed');
    assert.ok(body.closedAt && !Number.isNaN(Date.parse(body.closedAt)), `closedAt: ${body.closedAt}`);
    assert.ok((await storedAction(ctx.db, action.id)).closedAt instanceof Date);
  });

  it('makes the business unit give a reason to send an action back, then records it as returned', async () => {
    const org = await createOrganisation(ctx.db);
    const { action } = await createReviewWithAction(ctx.db, org.id, { status: 'awaiting-evidence' });
    const { api } = await apiUser(ctx, 'business-unit');

    const refused = await api.patch(`/api/v1/actions/${action.id}`, { version: 1, status: 'in-progress' });
    assert.equal(refused.statusCode, 400);
    assert.deepEqual(pathsOf(refused.json()), ['reason']);
    assert.equal((await storedAction(ctx.db, action.id)).status, 'awaiting-evidence');

    const sentBack = await api.patch(`/api/v1/actions/${action.id}`, {
      version: 1,
      status: 'in-progress',
      reason: 'The audit covered one ward only',
    });
    assert.equal(sentBack.statusCode, 200);
    assert.equal(sentBack.json<ActionJson>().status, 'in-progress');

    const updates = (await api.get(`/api/v1/actions/${action.id}`)).json<ActionJson>().updates!;
    assert.deepEqual(updates, [
      {
        ...updates[0],
        kind: 'returned',
        note: 'The audit covered one ward only',
        fromStatus: 'awaiting-evidence',
        toStatus: 'in-progress',
      },
    ]);
  });

  it('answers 409 {"error":"conflict"} to a stale version before any other rule, even an invalid status', async () => {
    const { action, api } = await leadWithAction();
    const moved = await api.patch(`/api/v1/actions/${action.id}`, { version: 1, status: 'in-progress' });
    assert.equal(moved.statusCode, 200);

    const invalid = await api.patch(`/api/v1/actions/${action.id}`, { version: 1, status: 'bogus' });
    assert.equal(invalid.statusCode, 409);
    assert.equal(invalid.json<ErrorJson>().error, 'conflict');

    const forbidden = await api.patch(`/api/v1/actions/${action.id}`, { version: 1, status: 'closed' });
    assert.equal(forbidden.statusCode, 409);
    assert.equal(forbidden.json<ErrorJson>().error, 'conflict');

    const stored = await storedAction(ctx.db, action.id);
    assert.equal(stored.status, 'in-progress');
    assert.equal(stored.version, 2);
  });

  it('answers 400 naming status for an unknown status with a current version', async () => {
    const { action, api } = await leadWithAction();
    const response = await api.patch(`/api/v1/actions/${action.id}`, { version: 1, status: 'bogus' });
    assert.equal(response.statusCode, 400);
    assert.deepEqual(pathsOf(response.json()), ['status']);
  });

  it('answers 400 naming version when none is sent', async () => {
    const { action, api } = await leadWithAction();
    const response = await api.patch(`/api/v1/actions/${action.id}`, { status: 'in-progress' });
    assert.equal(response.statusCode, 400);
    assert.deepEqual(pathsOf(response.json()), ['version']);
    assert.equal((await storedAction(ctx.db, action.id)).status, 'not-started');
  });

  it('requires dueDateReason to move the due date, then keeps the original due date', async () => {
    const org = await createOrganisation(ctx.db);
    const { action } = await createReviewWithAction(ctx.db, org.id, { dueDate: '2099-01-31' });
    const { api } = await apiUser(ctx, 'business-unit');

    const refused = await api.patch(`/api/v1/actions/${action.id}`, { version: 1, dueDate: '2099-04-30' });
    assert.equal(refused.statusCode, 400);
    assert.deepEqual(pathsOf(refused.json()), ['dueDateReason']);
    assert.equal((await storedAction(ctx.db, action.id)).dueDate, '2099-01-31');

    const moved = await api.patch(`/api/v1/actions/${action.id}`, {
      version: 1,
      dueDate: '2099-04-30',
      dueDateReason: 'Training dates moved by the provider',
    });
    assert.equal(moved.statusCode, 200);
    const body = moved.json<ActionJson>();
    assert.equal(body.dueDate, '2099-04-30');
    assert.equal(body.originalDueDate, '2099-01-31');
    assert.equal(body.version, 2);
    const stored = await storedAction(ctx.db, action.id);
    assert.equal(stored.dueDate, '2099-04-30');
    assert.equal(stored.originalDueDate, '2099-01-31');
    const updates = (await api.get(`/api/v1/actions/${action.id}`)).json<ActionJson>().updates!;
    assert.equal(updates.length, 1);
    assert.equal(updates[0]!.kind, 'due-date-change');
    assert.match(updates[0]!.note, /Training dates moved by the provider/);
  });

  it('answers 403 to a board member, who reads but changes nothing', async () => {
    const org = await createOrganisation(ctx.db);
    const { action } = await createReviewWithAction(ctx.db, org.id);
    const { api } = await apiUser(ctx, 'board-member');

    assert.equal((await api.get(`/api/v1/actions/${action.id}`)).statusCode, 200);
    const response = await api.patch(`/api/v1/actions/${action.id}`, { version: 1, status: 'in-progress' });
    assert.equal(response.statusCode, 403);
    const stored = await storedAction(ctx.db, action.id);
    assert.equal(stored.status, 'not-started');
    assert.equal(stored.version, 1);
  });

  it('answers 403 to the lead changing what the action is, and keeps the description', async () => {
    const { action, api } = await leadWithAction();
    const response = await api.patch(`/api/v1/actions/${action.id}`, {
      version: 1,
      description: 'Something easier',
    });
    assert.equal(response.statusCode, 403);
    const stored = await storedAction(ctx.db, action.id);
    assert.equal(stored.description, 'Audit safer-sleep records');
    assert.equal(stored.version, 1);
  });

  it('lets the lead send back the record they read with only the status changed', async () => {
    const { action, api } = await leadWithAction();
    const read = (await api.get(`/api/v1/actions/${action.id}`)).json<ActionJson>();
    const response = await api.patch(`/api/v1/actions/${action.id}`, {
      version: read.version,
      status: 'in-progress',
      description: read.description,
      dueDate: read.dueDate,
      organisationId: read.organisationId,
      ownerUserId: read.ownerUserId,
    });
    assert.equal(response.statusCode, 200);
    assert.equal(response.json<ActionJson>().status, 'in-progress');
  });

  // Owner and organisation checks read other modules' data; done inside the update's transaction
  // they deadlocked the single-connection embedded database, so these fail on a timeout, not hang.
  it('lets the business unit clear the named owner', { timeout: 20_000 }, async () => {
    const org = await createOrganisation(ctx.db);
    const owner = await createUser(ctx.db, 'practitioner', org.id);
    const { action } = await createReviewWithAction(ctx.db, org.id, { ownerUserId: owner.id });
    // The owner has since left.
    await ctx.db.query('UPDATE users SET active = false WHERE id = $1', [owner.id]);
    const { api } = await apiUser(ctx, 'business-unit');

    const response = await api.patch(`/api/v1/actions/${action.id}`, { version: 1, ownerUserId: null });

    assert.equal(response.statusCode, 200);
    assert.equal(response.json<ActionJson>().ownerUserId, null);
  });

  it(
    'lets the business unit move an action to another organisation while clearing its owner',
    { timeout: 20_000 },
    async () => {
      const org = await createOrganisation(ctx.db);
      const other = await createOrganisation(ctx.db);
      const owner = await createUser(ctx.db, 'practitioner', org.id);
      const { action } = await createReviewWithAction(ctx.db, org.id, { ownerUserId: owner.id });
      const { api } = await apiUser(ctx, 'business-unit');

      const response = await api.patch(`/api/v1/actions/${action.id}`, {
        version: 1,
        organisationId: other.id,
        ownerUserId: null,
      });

      assert.equal(response.statusCode, 200);
      const body = response.json<ActionJson>();
      assert.equal(body.organisationId, other.id);
      assert.equal(body.ownerUserId, null);
    },
  );

  it(
    'refuses to move an action to another organisation while its owner stays, naming ownerUserId',
    { timeout: 20_000 },
    async () => {
      const org = await createOrganisation(ctx.db);
      const other = await createOrganisation(ctx.db);
      const owner = await createUser(ctx.db, 'practitioner', org.id);
      const { action } = await createReviewWithAction(ctx.db, org.id, { ownerUserId: owner.id });
      const { api } = await apiUser(ctx, 'business-unit');

      const response = await api.patch(`/api/v1/actions/${action.id}`, {
        version: 1,
        organisationId: other.id,
      });

      assert.equal(response.statusCode, 400);
      assert.deepEqual(pathsOf(response.json()), ['ownerUserId']);
    },
  );
});

describe('Audit of action changes', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await buildTestApp();
  });
  after(() => ctx.close());

  it('writes one action.status-changed row with before and after for a status change', async () => {
    const org = await createOrganisation(ctx.db);
    const { action } = await createReviewWithAction(ctx.db, org.id);
    const { api, user } = await apiUser(ctx, 'organisation-lead', org.id);

    const response = await api.patch(`/api/v1/actions/${action.id}`, { version: 1, status: 'in-progress' });

    assert.equal(response.statusCode, 200);
    assert.deepEqual(await changeAudit(ctx.db, action.id), [
      {
        event: 'action.status-changed',
        before: { status: 'not-started' },
        after: { status: 'in-progress' },
        actorUserId: user.id,
      },
    ]);
  });

  it('writes one action.updated row with before and after for a due-date change', async () => {
    const org = await createOrganisation(ctx.db);
    const { action } = await createReviewWithAction(ctx.db, org.id, { dueDate: '2099-01-31' });
    const { api, user } = await apiUser(ctx, 'business-unit');

    const response = await api.patch(`/api/v1/actions/${action.id}`, {
      version: 1,
      dueDate: '2099-02-28',
      dueDateReason: 'Waiting for the new policy',
    });

    assert.equal(response.statusCode, 200);
    assert.deepEqual(await changeAudit(ctx.db, action.id), [
      {
        event: 'action.updated',
        before: { dueDate: '2099-01-31' },
        after: { dueDate: '2099-02-28' },
        actorUserId: user.id,
      },
    ]);
  });

  it('writes no row for a refused, invalid or stale PATCH', async () => {
    const org = await createOrganisation(ctx.db);
    const { action } = await createReviewWithAction(ctx.db, org.id);
    const { api } = await apiUser(ctx, 'organisation-lead', org.id);

    assert.equal(
      (await api.patch(`/api/v1/actions/${action.id}`, { version: 1, status: 'closed' })).statusCode,
      403,
    );
    assert.equal(
      (await api.patch(`/api/v1/actions/${action.id}`, { version: 1, status: 'bogus' })).statusCode,
      400,
    );
    assert.equal(
      (await api.patch(`/api/v1/actions/${action.id}`, { version: 7, status: 'in-progress' })).statusCode,
      409,
    );
    assert.deepEqual(await changeAudit(ctx.db, action.id), []);
  });
});

describe('POST /api/v1/actions/{id}/updates', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await buildTestApp();
  });
  after(() => ctx.close());

  it("lets the owning organisation's lead add a dated progress note", async () => {
    const org = await createOrganisation(ctx.db);
    const { action } = await createReviewWithAction(ctx.db, org.id);
    const { api } = await apiUser(ctx, 'organisation-lead', org.id);

    const response = await api.post(`/api/v1/actions/${action.id}/updates`, {
      note: 'Audit of 40 records done',
    });

    assert.equal(response.statusCode, 201);
    const updates = (await api.get(`/api/v1/actions/${action.id}`)).json<ActionJson>().updates!;
    assert.deepEqual(
      updates.map((u) => [u.kind, u.note]),
      [['progress', 'Audit of 40 records done']],
    );
  });

  it('answers 403 to a board member and 400 naming note for an empty note', async () => {
    const org = await createOrganisation(ctx.db);
    const { action } = await createReviewWithAction(ctx.db, org.id);
    const board = await apiUser(ctx, 'board-member');
    const lead = await apiUser(ctx, 'organisation-lead', org.id);

    assert.equal(
      (await board.api.post(`/api/v1/actions/${action.id}/updates`, { note: 'Hello' })).statusCode,
      403,
    );
    const empty = await lead.api.post(`/api/v1/actions/${action.id}/updates`, { note: '  ' });
    assert.equal(empty.statusCode, 400);
    assert.deepEqual(pathsOf(empty.json()), ['note']);
    assert.equal(await updatesCount(ctx.db, action.id), 0);
  });
});
