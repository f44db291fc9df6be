import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { fixture, multipartBody, seedBrookvale } from '../../../test/fixtures/imports/helpers.ts';
import { buildTestApp, csrfFrom, signInAsBrowser, type TestContext } from '../../../test/test-app.ts';

type Browser = Awaited<ReturnType<typeof signInAsBrowser>>;

/** Uploads a fixture and saves the guessed mapping; returns the job id. */
async function uploadAndMap(
  ctx: TestContext,
  browser: Browser,
  name: string,
  fields: Record<string, string> = {},
) {
  const form = await browser.get('/imports/new');
  const body = multipartBody(
    { _csrf: csrfFrom(form.body) },
    { field: 'spreadsheet', name, content: fixture(name) },
  );
  const uploaded = await ctx.app.inject({
    method: 'POST',
    url: '/imports',
    headers: { cookie: browser.cookie, 'content-type': body.contentType },
    payload: body.payload,
  });
  assert.equal(uploaded.statusCode, 302, uploaded.body);
  const id = /\/imports\/([0-9a-f-]{36})\/mapping/.exec(String(uploaded.headers.location))![1]!;
  const mappingPage = await browser.get(`/imports/${id}/mapping`);
  const values = Object.fromEntries(
    [...mappingPage.body.matchAll(/<select[^>]* name="(\w+)"[\s\S]*?<\/select>/g)].map((m) => [
      m[1]!,
      /<option value="([^"]*)" selected>/.exec(m[0])?.[1] ?? '',
    ]),
  );
  const saved = await browser.post(
    `/imports/${id}/mapping`,
    { ...values, ...fields },
    `/imports/${id}/mapping`,
  );
  assert.equal(saved.statusCode, 302, saved.body);
  assert.equal(saved.headers.location, `/imports/${id}/check`);
  return id;
}

async function importAndWait(ctx: TestContext, browser: Browser, id: string) {
  const response = await browser.post(`/imports/${id}/import`, {}, `/imports/${id}/check`);
  assert.equal(response.statusCode, 302);
  assert.equal(response.headers.location, `/imports/${id}`);
  await ctx.services.imports.settled(id);
}

const one = async <T>(ctx: TestContext, sql: string, params: unknown[] = []) =>
  (await ctx.db.query<T>(sql, params))[0]!;
const count = async (ctx: TestContext, sql: string, params: unknown[] = []) =>
  (await one<{ n: number }>(ctx, `SELECT count(*)::int AS n FROM ${sql}`, params)).n;

