import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { fixture, multipartBody, seedBrookvale } from '../../../test/fixtures/imports/helpers.ts';
import { buildTestApp, csrfFrom, signInAsBrowser, type TestContext } from '../../../test/test-app.ts';

type Browser = Awaited<ReturnType<typeof signInAsBrowser>>;

async function businessUnit(ctx: TestContext): Promise<Browser> {
  const user = await createUser(ctx.db, 'business-unit');
  return signInAsBrowser(ctx.app, user.email, TEST_PASSWORD);
}

/** Uploads a file through the real form (multipart, with the page's CSRF token unless told otherwise). */
async function upload(ctx: TestContext, browser: Browser, name: string, content: Buffer, csrf?: string) {
  const form = await browser.get('/imports/new');
  const body = multipartBody(
    csrf === undefined ? { _csrf: csrfFrom(form.body) } : csrf ? { _csrf: csrf } : {},
    {
      field: 'spreadsheet',
      name,
      content,
    },
  );
  return ctx.app.inject({
    method: 'POST',
    url: '/imports',
    headers: { cookie: browser.cookie, 'content-type': body.contentType },
    payload: body.payload,
  });
}

/** The value of the selected option of the GOV.UK select with this id ('' when none is). */
function selectedIn(html: string, id: string): string {
  const select = new RegExp(`<select[^>]* id="${id}"[\\s\\S]*?</select>`).exec(html)?.[0] ?? '';
  return /<option value="([^"]*)" selected>/.exec(select)?.[1] ?? '';
}

const countJobs = async (ctx: TestContext) =>
  (await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM import_jobs'))[0]!.n;

describe('Uploading a spreadsheet (GET /imports/new, POST /imports)', () => {
  let ctx: TestContext;
  let browser: Browser;
  before(async () => {
    ctx = await buildTestApp();
    await seedBrookvale(ctx.db);
    browser = await businessUnit(ctx);
  });
  after(() => ctx.close());

  it('shows a GOV.UK file upload that accepts .xlsx and .csv', async () => {
    const page = await browser.get('/imports/new');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1 class="govuk-heading-l">Import an action plan<\/h1>/);
    assert.match(page.body, /enctype="multipart\/form-data"/);
    assert.match(
      page.body,
      /<input class="govuk-file-upload" id="spreadsheet" name="spreadsheet" type="file"[^>]*accept="\.xlsx,\.csv/,
    );
  });

  it('keeps the file and shows the detected header row, a preview and the guessed columns', async () => {
    const response = await upload(
      ctx,
      browser,
      'Child B action plan.xlsx',
      fixture('messy-action-plan.xlsx'),
    );
    assert.equal(response.statusCode, 302);
    const match = /^\/imports\/([0-9a-f-]{36})\/mapping$/.exec(String(response.headers.location));
    assert.ok(match, `unexpected redirect ${response.headers.location}`);
    const [job] = await ctx.db.query<{ status: string; totalRows: number; fileName: string }>(
      'SELECT status, total_rows AS "totalRows", file_name AS "fileName" FROM import_jobs WHERE id = $1',
      [match[1]],
    );
    assert.deepEqual(job, { status: 'uploaded', totalRows: 10, fileName: 'Child B action plan.xlsx' });

    const page = await browser.get(String(response.headers.location));
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1 class="govuk-heading-l">Choose the columns<\/h1>/);
    assert.match(
      page.body,
      /column headings in row 3 of the worksheet ‘Action plan’, and 10 rows under them/,
    );
    assert.match(page.body, /<th scope="col" class="govuk-table__header">Lead agency<\/th>/);
    assert.match(page.body, /<th scope="row" class="govuk-table__header">4<\/th>/);
    assert.match(page.body, /Audit health visitor records for advice given to fathers/);
    const selected = (id: string) => selectedIn(page.body, id);
    assert.equal(selected('reviewRef'), '0');
    assert.equal(selected('recommendationNumber'), '1');
    assert.equal(selected('description'), '3');
    assert.equal(selected('organisation'), '4');
    assert.equal(selected('dueDate'), '6');
    assert.equal(selected('status'), '7');
    assert.equal(selected('reviewType'), '', 'no column holds the kind of review');
    assert.equal(selected('defaultReviewType'), 'lcspr');
  });

  it('guesses a Serious Case Review for an old SCR plan', async () => {
    const response = await upload(ctx, browser, 'scr-child-f.csv', fixture('scr-action-plan.csv'));
    assert.equal(response.statusCode, 302);
    const page = await browser.get(String(response.headers.location));
    assert.equal(selectedIn(page.body, 'defaultReviewType'), 'scr');
  });

  for (const [label, name, content, message] of [
    [
      'a PNG',
      'plan.png',
      Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
      /must be an XLSX or CSV spreadsheet/,
    ],
    [
      'a text file renamed .xlsx',
      'plan.xlsx',
      Buffer.from('Review,Action\nNS,Audit\n'),
      /is not an XLSX spreadsheet/,
    ],
    [
      'a PNG renamed .csv',
      'plan.csv',
      Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
      /is not a CSV file/,
    ],
    ['an empty file', 'plan.csv', Buffer.alloc(0), /The selected file is empty/],
    [
      'a CSV with no header row',
      'plan.csv',
      Buffer.from('hello\n'),
      /could not find the row of column headings/,
    ],
  ] as const) {
    it(`refuses ${label} with 400 and an error next to the field`, async () => {
      const before = await countJobs(ctx);
      const response = await upload(ctx, browser, name, content);
      assert.equal(response.statusCode, 400);
      assert.match(response.body, /There is a problem/);
      assert.match(response.body, /href="#spreadsheet"/);
      assert.match(
        response.body,
        new RegExp(`<p id="spreadsheet-error" class="govuk-error-message">[\\s\\S]*?${message.source}`),
      );
      assert.equal(await countJobs(ctx), before);
    });
  }

  it('asks for a file when none is chosen', async () => {
    const response = await upload(ctx, browser, '', Buffer.alloc(0));
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /Select a spreadsheet to import/);
  });

  it('refuses a file over 10 MB with an error next to the field', async () => {
    const big = Buffer.concat([
      Buffer.from('Review,Action,Organisation,Due date\n'),
      Buffer.alloc(10 * 1024 * 1024 + 10, 'a'),
    ]);
    const response = await upload(ctx, browser, 'big.csv', big);
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /The selected file must be smaller than 10 MB/);
  });

  it('requires the CSRF token on the multipart upload', async () => {
    const before = await countJobs(ctx);
    const missing = await upload(ctx, browser, 'plan.xlsx', fixture('messy-action-plan.xlsx'), '');
    assert.equal(missing.statusCode, 403);
    const wrong = await upload(ctx, browser, 'plan.xlsx', fixture('messy-action-plan.xlsx'), 'not-the-token');
    assert.equal(wrong.statusCode, 403);
    assert.equal(await countJobs(ctx), before);
  });
});

