import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
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
import { buildTestApp, signInAsBrowser, type TestContext } from '../../../test/test-app.ts';
import type { Db } from '../../platform/db/index.ts';
import type { Role } from '../../platform/http/current-user.ts';

/** A description no other test uses, so a page can be searched for it. */
const unique = (text: string) => `${text} ${randomUUID().slice(0, 8)}`;

/** The numbers in an organisation's row of the tracker's counts table. */
function countsRow(html: string, organisationName: string): number[] {
  const table = /<table class="govuk-table" data-testid="counts">([\s\S]*?)<\/table>/.exec(html);
  assert.ok(table, 'no counts table on the page');
  const row = new RegExp(
    `<th scope="row" class="govuk-table__header">${organisationName}</th>([\\s\\S]*?)</tr>`,
  ).exec(table[1]!);
  assert.ok(row, `no counts row for ${organisationName}`);
  return [...row[1]!.matchAll(/<td[^>]*>(\d+)<\/td>/g)].map((m) => Number(m[1]));
}

/** The big number beside each label on the home page. */
function dashboardCount(html: string, label: string): number {
  const match = new RegExp(`(\\d+)</span> ${label}</a>`).exec(html);
  assert.ok(match, `no "${label}" count on the page`);
  return Number(match[1]);
}

async function storedStatus(db: Db, id: string) {
  const rows = await db.query<{ status: string; version: number }>(
    'SELECT status, version FROM actions WHERE id = $1',
    [id],
  );
  return rows[0]!;
}

