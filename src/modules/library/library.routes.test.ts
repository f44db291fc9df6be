import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import PDFDocument from 'pdfkit';
import type { Actor } from '../../platform/http/current-user.ts';
import {
  buildTestApp,
  csrfFrom,
  signInAsApi,
  signInAsBrowser,
  type TestContext,
} from '../../../test/test-app.ts';
import { createActor, TEST_PASSWORD } from '../../../test/factories.ts';
import { multipart } from '../../../test/multipart.ts';

/** A real PDF with a text layer, made with pdfkit. */
function pdfOf(lines: string[]): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument();
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    for (const line of lines) doc.text(line);
    doc.end();
  });
}
const docx = readFileSync(new URL('../../../test/fixtures/library/review.docx', import.meta.url));

describe('library pages and API', () => {
  let t: TestContext;
  let manager: Actor;
  let board: Actor;
  let page: Awaited<ReturnType<typeof signInAsBrowser>>;

  const upload = async (
    fields: Record<string, string>,
    file?: { name: string; type: string; content: Buffer | string },
  ) => {
    const form = await page.get('/library/reviews/new');
    const body = multipart({ _csrf: csrfFrom(form.body), ...fields }, file && { field: 'file', ...file });
    return t.app.inject({
      method: 'POST',
      url: '/library/reviews',
      headers: { ...body.headers, cookie: page.cookie },
      payload: body.payload,
    });
  };

  before(async () => {
    t = await buildTestApp();
    manager = await createActor(t.db, 'business-unit');
    board = await createActor(t.db, 'board-member');
    page = await signInAsBrowser(t.app, manager.email, TEST_PASSWORD);
  });
  after(() => t.close());

  it('adds a PDF, a Word document and a text file by upload, storing the extracted text and the original', async () => {
    const pdf = await pdfOf([
      'Riverton review of Baby M',
      'The baby was co-sleeping with a parent after alcohol.',
    ]);
    const cases = [
      { name: 'riverton.pdf', type: 'application/pdf', content: pdf, expect: /co-sleeping with a parent/ },
      {
        name: 'eastmoor.docx',
        type: 'application/octet-stream',
        content: docx,
        expect: /overcrowding at the home/,
      },
      {
        name: 'northshire.txt',
        type: 'text/plain',
        content: Buffer.from('Northshire neglect review.\n\nMissed appointments were not followed up.'),
        expect: /Missed appointments/,
      },
    ];
    for (const c of cases) {
      const response = await upload(
        {
          title: `Review from ${c.name}`,
          area: 'Testshire',
          year: '2020',
          reviewType: 'lcspr',
          ageBand: 'under-1',
          outcome: 'died',
        },
        c,
      );
      assert.equal(response.statusCode, 302, response.body);
      const id = response.headers.location!.split('/').pop()!;
      const review = await t.services.library.visible(manager, id);
      assert.match(review.body, c.expect);
      assert.equal(review.fileName, c.name);
      const file = await page.get(`/library/reviews/${id}/file`);
      assert.equal(file.statusCode, 200);
      assert.match(String(file.headers['content-disposition']), /^attachment; filename="/);
      assert.deepEqual(file.rawPayload, c.content);
      const shown = await page.get(`/library/reviews/${id}`);
      assert.match(shown.body, new RegExp(`Review from ${c.name.replace('.', '\\.')}`));
      assert.match(shown.body, /href="\/library\/reviews\/[^"]+\/themes">Themes</);
    }
    const audit = await t.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_events WHERE event = 'library-review.added'",
    );
    assert.equal(audit[0]!.n, 3);
  });

  it('refuses a duplicate file, a file of another kind and an empty text with a message by the field', async () => {
    const txt = Buffer.from('A unique review about housing and overcrowding.');
    assert.equal(
      (await upload({ title: 'First' }, { name: 'a.txt', type: 'text/plain', content: txt })).statusCode,
      302,
    );
    const again = await upload({ title: 'Again' }, { name: 'b.txt', type: 'text/plain', content: txt });
    assert.equal(again.statusCode, 400);
    assert.match(again.body, /href="#file">This file is already in the library, as “First”/);
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const bad = await upload({ title: 'Picture' }, { name: 'x.pdf', type: 'application/pdf', content: png });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /must be a PDF, a Word document/);
    const blank = await upload(
      { title: 'Blank' },
      { name: 'blank.txt', type: 'text/plain', content: Buffer.from('   \n\n  ') },
    );
    assert.equal(blank.statusCode, 400);
    assert.match(blank.body, /has no text in it/);
    const broken = await upload(
      { title: 'Broken' },
      { name: 'broken.pdf', type: 'application/pdf', content: Buffer.from('%PDF-1.4\nnot really a pdf') },
    );
    assert.equal(broken.statusCode, 400);
    assert.match(broken.body, /could not be read|has no text/);
    const none = await upload({ title: '' });
    assert.equal(none.statusCode, 400);
    assert.match(none.body, /Enter the review’s title/);
  });

  it('lets a board member search and read but not add (403); signed out is sent to sign in or gets 401', async () => {
    const api = await signInAsApi(t.app, board.email, TEST_PASSWORD);
    assert.equal((await api.get('/api/v1/library/search?q=housing')).statusCode, 200);
    const post = await api.post('/api/v1/library/reviews', { title: 'Mine', text: 'Some text' });
    assert.equal(post.statusCode, 403);
    const boardPage = await signInAsBrowser(t.app, board.email, TEST_PASSWORD);
    assert.equal((await boardPage.get('/library')).statusCode, 200);
    assert.equal((await boardPage.get('/library/reviews/new')).statusCode, 403);
    assert.equal((await boardPage.get('/library/imports/new')).statusCode, 403);
    assert.equal((await t.app.inject({ method: 'GET', url: '/library' })).statusCode, 302);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/library/search' })).statusCode, 401);
    assert.equal(
      (await boardPage.get('/library/reviews/00000000-0000-4000-8000-000000000000')).statusCode,
      404,
    );
  });

  it('adds by API (201 whole record), reads it, and PATCHes with a version (409 when stale, before other rules)', async () => {
    const api = await signInAsApi(t.app, manager.email, TEST_PASSWORD);
    const created = await api.post('/api/v1/library/reviews', {
      title: 'API review',
      text: 'Domestic abuse and coercive control.',
      area: 'Riverton',
      year: 2019,
      reviewType: 'scr',
    });
    assert.equal(created.statusCode, 201, created.body);
    const record = created.json();
    assert.equal(record.version, 1);
    assert.equal(record.text, 'Domestic abuse and coercive control.');
    assert.deepEqual(record.themes, []);
    assert.equal((await api.get(`/api/v1/library/reviews/${record.id}`)).json().title, 'API review');
    const bad = await api.post('/api/v1/library/reviews', { title: 'x', text: '', year: 'soon' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error, 'validation');
    assert.ok(bad.json().fields.some((f: { path: string }) => f.path === 'year'));
    const patched = await api.patch(`/api/v1/library/reviews/${record.id}`, { version: 1, year: 2018 });
    assert.equal(patched.statusCode, 200, patched.body);
    assert.equal(patched.json().year, 2018);
    assert.equal(patched.json().area, 'Riverton');
    const stale = await api.patch(`/api/v1/library/reviews/${record.id}`, { version: 1, year: 'bad' });
    assert.equal(stale.statusCode, 409);
    const boardApi = await signInAsApi(t.app, board.email, TEST_PASSWORD);
    assert.equal(
      (await boardApi.patch(`/api/v1/library/reviews/${record.id}`, { version: 2, year: 2017 })).statusCode,
      403,
    );
  });

  it('edits metadata and removes a review through the pages', async () => {
    const review = await t.services.library.addFromText(manager, {
      title: 'To change',
      text: 'Bruising on a baby.',
    });
    const edit = await page.post(
      `/library/reviews/${review.id}/edit`,
      {
        title: 'Changed',
        area: 'Eastmoor',
        year: '2022',
        reviewType: 'lcspr',
        ageBand: '',
        outcome: 'serious-harm',
        sourceUrl: '',
        version: '1',
      },
      `/library/reviews/${review.id}/edit`,
    );
    assert.equal(edit.statusCode, 302, edit.body);
    assert.equal((await t.services.library.visible(manager, review.id)).title, 'Changed');
    const confirm = await page.get(`/library/reviews/${review.id}/remove`);
    assert.match(confirm.body, /Remove “Changed” from the library\?/);
    const removed = await page.post(
      `/library/reviews/${review.id}/remove`,
      {},
      `/library/reviews/${review.id}/remove`,
    );
    assert.equal(removed.statusCode, 302);
    assert.equal((await page.get(`/library/reviews/${review.id}`)).statusCode, 404);
  });

  it('imports uploaded files with a metadata CSV in the background and shows progress with failures', async () => {
    const form = await page.get('/library/imports/new');
    assert.equal(form.statusCode, 200);
    const boundary = '----libraryimport';
    const part = (name: string, value: string | Buffer, fileName?: string) =>
      Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${fileName ? `; filename="${fileName}"\r\nContent-Type: application/octet-stream` : ''}\r\n\r\n`,
        ),
        Buffer.isBuffer(value) ? value : Buffer.from(value),
        Buffer.from('\r\n'),
      ]);
    const payload = Buffer.concat([
      part('_csrf', csrfFrom(form.body)),
      part('files', 'Riverton review: exploitation of a young person.', 'one.txt'),
      part('files', 'Westford review: a baby with a fracture.', 'two.txt'),
      part('files', Buffer.from([0, 1, 2, 3]), 'three.txt'),
      part(
        'metadata',
        'file,title,area,year\none.txt,Exploitation in Riverton,Riverton,2023\nthree.txt,Bad file,,\n',
        'meta.csv',
      ),
      Buffer.from(`--${boundary}--\r\n`),
    ]);
    const started = await t.app.inject({
      method: 'POST',
      url: '/library/imports',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: page.cookie },
      payload,
    });
    assert.equal(started.statusCode, 302, started.body);
    const progressUrl = started.headers.location!;
    let html = '';
    for (let i = 0; i < 50; i++) {
      html = (await page.get(progressUrl)).body;
      if (html.includes('Finished')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.match(html, /2 of 3 added/);
    assert.match(html, /three\.txt<\/td><td class="govuk-table__cell">The selected file must be a PDF/);
    assert.doesNotMatch(html, /http-equiv="refresh"/);
    const titles = await t.db.query<{ title: string }>(
      "SELECT title FROM library_reviews WHERE title IN ('Exploitation in Riverton', 'two')",
    );
    assert.equal(titles.length, 2);
    const empty = await page.get('/library/imports/new');
    const none = multipart({ _csrf: csrfFrom(empty.body) });
    const refused = await t.app.inject({
      method: 'POST',
      url: '/library/imports',
      headers: { ...none.headers, cookie: page.cookie },
      payload: none.payload,
    });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /href="#files">Select the review files to import/);
  });
});
