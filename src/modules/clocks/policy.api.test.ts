import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { buildTestApp, signInAsApi, type TestContext } from '../../../test/test-app.ts';

describe('policy settings API', () => {
  let ctx: TestContext;
  let manager: Awaited<ReturnType<typeof signInAsApi>>;
  let managerId: string;
  before(async () => {
    ctx = await buildTestApp();
    const user = await createUser(ctx.db, 'business-unit');
    managerId = user.id;
    manager = await signInAsApi(ctx.app, user.email, TEST_PASSWORD);
  });
  after(() => ctx.close());

  const current = async () => (await manager.get('/api/v1/policy')).json();

  it('GET /api/v1/policy gives the defaults in law and guidance to any signed-in user', async () => {
    const lead = await createUser(ctx.db, 'organisation-lead');
    const api = await signInAsApi(ctx.app, lead.email, TEST_PASSWORD);
    const response = await api.get('/api/v1/policy');
    assert.equal(response.statusCode, 200);
    const body = response.json();
    assert.equal(body.version, 0);
    assert.deepEqual(
      Object.fromEntries(body.settings.map((s: { key: string; value: number }) => [s.key, s.value])),
      {
        panelNotificationWorkingDays: 5,
        rapidReviewWorkingDays: 15,
        publicationMonths: 6,
        reportToPanelWorkingDays: 7,
        agencyReturnWorkingDays: 10,
        reminderDaysBeforeDue: 7,
        escalateToLeadAfterDaysOverdue: 1,
        escalateToBusinessUnitAfterFurtherDays: 14,
        unbornLatestOnTimeWeeks: 16,
        unbornStrategyWorkingDays: 5,
        unbornAssessmentWeeks: 28,
        unbornConferenceWeeks: 34,
        unbornBirthPlanWeeks: 36,
        unbornDischargePlanWeeks: 37,
        auditRetentionYears: 7,
        reviewRetentionYears: 15,
        familyRecordChildAge: 25,
        familyRecordYearsAfterLastEntry: 8,
      },
    );
    assert.equal(body.panelNotificationWorkingDays, 5);
    assert.equal((await ctx.app.inject({ method: 'GET', url: '/api/v1/policy' })).statusCode, 401);
  });

  it('an override changes the deadlines of a review, and each changed key is audited with old and new values', async () => {
    const created = await manager.post('/api/v1/reviews', {
      type: 'rapid-review',
      subjectRef: 'C0',
      incidentDate: '2026-02-27',
      awareDate: '2026-03-02',
    });
    assert.equal(created.json().deadlines.panelNotificationDue, '2026-03-09');
    const { version } = await current();
    const changed = await manager.patch('/api/v1/policy', {
      version,
      panelNotificationWorkingDays: 10,
      rapidReviewWorkingDays: 20,
      publicationMonths: 6,
    });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal(changed.json().panelNotificationWorkingDays, 10);
    assert.ok(changed.json().version > version);
    const review = await manager.get(`/api/v1/reviews/${created.json().id}`);
    // 10 working days from Monday 2 March 2026; the rapid review then runs 20 from that date.
    assert.equal(review.json().deadlines.panelNotificationDue, '2026-03-16');
    assert.equal(review.json().deadlines.rapidReviewDue, '2026-04-15');
    const audit = await ctx.db.query<{ subjectId: string; before: unknown; after: unknown; actor: string }>(
      `SELECT subject_id AS "subjectId", before, after, actor_user_id AS actor
         FROM audit_events WHERE event = 'policy.changed' ORDER BY id`,
    );
    assert.deepEqual(audit, [
      {
        subjectId: 'panelNotificationWorkingDays',
        before: { panelNotificationWorkingDays: 5 },
        after: { panelNotificationWorkingDays: 10 },
        actor: managerId,
      },
      {
        subjectId: 'rapidReviewWorkingDays',
        before: { rapidReviewWorkingDays: 15 },
        after: { rapidReviewWorkingDays: 20 },
        actor: managerId,
      },
    ]);
  });

  it('refuses values outside their range, naming each field', async () => {
    const { version } = await current();
    const response = await manager.patch('/api/v1/policy', {
      version,
      rapidReviewWorkingDays: 61,
      reportToPanelWorkingDays: -1,
      reminderDaysBeforeDue: 2.5,
    });
    assert.equal(response.statusCode, 400);
    assert.deepEqual(response.json(), {
      error: 'validation',
      fields: [
        {
          path: 'rapidReviewWorkingDays',
          message: 'Working days to complete the rapid review must be between 1 and 60',
        },
        {
          path: 'reportToPanelWorkingDays',
          message: 'Working days between sending the final report and publication must be between 0 and 30',
        },
        {
          path: 'reminderDaysBeforeDue',
          message: 'Days before the due date to remind the owner must be a whole number, like 7',
        },
      ],
    });
    assert.equal((await current()).rapidReviewWorkingDays, 20, 'nothing changed');
  });

  it('answers 403 to anyone but the business unit, and changes nothing', async () => {
    const board = await createUser(ctx.db, 'board-member');
    const api = await signInAsApi(ctx.app, board.email, TEST_PASSWORD);
    const { version } = await current();
    const response = await api.patch('/api/v1/policy', { version, publicationMonths: 12 });
    assert.equal(response.statusCode, 403);
    assert.equal((await current()).publicationMonths, 6);
  });

  it('answers 409 to a stale version, so a concurrent edit is not lost', async () => {
    const { version } = await current();
    const first = await manager.patch('/api/v1/policy', { version, agencyReturnWorkingDays: 8 });
    assert.equal(first.statusCode, 200);
    const second = await manager.patch('/api/v1/policy', { version, agencyReturnWorkingDays: 12 });
    assert.equal(second.statusCode, 409);
    assert.equal(second.json().error, 'conflict');
    assert.equal((await current()).agencyReturnWorkingDays, 8);
  });

  it('reads the table on each call, so a change made by another instance applies at once', async () => {
    await ctx.db.query(
      `INSERT INTO policy_settings (key, value, updated_at) VALUES ('escalateToBusinessUnitAfterFurtherDays', 21, now())`,
    );
    assert.equal((await ctx.services.clocks.policy()).escalateToBusinessUnitAfterFurtherDays, 21);
    assert.equal((await ctx.services.policy.current()).escalateToBusinessUnitAfterFurtherDays, 21);
  });
});
