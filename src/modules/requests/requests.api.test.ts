import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addDays, londonToday } from '../../platform/clock.ts';
import { createWorkingDayCalendar, readBankHolidays } from '../clocks/index.ts';
import { buildTestApp, signInAsApi, type TestContext } from '../../../test/test-app.ts';
import {
  createOrganisation,
  createReview,
  createReviewWithAction,
  createUser,
  TEST_PASSWORD,
} from '../../../test/factories.ts';

const today = londonToday();
const calendar = createWorkingDayCalendar(readBankHolidays().map((h) => h.date));
const weekdaysOnly = createWorkingDayCalendar([]);

/** A Panel notification date whose next 10 working days take in a bank holiday, a month or more ahead. */
function notifiedBeforeABankHoliday(): string {
  const dates = readBankHolidays()
    .map((h) => h.date)
    .sort();
  const holiday = dates.find((date) => date > addDays(today, 30));
  if (!holiday) throw new Error('The bank holiday data has run out: regenerate it');
  return calendar.addWorkingDays(holiday, -3);
}

describe('information requests API', () => {
  let ctx: TestContext;
  let trust: { id: string };
  let police: { id: string };
  let lead: { id: string; email: string };
  let manager: { email: string };
  before(async () => {
    ctx = await buildTestApp();
    trust = await createOrganisation(ctx.db, 'nhs-trust');
    police = await createOrganisation(ctx.db, 'police');
    lead = await createUser(ctx.db, 'organisation-lead', trust.id);
    manager = await createUser(ctx.db, 'business-unit');
  });
  after(() => ctx.close());

  const reviewNotifiedOn = async (date: string | null) => {
    const review = await createReview(ctx.db);
    await ctx.db.query('UPDATE reviews SET panel_notified_date = $2 WHERE id = $1', [review.id, date]);
    return review;
  };

  it('is due by default 10 working days after the Panel was notified, skipping bank holidays', async () => {
    const notified = notifiedBeforeABankHoliday();
    const review = await reviewNotifiedOn(notified);
    const api = await signInAsApi(ctx.app, manager.email, TEST_PASSWORD);
    const response = await api.post(`/api/v1/reviews/${review.id}/requests`, {
      organisationId: trust.id,
      asks: ['chronology'],
    });
    assert.equal(response.statusCode, 201, response.body);
    const created = response.json();
    assert.equal(created.dueDate, calendar.addWorkingDays(notified, 10));
    assert.notEqual(created.dueDate, weekdaysOnly.addWorkingDays(notified, 10), 'a bank holiday was skipped');
    assert.equal(created.status, 'sent');
    assert.equal(created.statusText, 'Not returned yet');
    assert.equal(created.answer, '');
    const notes = await ctx.db.query('SELECT 1 FROM notifications WHERE user_id = $1 AND link = $2', [
      lead.id,
      `/requests/${created.id}`,
    ]);
    assert.equal(notes.length, 1);
  });

  it('counts from today when the Panel date is not recorded or its default has passed', async () => {
    const api = await signInAsApi(ctx.app, manager.email, TEST_PASSWORD);
    for (const notified of [null, '2025-01-06']) {
      const review = await reviewNotifiedOn(notified);
      const response = await api.post(`/api/v1/reviews/${review.id}/requests`, {
        organisationId: trust.id,
        asks: ['involvement-summary'],
      });
      assert.equal(response.json().dueDate, calendar.addWorkingDays(today, 10), String(notified));
    }
  });

  it('answers 400 with the field for bad input, and 409 while a request to the organisation is open', async () => {
    const review = await createReview(ctx.db);
    const api = await signInAsApi(ctx.app, manager.email, TEST_PASSWORD);
    const bad = await api.post(`/api/v1/reviews/${review.id}/requests`, {
      organisationId: '00000000-0000-4000-8000-000000000000',
      asks: ['chronology'],
      dueDate: addDays(today, -1),
    });
    assert.equal(bad.statusCode, 400);
    const paths = bad.json().fields.map((f: { path: string }) => f.path);
    assert.ok(paths.includes('dueDate'), bad.body);
    const unknown = await api.post(`/api/v1/reviews/${review.id}/requests`, {
      organisationId: '00000000-0000-4000-8000-000000000000',
      asks: ['chronology'],
    });
    assert.equal(unknown.statusCode, 400);
    assert.deepEqual(unknown.json().fields, [
      { path: 'organisationId', message: 'Select organisations from the list' },
    ]);
    const body = { organisationId: police.id, asks: ['chronology'] };
    assert.equal((await api.post(`/api/v1/reviews/${review.id}/requests`, body)).statusCode, 201);
    assert.equal((await api.post(`/api/v1/reviews/${review.id}/requests`, body)).statusCode, 409);
  });

  it('refuses a practitioner who can see the review (403) and a board member (403)', async () => {
    const { review } = await createReviewWithAction(ctx.db, trust.id);
    const practitioner = await createUser(ctx.db, 'practitioner', trust.id);
    const board = await createUser(ctx.db, 'board-member');
    for (const user of [practitioner, board]) {
      const api = await signInAsApi(ctx.app, user.email, TEST_PASSWORD);
      const response = await api.post(`/api/v1/reviews/${review.id}/requests`, {
        organisationId: police.id,
        asks: ['chronology'],
      });
      assert.equal(response.statusCode, 403, user.email);
    }
    const rows = await ctx.db.query('SELECT 1 FROM information_requests WHERE review_id = $1', [review.id]);
    assert.equal(rows.length, 0);
  });

  it("lets the organisation's lead read and return a request; others get 404", async () => {
    const review = await createReview(ctx.db);
    const managerApi = await signInAsApi(ctx.app, manager.email, TEST_PASSWORD);
    const created = (
      await managerApi.post(`/api/v1/reviews/${review.id}/requests`, {
        organisationId: trust.id,
        asks: ['chronology'],
      })
    ).json();
    const policeLead = await createUser(ctx.db, 'organisation-lead', police.id);
    const policeApi = await signInAsApi(ctx.app, policeLead.email, TEST_PASSWORD);
    assert.equal((await policeApi.get(`/api/v1/requests/${created.id}`)).statusCode, 404);
    assert.equal(
      (await policeApi.post(`/api/v1/requests/${created.id}/return`, { text: 'x' })).statusCode,
      404,
    );
    assert.equal((await policeApi.get(`/api/v1/requests/not-an-id`)).statusCode, 404);
    const policeList = (await policeApi.get(`/api/v1/reviews/${review.id}/requests`)).statusCode;
    assert.equal(policeList, 404, 'the police lead cannot see this review at all');

    const leadApi = await signInAsApi(ctx.app, lead.email, TEST_PASSWORD);
    const read = await leadApi.get(`/api/v1/requests/${created.id}`);
    assert.equal(read.statusCode, 200);
    const returned = await leadApi.post(`/api/v1/requests/${created.id}/return`, {
      text: 'No contact with the family in the year before the incident.',
    });
    assert.equal(returned.statusCode, 200, returned.body);
    assert.equal(returned.json().status, 'returned');
    assert.match(returned.json().statusText, /^Returned \d{1,2} [A-Z][a-z]+$/);
    const list = (await managerApi.get(`/api/v1/reviews/${review.id}/requests`)).json();
    assert.equal(list.total, 1);
    assert.equal(list.items[0].status, 'returned');
    const audit = await ctx.db.query(
      `SELECT 1 FROM audit_events WHERE subject_id = $1 AND event = 'information-request.returned'`,
      [created.id],
    );
    assert.equal(audit.length, 1);
  });

  it('withdraws with a reason, for the business unit only', async () => {
    const review = await createReview(ctx.db);
    const managerApi = await signInAsApi(ctx.app, manager.email, TEST_PASSWORD);
    const created = (
      await managerApi.post(`/api/v1/reviews/${review.id}/requests`, {
        organisationId: trust.id,
        asks: ['chronology'],
      })
    ).json();
    const leadApi = await signInAsApi(ctx.app, lead.email, TEST_PASSWORD);
    assert.equal(
      (await leadApi.post(`/api/v1/requests/${created.id}/withdraw`, { reason: 'x' })).statusCode,
      403,
    );
    const withdrawn = await managerApi.post(`/api/v1/requests/${created.id}/withdraw`, {
      reason: 'Sent in error',
    });
    assert.equal(withdrawn.statusCode, 200);
    assert.equal(withdrawn.json().statusText, 'Withdrawn');
    assert.equal(
      (await leadApi.post(`/api/v1/requests/${created.id}/return`, { text: 'late' })).statusCode,
      409,
    );
  });

  it('gives the reminders job the open requests and the leads to remind', async () => {
    const review = await createReview(ctx.db, { subjectRef: 'C9' });
    const managerApi = await signInAsApi(ctx.app, manager.email, TEST_PASSWORD);
    const created = (
      await managerApi.post(`/api/v1/reviews/${review.id}/requests`, {
        organisationId: trust.id,
        asks: ['chronology'],
      })
    ).json();
    const open = await ctx.db.transaction((tx) => ctx.services.requests.openRequestsForReminders(tx));
    const mine = open.find((r) => r.id === created.id);
    assert.deepEqual(mine, {
      id: created.id,
      reviewId: review.id,
      subjectRef: 'C9',
      organisationId: trust.id,
      dueDate: created.dueDate,
    });
    assert.deepEqual(await ctx.services.requests.leadsOf(ctx.db, trust.id), [lead.id]);
  });
});
