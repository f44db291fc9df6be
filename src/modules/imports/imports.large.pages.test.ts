import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { fixture, multipartBody, seedBrookvale } from '../../../test/fixtures/imports/helpers.ts';
import {
  buildTestApp,
  csrfFrom,
  signInAsApi,
  signInAsBrowser,
  type TestContext,
} from '../../../test/test-app.ts';

type Browser = Awaited<ReturnType<typeof signInAsBrowser>>;

/** Uploads a fixture and saves the guessed mapping; returns the job id. */
async function uploadAndMap(ctx: TestContext, browser: Browser, name: string) {
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
  const id = /\/imports\/([0-9a-f-]{36})\/mapping/.exec(String(uploaded.headers.location))![1]!;
  const page = await browser.get(`/imports/${id}/mapping`);
  const values = Object.fromEntries(
    [...page.body.matchAll(/<select[^>]* name="(\w+)"[\s\S]*?<\/select>/g)].map((m) => [
      m[1]!,
      /<option value="([^"]*)" selected>/.exec(m[0])?.[1] ?? '',
    ]),
  );
  const saved = await browser.post(`/imports/${id}/mapping`, values, `/imports/${id}/mapping`);
  assert.equal(saved.statusCode, 302, saved.body);
  return id;
}

async function importAndWait(ctx: TestContext, browser: Browser, id: string) {
  const response = await browser.post(`/imports/${id}/import`, {}, `/imports/${id}`);
  assert.equal(response.statusCode, 302);
  await ctx.services.imports.settled(id);
}

const count = async (ctx: TestContext, from: string) =>
  (await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${from}`))[0]!.n;
const jobRow = async (ctx: TestContext, id: string) =>
  (
    await ctx.db.query<{
      status: string;
      processedRows: number;
      importedRows: number;
      problems: { row: number | null; messages: string[] }[];
    }>(
      `SELECT status, processed_rows AS "processedRows", imported_rows AS "importedRows", problems FROM import_jobs WHERE id = $1`,
      [id],
    )
  )[0]!;

describe('Importing a large action plan', () => {
  let ctx: TestContext;
  let browser: Browser;
  before(async () => {
    ctx = await buildTestApp();
    await seedBrookvale(ctx.db);
    const user = await createUser(ctx.db, 'business-unit');
    browser = await signInAsBrowser(ctx.app, user.email, TEST_PASSWORD);
  });
  after(() => ctx.close());

  it('rolls everything back when a row fails to save part-way, and says so on the job page', async () => {
    // A real constraint failure on the 2,900th action, after five batches of 500 have been written.
    await ctx.db.exec(
      `ALTER TABLE actions ADD CONSTRAINT test_refuse_one CHECK (description NOT LIKE 'Action 2900:%') NOT VALID`,
    );
    const id = await uploadAndMap(ctx, browser, 'large-action-plan.csv');
    const check = await browser.get(`/imports/${id}/check`);
    assert.match(check.body, /3000 actions will be imported\. 0 of 3000 rows cannot be imported\./);
    await importAndWait(ctx, browser, id);

    const job = await jobRow(ctx, id);
    assert.equal(job.status, 'failed');
    assert.equal(job.importedRows, 0);
    assert.match(
      job.problems.find((p) => p.row === null)!.messages[0]!,
      /Nothing was imported.*test_refuse_one/,
    );
    for (const table of ['reviews', 'recommendations', 'actions'])
      assert.equal(await count(ctx, table), 0, table);
    assert.equal(await count(ctx, "audit_events WHERE event = 'action.created'"), 0);
    assert.equal(await count(ctx, "audit_events WHERE event = 'import.failed'"), 1);

    const page = await browser.get(`/imports/${id}`);
    assert.match(page.body, /The import failed and nothing was imported/);
    assert.match(page.body, /href="\/imports\/[^"]+\/check"[^>]*>\s*Check the rows again/);

    // With the cause removed, the same job can run again, and this time imports everything.
    await ctx.db.exec('ALTER TABLE actions DROP CONSTRAINT test_refuse_one');
    await importAndWait(ctx, browser, id);
    const done = await jobRow(ctx, id);
    assert.deepEqual([done.status, done.processedRows, done.importedRows], ['done', 3000, 3000]);
    assert.equal(await count(ctx, 'actions'), 3000);
    assert.equal(await count(ctx, 'reviews'), 10);
    assert.equal(await count(ctx, 'recommendations'), 100);
    assert.equal(await count(ctx, "reviews WHERE subject_ref = 'Child L1' AND type = 'learning-review'"), 1);
    assert.equal(await count(ctx, "reviews WHERE subject_ref = 'Child L2' AND type = 'lcspr'"), 1);
  });

  it('shows a self-refreshing progress message while an import runs', async () => {
    const owner = await createUser(ctx.db, 'business-unit');
    const [job] = await ctx.db.query<{ id: string }>(
      `INSERT INTO import_jobs (created_by, file_name, content, status, total_rows, processed_rows)
       VALUES ($1, 'big.csv', $2, 'importing', 3000, 1250) RETURNING id`,
      [owner.id, Buffer.from('a,b,c\n')],
    );
    const page = await browser.get(`/imports/${job!.id}`);
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /http-equiv="refresh"/);
    assert.match(page.body, /src="\/public\/import-progress.js"/);
    assert.match(page.body, new RegExp(`href="/imports/${job!.id}">Check progress`));
    assert.match(page.body, /role="status"/);
    assert.match(page.body, /Checked 1250 of 3000 rows\./);
    assert.match(page.body, /<progress[^>]* max="3000" value="1250">/);
    // Nothing else can be done with it while it runs.
    assert.equal((await browser.get(`/imports/${job!.id}/mapping`)).headers.location, `/imports/${job!.id}`);
  });
});

describe('Importing an old Serious Case Review plan from CSV', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await buildTestApp();
    await seedBrookvale(ctx.db);
  });
  after(() => ctx.close());

  it('creates a published SCR whose past-due open actions are overdue', async () => {
    const user = await createUser(ctx.db, 'business-unit');
    const browser = await signInAsBrowser(ctx.app, user.email, TEST_PASSWORD);
    const id = await uploadAndMap(ctx, browser, 'scr-action-plan.csv');
    await importAndWait(ctx, browser, id);
    const [review] = await ctx.db.query<{ id: string; type: string; status: string; incidentDate: string }>(
      `SELECT id, type, status, incident_date AS "incidentDate" FROM reviews WHERE subject_ref = 'Child F'`,
    );
    assert.deepEqual(
      { ...review, id: undefined },
      { id: undefined, type: 'scr', status: 'published', incidentDate: '2016-09-30' },
    );
    assert.equal((await jobRow(ctx, id)).importedRows, 6);

    const api = await signInAsApi(ctx.app, user.email, TEST_PASSWORD);
    const overdue = (await api.get(`/api/v1/actions?reviewId=${review!.id}&overdue=true`)).json() as {
      items: { description: string; status: string; dueDate: string; originalDueDate: string }[];
    };
    assert.deepEqual(overdue.items.map((a) => [a.status, a.dueDate, a.originalDueDate]).sort(), [
      ['in-progress', '2017-03-31', '2017-03-31'],
      ['not-started', '2018-03-31', '2018-03-31'],
    ]);
  });
});
