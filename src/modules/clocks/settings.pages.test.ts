import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { createReview, createUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { multipart } from '../../../test/multipart.ts';
import {
  buildTestApp,
  csrfFrom,
  signInAsApi,
  signInAsBrowser,
  type TestContext,
} from '../../../test/test-app.ts';

type Browser = Awaited<ReturnType<typeof signInAsBrowser>>;
const FIXTURE = readFileSync('test/fixtures/bank-holidays-2029.json');

const policyForm = (overrides: Record<string, string> = {}) => ({
  panelNotificationWorkingDays: '5',
  rapidReviewWorkingDays: '15',
  publicationMonths: '6',
  reportToPanelWorkingDays: '7',
  agencyReturnWorkingDays: '10',
  reminderDaysBeforeDue: '7',
  escalateToLeadAfterDaysOverdue: '1',
  escalateToBusinessUnitAfterFurtherDays: '14',
  unbornLatestOnTimeWeeks: '16',
  unbornStrategyWorkingDays: '5',
  unbornAssessmentWeeks: '28',
  unbornConferenceWeeks: '34',
  unbornBirthPlanWeeks: '36',
  unbornDischargePlanWeeks: '37',
  auditRetentionYears: '7',
  reviewRetentionYears: '15',
  familyRecordChildAge: '25',
  familyRecordYearsAfterLastEntry: '8',
  ...overrides,
});

const versionOn = (html: string) => /name="version" value="(\d+)"/.exec(html)![1]!;

describe('GET and POST /settings/policy', () => {
  let ctx: TestContext;
  let browser: Browser;
  before(async () => {
    ctx = await buildTestApp();
    const manager = await createUser(ctx.db, 'business-unit');
    browser = await signInAsBrowser(ctx.app, manager.email, TEST_PASSWORD);
  });
  after(() => ctx.close());

  it('shows each setting grouped, with its label, hint, unit and the defaults, linked from the navigation', async () => {
    const page = await browser.get('/settings/policy');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1 class="govuk-heading-l">Clocks and reminders<\/h1>/);
    assert.match(page.body, /<legend[^>]*>\s*Statutory clocks\s*<\/legend>/);
    assert.match(page.body, /<legend[^>]*>\s*Reminders and escalation\s*<\/legend>/);
    assert.match(
      page.body,
      /<label class="govuk-label govuk-label--s" for="panelNotificationWorkingDays">\s*Notify the National Panel within/,
    );
    assert.match(page.body, /Working Together 2023 sets 5 working days/);
    assert.match(
      page.body,
      /id="panelNotificationWorkingDays" name="panelNotificationWorkingDays" type="text"[^>]*value="5"/,
    );
    assert.match(page.body, /govuk-input__suffix[^>]*>months</);
    assert.match(page.body, /Return to defaults/);
    assert.match((await browser.get('/dashboard')).body, /href="\/settings\/policy"[^>]*>\s*Settings/);
  });

  it('re-renders with the error summary and a message at the field, keeping what was typed', async () => {
    const response = await browser.post('/settings/policy', {
      ...policyForm({ rapidReviewWorkingDays: '0', publicationMonths: '' }),
      version: '0',
    });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /<title>Error: Clocks and reminders/);
    assert.match(response.body, /govuk-error-summary/);
    assert.match(
      response.body,
      /href="#rapidReviewWorkingDays">Working days to complete the rapid review must be between 1 and 60/,
    );
    assert.match(response.body, /href="#publicationMonths">Enter the months to publish a local review/);
    assert.match(response.body, /id="rapidReviewWorkingDays-error"/);
    assert.match(response.body, /name="rapidReviewWorkingDays" type="text"[^>]*value="0"/);
  });

  it('saves, says so, and shows the new value and who changed it', async () => {
    const form = await browser.get('/settings/policy');
    const response = await browser.post('/settings/policy', {
      ...policyForm({ publicationMonths: '9' }),
      version: versionOn(form.body),
    });
    assert.equal(response.statusCode, 302);
    assert.equal(response.headers.location, '/settings/policy');
    const after = await browser.get('/settings/policy');
    assert.match(after.body, /Policy settings saved/);
    assert.match(after.body, /name="publicationMonths" type="text"[^>]*value="9"/);
    assert.match(after.body, /Last changed by Test business-unit/);
    const rows = await ctx.db.query<{ event: string }>(
      `SELECT event FROM audit_events WHERE event = 'policy.changed' AND subject_id = 'publicationMonths'`,
    );
    assert.equal(rows.length, 1);
  });

  it('keeps the audit log 7 years unless changed, and refuses less than a year', async () => {
    const form = await browser.get('/settings/policy');
    assert.match(form.body, /<legend[^>]*>\s*Records retention\s*<\/legend>/);
    assert.match(form.body, /name="auditRetentionYears" type="text"[^>]*value="7"/);
    const response = await browser.post('/settings/policy', {
      ...policyForm({ auditRetentionYears: '0' }),
      version: versionOn(form.body),
    });
    assert.equal(response.statusCode, 400);
    assert.match(
      response.body,
      /href="#auditRetentionYears">Years to keep the audit log must be between 1 and 100/,
    );
  });

  it('refuses a save from a form opened before someone else saved, showing what they saved', async () => {
    const form = await browser.get('/settings/policy');
    const stale = versionOn(form.body);
    await browser.post('/settings/policy', { ...policyForm({ publicationMonths: '10' }), version: stale });
    const response = await browser.post('/settings/policy', {
      ...policyForm({ publicationMonths: '11' }),
      version: stale,
    });
    assert.equal(response.statusCode, 409);
    assert.match(response.body, /The settings now say/);
    assert.match(response.body, /Months to publish a local review: 10/);
  });

  it('gives everyone else a 403 page', async () => {
    const lead = await createUser(ctx.db, 'organisation-lead');
    const other = await signInAsBrowser(ctx.app, lead.email, TEST_PASSWORD);
    assert.equal((await other.get('/settings/policy')).statusCode, 403);
    assert.equal((await other.get('/settings/bank-holidays')).statusCode, 403);
    assert.doesNotMatch((await other.get('/dashboard')).body, /href="\/settings\/policy"/);
  });
});