describe('Who may import', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await buildTestApp();
  });
  after(() => ctx.close());

  for (const role of ['organisation-lead', 'practitioner', 'reviewer', 'board-member'] as const) {
    it(`refuses a ${role} with 403 on every import page`, async () => {
      const owner = await createUser(ctx.db, 'business-unit');
      const [job] = await ctx.db.query<{ id: string }>(
        `INSERT INTO import_jobs (created_by, file_name, content) VALUES ($1, 'plan.csv', $2) RETURNING id`,
        [owner.id, Buffer.from('a,b,c\n')],
      );
      const user = await createUser(ctx.db, role);
      const browser = await signInAsBrowser(ctx.app, user.email, TEST_PASSWORD);
      for (const url of [
        '/imports',
        '/imports/new',
        `/imports/${job!.id}`,
        `/imports/${job!.id}/mapping`,
        `/imports/${job!.id}/check`,
      ]) {
        assert.equal((await browser.get(url)).statusCode, 403, url);
      }
      const posted = await upload(
        ctx,
        browser,
        'plan.xlsx',
        fixture('messy-action-plan.xlsx'),
        csrfFrom((await browser.get('/reviews')).body),
      );
      assert.equal(posted.statusCode, 403);
      assert.equal((await browser.post(`/imports/${job!.id}/import`, {}, '/reviews')).statusCode, 403);
    });
  }

  it('sends a signed-out visitor to sign in', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/imports' });
    assert.equal(response.statusCode, 302);
    assert.match(String(response.headers.location), /^\/sign-in/);
  });
});