describe('Checking and importing the messy action plan', () => {
  let ctx: TestContext;
  let browser: Browser;
  let id: string;
  before(async () => {
    ctx = await buildTestApp();
    await seedBrookvale(ctx.db);
    const user = await createUser(ctx.db, 'business-unit');
    browser = await signInAsBrowser(ctx.app, user.email, TEST_PASSWORD);
    id = await uploadAndMap(ctx, browser, 'messy-action-plan.xlsx');
  });
  after(() => ctx.close());

  it('re-shows the mapping with 400 and an error summary when a required column is not chosen', async () => {
    const response = await browser.post(
      `/imports/${id}/mapping`,
      { reviewRef: '0', defaultReviewType: 'lcspr' },
      `/imports/${id}/mapping`,
    );
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /There is a problem/);
    assert.match(
      response.body,
      /href="#description"[^>]*>Select the column that holds the action description/,
    );
    assert.match(response.body, /href="#dueDate"/);
  });

  it('lists each row that cannot be imported with its spreadsheet row number and why', async () => {
    const page = await browser.get(`/imports/${id}/check`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1 class="govuk-heading-l">Check the rows<\/h1>/);
    assert.match(page.body, /5 actions will be imported\. 5 of 10 rows cannot be imported\./);
    const problems = [
      ...page.body.matchAll(
        /<th scope="row" class="govuk-table__header">(\d+)<\/th>\s*<td class="govuk-table__cell">([^<]*)/g,
      ),
    ].map((m) => [Number(m[1]), m[2]!]);
    assert.deepEqual(
      problems.map(([row]) => row),
      [8, 9, 11, 13, 16],
    );
    assert.match(
      String(problems[0]![1]),
      /organisation &quot;Brookvale Acme Services&quot; is not one of the partnership/,
    );
    assert.match(String(problems[1]![1]), /action description is missing/);
    assert.match(String(problems[2]![1]), /due date &quot;31\/02\/2025&quot; is not a real date/);
    assert.match(String(problems[3]![1]), /looks like a child(&#39;|')s name/);
    assert.match(page.body, /Row 10: No active user of Riverside Medical Centre matches the named owner/);
    assert.match(page.body, /A new review Child B \(local child safeguarding practice review\)/);
    assert.match(page.body, /earliest due date of its actions/);
    assert.match(page.body, />\s*Import 5 actions\s*</);
    assert.equal(await count(ctx, 'actions'), 0, 'checking writes nothing');
  });

  it('requires the CSRF token on each step', async () => {
    for (const url of [`/imports/${id}/mapping`, `/imports/${id}/import`]) {
      const response = await ctx.app.inject({
        method: 'POST',
        url,
        headers: { cookie: browser.cookie },
        payload: { reviewRef: '0' },
      });
      assert.equal(response.statusCode, 403, url);
    }
    assert.equal(
      (await one<{ status: string }>(ctx, 'SELECT status FROM import_jobs WHERE id = $1', [id])).status,
      'uploaded',
    );
  });

  it('imports the good rows in one go: a review, its recommendations and actions, audit rows and counts', async () => {
    await importAndWait(ctx, browser, id);
    const review = await one<Record<string, unknown>>(
      ctx,
      `SELECT id, type, status, incident_date AS "incidentDate", aware_date AS "awareDate",
              lcspr_decision_date AS "lcsprDecisionDate", summary FROM reviews WHERE subject_ref = 'Child B'`,
    );
    assert.deepEqual(
      { ...review, id: undefined, summary: undefined },
      {
        id: undefined,
        type: 'lcspr',
        status: 'final-report',
        incidentDate: '2024-03-31',
        awareDate: '2024-03-31',
        lcsprDecisionDate: '2024-03-31',
        summary: undefined,
      },
    );
    assert.match(String(review.summary), /spreadsheet import.*set to 31 March 2024/);
    const recommendations = await ctx.db.query<{ number: number; text: string }>(
      'SELECT number, text FROM recommendations WHERE review_id = $1 ORDER BY number',
      [review.id],
    );
    assert.deepEqual(
      recommendations.map((r) => r.number),
      [1, 2, 3, 4],
    );
    assert.match(recommendations[0]!.text, /^Safer-sleep advice is given to both parents/);
    const actions = await ctx.db.query<{
      description: string;
      dueDate: string;
      originalDueDate: string;
      status: string;
      closed: boolean;
      owner: string | null;
    }>(
      `SELECT a.description, a.due_date AS "dueDate", a.original_due_date AS "originalDueDate", a.status,
              a.closed_at IS NOT NULL AS closed, u.name AS owner
         FROM actions a JOIN recommendations r ON r.id = a.recommendation_id LEFT JOIN users u ON u.id = a.owner_user_id
        WHERE r.review_id = $1 ORDER BY r.number, a.due_date`,
      [review.id],
    );
    assert.deepEqual(
      actions.map((a) => [
        a.description.slice(0, 20),
        a.dueDate,
        a.originalDueDate === a.dueDate,
        a.status,
        a.closed,
        a.owner,
      ]),
      [
        ['Audit health visitor', '2024-03-31', true, 'closed', true, 'Jess Carter'],
        ['Brief all health visi', '2024-06-30', true, 'in-progress', false, null],
        ['Add a safer-sleep pro', '2025-06-30', true, 'not-started', false, 'DI Sam Whitfield'],
        ['Add a household-membe', '2024-03-31', true, 'awaiting-evidence', false, null],
        ['Run a practitioner fo', '2024-12-31', true, 'closed', true, null],
      ].map(([d, ...rest]) => [String(d).slice(0, 20), ...rest]),
    );
    assert.equal(
      await count(ctx, "actions WHERE description = 'Commission a joint audit of notifications'"),
      0,
    );
    assert.equal(await count(ctx, 'reviews'), 1, 'the row filed under a name made no review');

    const job = await one<{
      status: string;
      totalRows: number;
      processedRows: number;
      importedRows: number;
      problems: { row: number }[];
    }>(
      ctx,
      `SELECT status, total_rows AS "totalRows", processed_rows AS "processedRows", imported_rows AS "importedRows", problems
         FROM import_jobs WHERE id = $1`,
      [id],
    );
    assert.deepEqual(
      { ...job, problems: job.problems.map((p) => p.row) },
      {
        status: 'done',
        totalRows: 10,
        processedRows: 10,
        importedRows: 5,
        problems: [8, 9, 11, 13, 16, 10],
      },
    );
    assert.equal(
      await count(ctx, "audit_events WHERE event = 'action.created' AND details->>'importJobId' = $1", [id]),
      5,
    );
    assert.equal(
      await count(
        ctx,
        "audit_events WHERE event = 'recommendation.created' AND details->>'importJobId' = $1",
        [id],
      ),
      4,
    );
    assert.equal(
      await count(ctx, "audit_events WHERE event = 'review.created' AND subject_id = $1", [review.id]),
      1,
    );
    assert.equal(
      await count(ctx, "audit_events WHERE event = 'import.completed' AND subject_id = $1", [id]),
      1,
    );
  });

  it('shows the result on the job page and in the list of past imports', async () => {
    const page = await browser.get(`/imports/${id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Import complete/);
    assert.match(page.body, /5 actions imported/);
    assert.doesNotMatch(page.body, /http-equiv="refresh"/);
    assert.match(page.body, /Rows that were not imported/);
    const list = await browser.get('/imports');
    assert.match(list.body, /href="\/imports\/new"[^>]*>\s*Import an action plan/);
    assert.match(
      list.body,
      new RegExp(`<a class="govuk-link" href="/imports/${id}">messy-action-plan.xlsx</a>`),
    );
    assert.match(list.body, /Imported<\/strong>[\s\S]*?>10<\/td>[\s\S]*?>5<\/td>[\s\S]*?>5<\/td>/);
  });

  it('does not import the same job twice, and sends later steps to the result', async () => {
    const again = await browser.post(`/imports/${id}/import`, {}, `/imports/${id}`);
    assert.equal(again.statusCode, 302);
    await ctx.services.imports.settled(id);
    assert.equal(await count(ctx, 'actions'), 5);
    assert.equal((await browser.get(`/imports/${id}/check`)).headers.location, `/imports/${id}`);
  });

  it('recognises the actions already imported when the same plan is uploaded again', async () => {
    const second = await uploadAndMap(ctx, browser, 'messy-action-plan.xlsx');
    const page = await browser.get(`/imports/${second}/check`);
    assert.match(page.body, /0 actions will be imported\. 10 of 10 rows cannot be imported\./);
    assert.match(page.body, /This action is already in Lantern \(recommendation 1 of review Child B\)/);
    assert.doesNotMatch(page.body, /Import 0 actions/);
  });
});