describe('GET and POST /settings/bank-holidays', () => {
  let ctx: TestContext;
  let browser: Browser;
  before(async () => {
    ctx = await buildTestApp();
    const manager = await createUser(ctx.db, 'business-unit');
    browser = await signInAsBrowser(ctx.app, manager.email, TEST_PASSWORD);
  });
  after(() => ctx.close());

  async function upload(name: string, content: Buffer | string) {
    const form = await browser.get('/settings/bank-holidays');
    const body = multipart(
      { _csrf: csrfFrom(form.body) },
      { field: 'file', name, type: 'application/json', content },
    );
    return ctx.app.inject({
      method: 'POST',
      url: '/settings/bank-holidays',
      headers: { cookie: browser.cookie, ...body.headers },
      payload: body.payload,
    });
  }

  const yearTable = (html: string, year: number) =>
    new RegExp(`<caption[^>]*>${year}</caption>[\\s\\S]*?</table>`).exec(html)?.[0] ?? '';

  it('shows the shipped holidays by year, projected ones tagged Provisional, and no import yet', async () => {
    const page = await browser.get('/settings/bank-holidays');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /No file has been imported/);
    assert.match(yearTable(page.body, 2029), /Provisional/);
    assert.doesNotMatch(yearTable(page.body, 2026), /Provisional/);
    assert.match(page.body, /enctype="multipart\/form-data"/);
  });

  it('refuses a bad file with a message at the field, and imports nothing', async () => {
    const response = await upload('holidays.json', '{"scotland": {"events": []}}');
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /href="#file">The file has no “england-and-wales” events/);
    const none = await upload('holidays.json', '');
    assert.equal(none.statusCode, 400);
    assert.match(none.body, /href="#file">Choose a bank holidays file/);
    const [row] = await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM bank_holiday_imports');
    assert.equal(row?.n, 0);
  });

  it('replaces the provisional dates of the years the file covers, says what changed, and moves deadlines across the new holiday', async () => {
    // Aware Tuesday 5 June 2029: 5 working days is Tuesday 12 June, until Friday 8 June becomes a holiday.
    const review = await createReview(ctx.db, { awareDate: '2029-06-05', incidentDate: '2029-06-04' });
    const manager = await createUser(ctx.db, 'business-unit');
    const api = await signInAsApi(ctx.app, manager.email, TEST_PASSWORD);
    const due = async () =>
      (await api.get(`/api/v1/reviews/${review.id}`)).json().deadlines.panelNotificationDue;
    assert.equal(await due(), '2029-06-12');

    const response = await upload('bank-holidays.json', FIXTURE);
    assert.equal(response.statusCode, 302, response.body);
    const page = await browser.get('/settings/bank-holidays');
    assert.match(page.body, /Bank holidays imported for 2028 to 2029/);
    assert.match(page.body, /bank-holidays.json/);
    assert.match(page.body, /Years replaced[\s\S]*?2028, 2029/);
    assert.match(
      page.body,
      /Dates added[\s\S]*?11 May 2029[\s\S]*?8 June 2029[\s\S]*?Dates removed[\s\S]*?7 May 2029/,
    );
    assert.doesNotMatch(yearTable(page.body, 2029), /Provisional/);
    assert.match(yearTable(page.body, 2029), /Extra bank holiday/);
    assert.match(yearTable(page.body, 2030), /Provisional/);
    assert.match(yearTable(page.body, 2018), /Boxing Day/);

    assert.equal(await due(), '2029-06-13');
    const audit = await ctx.db.query<{ details: { years: number[] } }>(
      `SELECT details FROM audit_events WHERE event = 'bank-holidays.imported'`,
    );
    assert.deepEqual(
      audit.map((a) => a.details.years),
      [[2028, 2029]],
    );
  });

  it('refuses to replace published dates with provisional ones', async () => {
    const events = ['01-01', '04-03', '04-06', '05-04', '05-25', '08-31', '12-25', '12-28'].map((md) => ({
      title: 'Holiday',
      date: `2026-${md}`,
      notes: 'Provisional',
      bunting: true,
    }));
    const response = await upload('projected.json', JSON.stringify({ 'england-and-wales': { events } }));
    assert.equal(response.statusCode, 400);
    assert.match(
      response.body,
      /2026 already has published dates: the file must not replace them with provisional ones/,
    );
  });
});