describe('Action pages', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await buildTestApp();
  });
  after(() => ctx.close());

  async function browserUser(role: Role, organisationId?: string) {
    const user = await createUser(ctx.db, role, organisationId);
    return { user, browser: await signInAsBrowser(ctx.app, user.email, TEST_PASSWORD) };
  }

  it('shows the manager every organisation’s actions and the counts-by-organisation table', async () => {
    const police = await createOrganisation(ctx.db, 'police', unique('Police'));
    const trust = await createOrganisation(ctx.db, 'nhs-trust', unique('Trust'));
    const policeWork = unique('Brief response officers');
    const trustWork = unique('Audit maternity discharge');
    const { recommendation } = await createReviewWithAction(ctx.db, police.id, { description: policeWork });
    await createAction(ctx.db, {
      recommendationId: recommendation.id,
      organisationId: police.id,
      status: 'in-progress',
      dueDate: '2021-05-01',
    });
    await createAction(ctx.db, {
      recommendationId: recommendation.id,
      organisationId: trust.id,
      description: trustWork,
      status: 'closed',
    });
    const { browser } = await browserUser('business-unit');

    const page = await browser.get('/actions');

    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Action tracker/);
    assert.match(page.body, /Showing actions of every organisation in the partnership/);
    assert.ok(page.body.includes(policeWork));
    assert.ok(page.body.includes(trustWork));
    // Red, amber, green, then not started, in progress, awaiting evidence, closed.
    assert.deepEqual(countsRow(page.body, police.name), [1, 0, 1, 1, 1, 0, 0]);
    assert.deepEqual(countsRow(page.body, trust.name), [0, 0, 0, 0, 0, 0, 1]);
  });

  it("shows an organisation lead only their own organisation's actions", async () => {
    const mine = await createOrganisation(ctx.db, 'police', unique('Police'));
    const theirs = await createOrganisation(ctx.db, 'school', unique('School'));
    const myWork = unique('Brief the custody sergeants');
    const theirWork = unique('Train the designated teachers');
    const { recommendation } = await createReviewWithAction(ctx.db, mine.id, { description: myWork });
    await createAction(ctx.db, {
      recommendationId: recommendation.id,
      organisationId: theirs.id,
      description: theirWork,
    });
    const { browser } = await browserUser('organisation-lead', mine.id);

    const page = await browser.get('/actions');

    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes(`Showing actions owned by ${mine.name}.`));
    assert.ok(page.body.includes(myWork));
    assert.ok(!page.body.includes(theirWork), 'another organisation’s action is listed');
    assert.deepEqual(countsRow(page.body, mine.name), [0, 0, 1, 1, 0, 0, 0]);
    assert.ok(!page.body.includes(`<th scope="row" class="govuk-table__header">${theirs.name}</th>`));
  });

  it('lists only overdue actions under ?due=overdue', async () => {
    const org = await createOrganisation(ctx.db);
    const late = unique('Late audit');
    const onTime = unique('Future audit');
    const closedLate = unique('Closed late audit');
    const { recommendation } = await createReviewWithAction(ctx.db, org.id, {
      description: late,
      dueDate: '2020-01-31',
    });
    await createAction(ctx.db, {
      recommendationId: recommendation.id,
      organisationId: org.id,
      description: onTime,
      dueDate: '2099-01-31',
    });
    await createAction(ctx.db, {
      recommendationId: recommendation.id,
      organisationId: org.id,
      description: closedLate,
      dueDate: '2020-01-31',
      status: 'closed',
    });
    const { browser } = await browserUser('organisation-lead', org.id);

    const all = await browser.get('/actions');
    assert.ok(all.body.includes(onTime), 'the unfiltered tracker should list the on-time action');

    const page = await browser.get('/actions?due=overdue');
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes(late));
    assert.ok(!page.body.includes(onTime));
    assert.ok(!page.body.includes(closedLate));
    assert.match(page.body, /Overdue<\/strong>/);
  });

  it('answers 404 with the not-found page for another organisation’s action', async () => {
    const mine = await createOrganisation(ctx.db);
    const theirs = await createOrganisation(ctx.db);
    const secret = unique('Their confidential work');
    const { recommendation } = await createReviewWithAction(ctx.db, mine.id);
    const theirAction = await createAction(ctx.db, {
      recommendationId: recommendation.id,
      organisationId: theirs.id,
      description: secret,
    });
    const { browser } = await browserUser('organisation-lead', mine.id);

    const page = await browser.get(`/actions/${theirAction.id}`);

    assert.equal(page.statusCode, 404);
    assert.match(page.body, /Page not found/);
    assert.ok(!page.body.includes(secret));
  });

  it('lets the lead mark their action awaiting evidence, then shows the new status and the history entry', async () => {
    const org = await createOrganisation(ctx.db);
    const { action } = await createReviewWithAction(ctx.db, org.id, { status: 'in-progress' });
    const { browser } = await browserUser('organisation-lead', org.id);

    const response = await browser.post(
      `/actions/${action.id}/status`,
      { status: 'awaiting-evidence', version: '1' },
      `/actions/${action.id}`,
    );

    assert.equal(response.statusCode, 302);
    assert.equal(response.headers.location, `/actions/${action.id}`);
    assert.deepEqual(await storedStatus(ctx.db, action.id), { status: 'awaiting-evidence', version: 2 });
    const page = await browser.get(`/actions/${action.id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /notification-banner__heading">\s*Status changed\s*</, 'the flash message');
    assert.match(page.body, /<strong class="govuk-tag govuk-tag--yellow">Awaiting evidence<\/strong>/);
    const history = page.body.slice(page.body.indexOf('>History</h2>'));
    assert.match(history, /Status changed: in progress to awaiting evidence/);
    assert.ok(history.includes('Test organisation-lead,'), 'the history names who changed it');
  });

  it('re-shows the action page with 400 and the error summary when no status is selected', async () => {
    const org = await createOrganisation(ctx.db);
    const { action } = await createReviewWithAction(ctx.db, org.id);
    const { browser } = await browserUser('organisation-lead', org.id);

    const response = await browser.post(
      `/actions/${action.id}/status`,
      { version: '1' },
      `/actions/${action.id}`,
    );

    assert.equal(response.statusCode, 400);
    assert.match(response.body, /There is a problem/);
    assert.match(response.body, /<a href="#status">Select a new status<\/a>/);
    assert.match(response.body, /<title>Error: /);
    assert.deepEqual(await storedStatus(ctx.db, action.id), { status: 'not-started', version: 1 });
  });

  it('re-shows the action page with 409 when someone else changed the action first', async () => {
    const org = await createOrganisation(ctx.db);
    const { action } = await createReviewWithAction(ctx.db, org.id);
    const { browser } = await browserUser('organisation-lead', org.id);
    const colleague = await browserUser('organisation-lead', org.id);
    const first = await colleague.browser.post(
      `/actions/${action.id}/status`,
      { status: 'in-progress', version: '1' },
      `/actions/${action.id}`,
    );
    assert.equal(first.statusCode, 302);

    const response = await browser.post(
      `/actions/${action.id}/status`,
      { status: 'awaiting-evidence', version: '1' },
      `/actions/${action.id}`,
    );

    assert.equal(response.statusCode, 409);
    assert.match(response.body, /Someone else saved a change to this record after you opened it/);
    assert.match(response.body, /it is now in progress/);
    assert.deepEqual(await storedStatus(ctx.db, action.id), { status: 'in-progress', version: 2 });
  });

  it('refuses the lead closing their action with the 403 page', async () => {
    const org = await createOrganisation(ctx.db);
    const { action } = await createReviewWithAction(ctx.db, org.id, { status: 'awaiting-evidence' });
    const { browser } = await browserUser('organisation-lead', org.id);

    const response = await browser.post(
      `/actions/${action.id}/status`,
      { status: 'closed', version: '1' },
      `/actions/${action.id}`,
    );

    assert.equal(response.statusCode, 403);
    assert.match(response.body, /You cannot do that/);
    assert.deepEqual(await storedStatus(ctx.db, action.id), { status: 'awaiting-evidence', version: 1 });
  });

  it('re-shows the add-action form with 400 and errors linking to each empty field', async () => {
    const review = await createReview(ctx.db);
    const recommendation = await createRecommendation(ctx.db, review.id);
    const { browser } = await browserUser('business-unit');
    const formUrl = `/recommendations/${recommendation.id}/actions/new`;
    assert.equal((await browser.get(formUrl)).statusCode, 200);

    const response = await browser.post(
      `/recommendations/${recommendation.id}/actions`,
      { organisationId: '', description: '', 'dueDate-day': '', 'dueDate-month': '', 'dueDate-year': '' },
      formUrl,
    );

    assert.equal(response.statusCode, 400);
    assert.match(response.body, /There is a problem/);
    assert.match(response.body, /href="#organisationId"/);
    assert.match(response.body, /href="#description"/);
    assert.match(response.body, /href="#dueDate-day"/);
    const rows = await ctx.db.query('SELECT 1 FROM actions WHERE recommendation_id = $1', [
      recommendation.id,
    ]);
    assert.equal(rows.length, 0);
  });

  it('adds an action from the form and goes back to the recommendation', async () => {
    const org = await createOrganisation(ctx.db, 'icb', unique('ICB'));
    const review = await createReview(ctx.db);
    const recommendation = await createRecommendation(ctx.db, review.id);
    const { browser } = await browserUser('business-unit');
    const description = unique('Commission safer-sleep training');

    const response = await browser.post(
      `/recommendations/${recommendation.id}/actions`,
      {
        organisationId: org.id,
        description,
        'dueDate-day': '31',
        'dueDate-month': '3',
        'dueDate-year': '2099',
      },
      `/recommendations/${recommendation.id}/actions/new`,
    );

    assert.equal(response.statusCode, 302);
    assert.equal(response.headers.location, `/reviews/${review.id}#recommendation-${recommendation.number}`);
    const rows = await ctx.db.query<{ description: string; dueDate: string; organisationId: string }>(
      `SELECT description, due_date AS "dueDate", organisation_id AS "organisationId"
         FROM actions WHERE recommendation_id = $1`,
      [recommendation.id],
    );
    assert.deepEqual(rows, [{ description, dueDate: '2099-03-31', organisationId: org.id }]);
  });

  it('shows the counts of open and overdue actions on the dashboard', async () => {
    const org = await createOrganisation(ctx.db);
    const { recommendation } = await createReviewWithAction(ctx.db, org.id, { status: 'not-started' });
    const add = (status: string, dueDate = '2099-01-31') =>
      createAction(ctx.db, { recommendationId: recommendation.id, organisationId: org.id, status, dueDate });
    await add('not-started');
    await add('in-progress', '2020-06-30');
    await add('awaiting-evidence');
    await add('closed', '2020-06-30');
    const { browser } = await browserUser('organisation-lead', org.id);

    const page = await browser.get('/dashboard');

    assert.equal(page.statusCode, 200);
    assert.equal(dashboardCount(page.body, 'not started'), 2);
    assert.equal(dashboardCount(page.body, 'in progress'), 1);
    assert.equal(dashboardCount(page.body, 'awaiting evidence'), 1);
    assert.equal(dashboardCount(page.body, 'overdue'), 1);
  });

  it('answers 403 to a form post without the CSRF token, and changes nothing', async () => {
    const org = await createOrganisation(ctx.db);
    const { action } = await createReviewWithAction(ctx.db, org.id);
    const { browser } = await browserUser('organisation-lead', org.id);

    const response = await ctx.app.inject({
      method: 'POST',
      url: `/actions/${action.id}/status`,
      headers: { cookie: browser.cookie },
      payload: { status: 'in-progress', version: '1' },
    });

    assert.equal(response.statusCode, 403);
    assert.deepEqual(await storedStatus(ctx.db, action.id), { status: 'not-started', version: 1 });
  });

  it('sends a signed-out visitor to sign in', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/actions' });
    assert.equal(response.statusCode, 302);
    assert.match(String(response.headers.location), /^\/sign-in\?returnTo=/);
  });
});
