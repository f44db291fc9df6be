import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  createOrganisation,
  createRecommendation,
  createReview,
  createReviewWithAction,
  createUser,
  TEST_PASSWORD,
} from '../../../test/factories.ts';
import { buildTestApp, signInAsApi, type TestContext } from '../../../test/test-app.ts';
import { londonToday } from '../../platform/clock.ts';
import type { Role } from '../../platform/http/current-user.ts';
import { addMonthsClamped } from '../clocks/index.ts';

interface ActionJson {
  id: string;
  version: number;
  status: string;
  recommendationId: string;
  organisationId: string;
  ownerUserId: string | null;
  description: string;
  dueDate: string;
  originalDueDate: string;
  recurrenceMonths: number | null;
  previousOccurrenceId: string | null;
  nextOccurrenceId: string | null;
}
interface ErrorJson {
  error: string;
  fields?: { path: string; message: string }[];
}

describe('Recurring actions (API)', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await buildTestApp();
  });
  after(() => ctx.close());

  async function apiUser(role: Role, organisationId?: string) {
    const user = await createUser(ctx.db, role, organisationId);
    return { user, api: await signInAsApi(ctx.app, user.email, TEST_PASSWORD) };
  }

  /** A repeating action made through the API by the business unit, with an owner at `org`. */
  async function repeatingAction(opts: { dueDate: string; months?: number; ownerActive?: boolean }) {
    const org = await createOrganisation(ctx.db, 'nhs-trust');
    const owner = await createUser(ctx.db, 'practitioner', org.id);
    const review = await createReview(ctx.db, { subjectRef: 'Baby T' });
    const recommendation = await createRecommendation(ctx.db, review.id);
    const manager = await apiUser('business-unit');
    const created = await manager.api.post(`/api/v1/recommendations/${recommendation.id}/actions`, {
      organisationId: org.id,
      ownerUserId: owner.id,
      description: 'Re-audit safer-sleep advice recorded at new-birth visits',
      dueDate: opts.dueDate,
      recurrenceMonths: opts.months ?? 6,
    });
    assert.equal(created.statusCode, 201, created.body);
    if (opts.ownerActive === false)
      await ctx.db.query('UPDATE users SET active = false WHERE id = $1', [owner.id]);
    return { org, owner, manager, action: created.json<ActionJson>() };
  }

  const close = (api: Awaited<ReturnType<typeof apiUser>>['api'], action: { id: string; version: number }) =>
    api.patch(`/api/v1/actions/${action.id}`, { status: 'closed', version: action.version });

  async function occurrencesAfter(id: string) {
    return ctx.db.query<{ id: string }>('SELECT id FROM actions WHERE previous_occurrence_id = $1', [id]);
  }

  it('creates an action that repeats and returns recurrenceMonths with no occurrences yet', async () => {
    const { action, manager } = await repeatingAction({ dueDate: '2095-08-31' });
    assert.equal(action.recurrenceMonths, 6);
    assert.equal(action.previousOccurrenceId, null);
    assert.equal(action.nextOccurrenceId, null);
    const got = (await manager.api.get(`/api/v1/actions/${action.id}`)).json<ActionJson>();
    assert.equal(got.recurrenceMonths, 6);
  });

  it('on closing, creates the next occurrence due six months on (31 August → 29 February), owner kept, audited', async () => {
    const { action, manager, owner, org } = await repeatingAction({ dueDate: '2095-08-31' });

    const closed = await close(manager.api, action);

    assert.equal(closed.statusCode, 200, closed.body);
    const closedJson = closed.json<ActionJson>();
    assert.equal(closedJson.status, 'closed');
    assert.ok(closedJson.nextOccurrenceId, 'the closed action names its next occurrence');
    const next = (await manager.api.get(`/api/v1/actions/${closedJson.nextOccurrenceId}`)).json<ActionJson>();
    assert.equal(next.status, 'not-started');
    assert.equal(next.dueDate, '2096-02-29');
    assert.equal(next.originalDueDate, '2096-02-29');
    assert.equal(next.recommendationId, action.recommendationId);
    assert.equal(next.organisationId, org.id);
    assert.equal(next.ownerUserId, owner.id);
    assert.equal(next.description, action.description);
    assert.equal(next.recurrenceMonths, 6);
    assert.equal(next.previousOccurrenceId, action.id);
    assert.equal(next.nextOccurrenceId, null);

    const audit = await ctx.db.query<{ subjectId: string; details: Record<string, string> }>(
      `SELECT subject_id AS "subjectId", details FROM audit_events WHERE event = 'action.recurred' AND subject_id = $1`,
      [next.id],
    );
    assert.equal(audit.length, 1);
    assert.deepEqual(
      { previous: audit[0]!.details.previousOccurrenceId, next: audit[0]!.details.nextOccurrenceId },
      { previous: action.id, next: next.id },
    );
  });

  it('leaves the next occurrence without an owner when the owner is no longer active', async () => {
    const { action, manager } = await repeatingAction({ dueDate: '2095-01-15', ownerActive: false });
    const closed = (await close(manager.api, action)).json<ActionJson>();
    const next = (await manager.api.get(`/api/v1/actions/${closed.nextOccurrenceId}`)).json<ActionJson>();
    assert.equal(next.ownerUserId, null);
    assert.equal(next.dueDate, '2095-07-15');
  });

  it('rolls a next due date already in the past forward to today or later, on the same cycle', async () => {
    const { action, manager } = await repeatingAction({ dueDate: '2020-01-31', months: 3 });
    const closed = (await close(manager.api, action)).json<ActionJson>();
    const next = (await manager.api.get(`/api/v1/actions/${closed.nextOccurrenceId}`)).json<ActionJson>();

    const today = londonToday();
    assert.ok(next.dueDate >= today, `${next.dueDate} is in the past`);
    // One cycle earlier would already be past: it is the first date of the cycle not yet gone.
    let expected = '2020-01-31';
    for (let n = 1; expected < today; n++) expected = addMonthsClamped('2020-01-31', 3 * n);
    assert.equal(next.dueDate, expected);
  });

  it('does not make a second next occurrence when the action is reopened and closed again', async () => {
    const { action, manager } = await repeatingAction({ dueDate: '2095-03-31' });
    const first = (await close(manager.api, action)).json<ActionJson>();
    const reopened = await manager.api.patch(`/api/v1/actions/${action.id}`, {
      status: 'in-progress',
      reason: 'Audit sample was too small',
      version: first.version,
    });
    assert.equal(reopened.statusCode, 200, reopened.body);
    assert.equal(reopened.json<ActionJson>().nextOccurrenceId, first.nextOccurrenceId);

    const again = await close(manager.api, reopened.json<ActionJson>());

    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.json<ActionJson>().nextOccurrenceId, first.nextOccurrenceId);
    assert.equal((await occurrencesAfter(action.id)).length, 1);
    const recurred = await ctx.db.query(
      `SELECT 1 FROM audit_events WHERE event = 'action.recurred' AND details->>'previousOccurrenceId' = $1`,
      [action.id],
    );
    assert.equal(recurred.length, 1);
  });

  it('refuses a second next occurrence in the database itself', async () => {
    const { action, manager } = await repeatingAction({ dueDate: '2095-03-31' });
    const closed = (await close(manager.api, action)).json<ActionJson>();
    await assert.rejects(
      ctx.db.query(
        `INSERT INTO actions (recommendation_id, organisation_id, description, due_date, original_due_date, previous_occurrence_id)
         VALUES ($1, $2, 'copy', '2096-01-01', '2096-01-01', $3)`,
        [closed.recommendationId, closed.organisationId, action.id],
      ),
    );
  });

  it('creates the next occurrence when accepting evidence closes the action', async () => {
    const { action, manager, owner } = await repeatingAction({ dueDate: '2095-05-31' });
    const [evidence] = await ctx.db.query<{ id: string }>(
      `INSERT INTO evidence (action_id, title, created_by) VALUES ($1, 'Audit report', $2) RETURNING id`,
      [action.id, owner.id],
    );
    await ctx.db.query(
      `INSERT INTO evidence_versions (evidence_id, version_number, text, effective_date, uploaded_by)
       VALUES ($1, 1, 'Audit of 30 visits', '2095-05-01', $2)`,
      [evidence!.id, owner.id],
    );
    await ctx.db.query(`UPDATE actions SET status = 'awaiting-evidence' WHERE id = $1`, [action.id]);

    const accepted = await manager.api.post(`/api/v1/evidence/${evidence!.id}/review`, {
      decision: 'accept',
    });

    assert.equal(accepted.statusCode, 200, accepted.body);
    const closed = (await manager.api.get(`/api/v1/actions/${action.id}`)).json<ActionJson>();
    assert.equal(closed.status, 'closed');
    const next = (await manager.api.get(`/api/v1/actions/${closed.nextOccurrenceId}`)).json<ActionJson>();
    assert.equal(next.dueDate, '2095-11-30');
  });

  it('does not create a next occurrence for an action that does not repeat', async () => {
    const org = await createOrganisation(ctx.db);
    const { action } = await createReviewWithAction(ctx.db, org.id);
    const { api } = await apiUser('business-unit');
    const closed = (await close(api, action)).json<ActionJson>();
    assert.equal(closed.nextOccurrenceId, null);
    assert.equal((await occurrencesAfter(action.id)).length, 0);
  });

  it('refuses a recurrence that is not one of the allowed intervals, naming the field', async () => {
    const org = await createOrganisation(ctx.db);
    const { recommendation, action } = await createReviewWithAction(ctx.db, org.id);
    const { api } = await apiUser('business-unit');
    for (const bad of [5, 0, 'six', 6.5]) {
      const response = await api.post(`/api/v1/recommendations/${recommendation.id}/actions`, {
        organisationId: org.id,
        description: 'Re-audit',
        dueDate: '2095-01-01',
        recurrenceMonths: bad,
      });
      assert.equal(response.statusCode, 400, `${bad}: ${response.body}`);
      const body = response.json<ErrorJson>();
      assert.equal(body.error, 'validation');
      assert.deepEqual(
        body.fields?.map((f) => f.path),
        ['recurrenceMonths'],
      );
    }
    const patched = await api.patch(`/api/v1/actions/${action.id}`, { recurrenceMonths: 7, version: 1 });
    assert.equal(patched.statusCode, 400);
    assert.deepEqual(
      patched.json<ErrorJson>().fields?.map((f) => f.path),
      ['recurrenceMonths'],
    );
  });

  it('lets the business unit change the recurrence (audited) but not a partner', async () => {
    const org = await createOrganisation(ctx.db);
    const { action } = await createReviewWithAction(ctx.db, org.id);
    const lead = await apiUser('organisation-lead', org.id);
    const refused = await lead.api.patch(`/api/v1/actions/${action.id}`, {
      recurrenceMonths: 12,
      version: 1,
    });
    assert.equal(refused.statusCode, 403);
    // Echoing the value they read is not a change.
    const echoed = await lead.api.patch(`/api/v1/actions/${action.id}`, {
      recurrenceMonths: null,
      version: 1,
    });
    assert.equal(echoed.statusCode, 200, echoed.body);

    const { api } = await apiUser('business-unit');
    const changed = await api.patch(`/api/v1/actions/${action.id}`, { recurrenceMonths: 12, version: 1 });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal(changed.json<ActionJson>().recurrenceMonths, 12);
    const audit = await ctx.db.query<{ before: unknown; after: unknown }>(
      `SELECT before, after FROM audit_events WHERE event = 'action.updated' AND subject_id = $1`,
      [action.id],
    );
    assert.deepEqual(audit, [{ before: { recurrenceMonths: null }, after: { recurrenceMonths: 12 } }]);
  });

  it('answers 404 to another organisation for both occurrences', async () => {
    const { action, manager } = await repeatingAction({ dueDate: '2095-08-31' });
    const closed = (await close(manager.api, action)).json<ActionJson>();
    const other = await createOrganisation(ctx.db);
    const outsider = await apiUser('organisation-lead', other.id);
    for (const id of [action.id, closed.nextOccurrenceId!]) {
      assert.equal((await outsider.api.get(`/api/v1/actions/${id}`)).statusCode, 404);
    }
    const list = (await outsider.api.get('/api/v1/actions')).json<{ total: number }>();
    assert.equal(list.total, 0);
  });
});
