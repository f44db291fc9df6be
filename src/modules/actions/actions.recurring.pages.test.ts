import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  createOrganisation,
  createRecommendation,
  createReview,
  createReviewWithAction,
  createUser,
  TEST_PASSWORD,
} from '../../../test/factories.ts';
import { buildTestApp, signInAsBrowser, type TestContext } from '../../../test/test-app.ts';
import type { Role } from '../../platform/http/current-user.ts';

const unique = (text: string) => `${text} ${randomUUID().slice(0, 8)}`;

describe('Recurring actions (pages)', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await buildTestApp();
  });
  after(() => ctx.close());

  async function browserUser(role: Role, organisationId?: string) {
    const user = await createUser(ctx.db, role, organisationId);
    return { user, browser: await signInAsBrowser(ctx.app, user.email, TEST_PASSWORD) };
  }

  async function stored(description: string) {
    const rows = await ctx.db.query<{ id: string; recurrenceMonths: number | null }>(
      'SELECT id, recurrence_months AS "recurrenceMonths" FROM actions WHERE description = $1',
      [description],
    );
    return rows;
  }

  it('offers "Repeat" on the add-action form and saves the choice', async () => {
    const org = await createOrganisation(ctx.db, 'nhs-trust');
    const review = await createReview(ctx.db);
    const recommendation = await createRecommendation(ctx.db, review.id);
    const { browser } = await browserUser('business-unit');
    const formUrl = `/recommendations/${recommendation.id}/actions/new`;

    const form = await browser.get(formUrl);
    assert.match(form.body, /<legend[^>]*>\s*Repeat\s*<\/legend>/);
    assert.match(form.body, /value="6"[^>]*>\s*<label[^>]*>\s*Every 6 months/);
    assert.match(form.body, /Does not repeat/);

    const description = unique('Re-audit safer-sleep advice');
    const saved = await browser.post(
      `/recommendations/${recommendation.id}/actions`,
      {
        organisationId: org.id,
        description,
        'dueDate-day': '31',
        'dueDate-month': '8',
        'dueDate-year': '2095',
        recurrenceMonths: '6',
      },
      formUrl,
    );
    assert.equal(saved.statusCode, 302, saved.body);
    assert.deepEqual(
      (await stored(description)).map((r) => r.recurrenceMonths),
      [6],
    );
  });

  it('re-renders the form with an error at "Repeat" for an interval not offered', async () => {
    const org = await createOrganisation(ctx.db, 'nhs-trust');
    const review = await createReview(ctx.db);
    const recommendation = await createRecommendation(ctx.db, review.id);
    const { browser } = await browserUser('business-unit');
    const description = unique('Re-audit');

    const page = await browser.post(
      `/recommendations/${recommendation.id}/actions`,
      {
        organisationId: org.id,
        description,
        'dueDate-day': '1',
        'dueDate-month': '3',
        'dueDate-year': '2095',
        recurrenceMonths: '5',
      },
      `/recommendations/${recommendation.id}/actions/new`,
    );

    assert.equal(page.statusCode, 400);
    assert.match(page.body, /govuk-error-summary/);
    assert.match(page.body, /href="#recurrenceMonths"/);
    assert.match(page.body, /id="recurrenceMonths-error"/);
    assert.equal((await stored(description)).length, 0);
  });

  it('shows "Repeats every 6 months" with links between occurrences after closing', async () => {
    const org = await createOrganisation(ctx.db, 'nhs-trust');
    const { action } = await createReviewWithAction(ctx.db, org.id, { dueDate: '2095-08-31' });
    await ctx.db.query('UPDATE actions SET recurrence_months = 6 WHERE id = $1', [action.id]);
    const { browser } = await browserUser('business-unit');

    const before = await browser.get(`/actions/${action.id}`);
    assert.match(before.body, /Repeats every 6 months/);
    assert.doesNotMatch(before.body, /Next occurrence/);

    const closed = await browser.post(
      `/actions/${action.id}/status`,
      { status: 'closed', version: String(action.version) },
      `/actions/${action.id}`,
    );
    assert.equal(closed.statusCode, 302, closed.body);

    const page = await browser.get(`/actions/${action.id}`);
    const next = /<a class="govuk-link" href="\/actions\/([0-9a-f-]{36})">Next occurrence<\/a>/.exec(
      page.body,
    );
    assert.ok(next, 'no "Next occurrence" link');
    const nextPage = await browser.get(`/actions/${next[1]}`);
    assert.match(nextPage.body, /Repeats every 6 months/);
    assert.match(nextPage.body, new RegExp(`href="/actions/${action.id}">Previous occurrence</a>`));
    assert.match(nextPage.body, /29 February 2096/);

    const tracker = await browser.get('/actions?status=not-started');
    assert.match(tracker.body, /<span class="govuk-body-s">Repeats every 6 months<\/span>/);
  });

  it('lets the business unit change how often an action repeats, and re-renders a bad choice', async () => {
    const org = await createOrganisation(ctx.db);
    const { action } = await createReviewWithAction(ctx.db, org.id);
    const { browser } = await browserUser('business-unit');
    const url = `/actions/${action.id}`;

    const bad = await browser.post(`${url}/recurrence`, { recurrenceMonths: '7', version: '1' }, url);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /href="#recurrenceMonths"/);

    const saved = await browser.post(`${url}/recurrence`, { recurrenceMonths: '3', version: '1' }, url);
    assert.equal(saved.statusCode, 302, saved.body);
    assert.match((await browser.get(url)).body, /Repeats every 3 months/);
  });

  it('does not offer a partner the repeat form', async () => {
    const org = await createOrganisation(ctx.db);
    const { action } = await createReviewWithAction(ctx.db, org.id);
    const { browser } = await browserUser('organisation-lead', org.id);
    const page = await browser.get(`/actions/${action.id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Does not repeat/);
    assert.doesNotMatch(page.body, /\/recurrence"/);
  });
});
