import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Actor } from '../../platform/http/current-user.ts';
import { PDFParse } from 'pdf-parse';
import { syntheticLeafletPdf } from '../../demo/seed-campaigns.ts';
import { textOfPdf } from '../exports/exports.test-support.ts';
import {
  buildTestApp,
  cookieFrom,
  csrfFrom,
  signInAsApi,
  signInAsBrowser,
  type TestContext,
} from '../../../test/test-app.ts';
import { createActor, createOrganisation, createReview, TEST_PASSWORD } from '../../../test/factories.ts';
import { multipart } from '../../../test/multipart.ts';

const REPORT = [
  'This review looks at the care given to Child Q and the family in the months before Child Q died.',
  'Child Q was born 3 March 2025. Mrs Walker, the health visitor, visited the family at home.',
  'Professionals did not ask about where Child Q slept.',
].join('\n\n');
const CLEAN = [
  'This review looks at the care given to Child Q and the family in the months before Child Q died.',
  'The health visitor visited the family at home.',
  'Professionals did not ask about where Child Q slept.',
].join('\n\n');

interface FindingRow {
  id: string;
  kind: string;
  text: string;
  status: string;
  reason: string;
}

describe('publishing a review’s report', () => {
  let t: TestContext;
  let manager: Actor;
  let reviewer: Actor;
  const url = (id: string) => `/reviews/${id}/publication`;
  before(async () => {
    t = await buildTestApp();
    manager = await createActor(t.db, 'business-unit');
    reviewer = await createActor(t.db, 'reviewer');
  });
  after(() => t.close());

  const findings = (reviewId: string) =>
    t.db.query<FindingRow>(
      'SELECT id, kind, text, status, reason FROM publication_findings WHERE review_id = $1 ORDER BY start_offset',
      [reviewId],
    );
  const newReview = (subjectRef = 'Child Q') =>
    createReview(t.db, {
      type: 'learning-review',
      status: 'final-report',
      subjectRef,
      reviewerIds: [reviewer.id],
    });

  async function attachPasted(
    page: Awaited<ReturnType<typeof signInAsBrowser>>,
    reviewId: string,
    text: string,
  ) {
    const form = await page.get(`${url(reviewId)}/documents/report/new`);
    assert.equal(form.statusCode, 200);
    const { payload, headers } = multipart({ _csrf: csrfFrom(form.body), text });
    return t.app.inject({
      method: 'POST',
      url: `${url(reviewId)}/documents/report`,
      headers: { ...headers, cookie: page.cookie },
      payload,
    });
  }

  it('attaches pasted text, stores what the check finds (not the review’s own reference) and shows each in context', async () => {
    const review = await newReview();
    const page = await signInAsBrowser(t.app, manager.email, TEST_PASSWORD);
    const attached = await attachPasted(page, review.id, REPORT);
    assert.equal(attached.statusCode, 302);
    const rows = await findings(review.id);
    assert.deepEqual(
      rows.map((r) => [r.kind, r.text, r.status]),
      [
        ['date-of-birth', '3 March 2025', 'open'],
        ['name', 'Mrs Walker', 'open'],
      ],
    );
    const shown = await page.get(url(review.id));
    assert.equal(shown.statusCode, 200);
    assert.match(shown.body, /The final report is attached: the publication check found 2 things to look at/);
    assert.match(shown.body, /Child Q was born <mark>3 March 2025<\/mark>\. Mrs/);
    assert.match(shown.body, /<h4 class="govuk-heading-s">Date of birth<\/h4>/);
    assert.match(shown.body, /<h4 class="govuk-heading-s">Personal name<\/h4>/);
    assert.match(shown.body, /2 open findings/);
    const [audit] = await t.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_events WHERE event = 'publication.document-attached' AND subject_id = $1",
      [review.id],
    );
    assert.equal(audit!.n, 1);
  });

  it('escapes the report’s text around the highlight', async () => {
    const review = await newReview();
    const page = await signInAsBrowser(t.app, manager.email, TEST_PASSWORD);
    await attachPasted(page, review.id, '<script>alert(1)</script> Mr Jones said so.');
    const shown = await page.get(url(review.id));
    assert.doesNotMatch(shown.body, /<script>alert/);
    assert.match(shown.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt; <mark>Mr Jones<\/mark>/);
  });

  it('reads an uploaded PDF and a text file', async () => {
    const review = await newReview();
    const page = await signInAsBrowser(t.app, manager.email, TEST_PASSWORD);
    const send = async (file: { name: string; type: string; content: Buffer | string }) => {
      const form = await page.get(`${url(review.id)}/documents/report/new`);
      const { payload, headers } = multipart({ _csrf: csrfFrom(form.body) }, { field: 'file', ...file });
      return t.app.inject({
        method: 'POST',
        url: `${url(review.id)}/documents/report`,
        headers: { ...headers, cookie: page.cookie },
        payload,
      });
    };
    const pdf = await send({
      name: 'report.pdf',
      type: 'application/pdf',
      content: syntheticLeafletPdf(['Final report', 'Ms Green spoke to the family.']),
    });
    assert.equal(pdf.statusCode, 302);
    assert.deepEqual(
      (await findings(review.id)).map((f) => f.text),
      ['Ms Green'],
    );
    const [original] = await t.db.query<{ id: string }>(
      'SELECT id FROM publication_documents WHERE review_id = $1 AND content IS NOT NULL',
      [review.id],
    );
    const download = await page.get(`${url(review.id)}/files/${original!.id}`);
    assert.equal(download.statusCode, 200);
    assert.equal(download.headers['content-type'], 'application/pdf');
    assert.match(String(download.headers['content-disposition']), /^attachment; filename="report.pdf"/);
    const txt = await send({
      name: 'report.txt',
      type: 'text/plain',
      content: 'Nothing identifying here at all.',
    });
    assert.equal(txt.statusCode, 302);
    const [doc] = await t.db.query<{ version: number; text: string }>(
      "SELECT version, text FROM publication_documents WHERE review_id = $1 AND document = 'report' ORDER BY version DESC LIMIT 1",
      [review.id],
    );
    assert.deepEqual(doc, { version: 2, text: 'Nothing identifying here at all.' });
    assert.equal((await findings(review.id))[0]!.status, 'fixed');
    const bad = await send({
      name: 'report.exe',
      type: 'application/octet-stream',
      content: Buffer.from([0, 1, 2]),
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /href="#file"/);
  });

  it('needs a reason to accept a finding, then records who accepted it and why', async () => {
    const review = await newReview();
    const page = await signInAsBrowser(t.app, manager.email, TEST_PASSWORD);
    await attachPasted(page, review.id, REPORT);
    const name = (await findings(review.id)).find((f) => f.kind === 'name')!;
    const acceptUrl = `${url(review.id)}/findings/${name.id}/accept`;
    const empty = await page.post(acceptUrl, { reason: '  ' }, url(review.id));
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /There is a problem/);
    assert.match(empty.body, new RegExp(`href="#reason-${name.id}"`));
    assert.match(empty.body, /Give the reason this can be published/);
    const ok = await page.post(acceptUrl, { reason: 'A fictional name the family chose' }, url(review.id));
    assert.equal(ok.statusCode, 302);
    const row = (await findings(review.id)).find((f) => f.id === name.id)!;
    assert.deepEqual([row.status, row.reason], ['accepted', 'A fictional name the family chose']);
    const [audit] = await t.db.query<{ after: { reason: string } }>(
      "SELECT after FROM audit_events WHERE event = 'publication.finding-accepted' AND subject_id = $1",
      [review.id],
    );
    assert.equal(audit!.after.reason, 'A fictional name the family chose');
  });

  it('makes a new version when the text is edited: findings gone from it are fixed, accepted ones stay accepted', async () => {
    const review = await newReview();
    const page = await signInAsBrowser(t.app, manager.email, TEST_PASSWORD);
    await attachPasted(page, review.id, REPORT);
    const name = (await findings(review.id)).find((f) => f.kind === 'name')!;
    await page.post(`${url(review.id)}/findings/${name.id}/accept`, { reason: 'Fictional' }, url(review.id));
    const edited = await page.post(
      `${url(review.id)}/documents/report/text`,
      { text: REPORT.replace('Child Q was born 3 March 2025. ', '') },
      url(review.id),
    );
    assert.equal(edited.statusCode, 302);
    assert.deepEqual((await findings(review.id)).map((f) => [f.kind, f.status]).sort(), [
      ['date-of-birth', 'fixed'],
      ['name', 'accepted'],
    ]);
    const [doc] = await t.db.query<{ n: number }>(
      'SELECT max(version)::int AS n FROM publication_documents WHERE review_id = $1',
      [review.id],
    );
    assert.equal(doc!.n, 2);
    const empty = await page.post(`${url(review.id)}/documents/report/text`, { text: '' }, url(review.id));
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /href="#text-report"/);
  });

  const setTitle = async (
    page: Awaited<ReturnType<typeof signInAsBrowser>>,
    reviewId: string,
    publicTitle: string,
    allowed = publicTitle.replace(/^.*: /, ''),
  ) => {
    const saved = await page.post(
      `${url(reviewId)}/settings`,
      { allowed, briefingId: '', publicTitle },
      url(reviewId),
    );
    assert.equal(saved.statusCode, 302, saved.body);
  };

  it('takes the public title from the business unit, checks it, and does not allow an unlisted subject reference', async () => {
    const review = await newReview('NS');
    const page = await signInAsBrowser(t.app, manager.email, TEST_PASSWORD);
    await attachPasted(page, review.id, 'The review of NS looked at the care given by Mrs Walker.');
    // The initials are not pre-filled as allowed, so the check reports them.
    const shown = await page.get(url(review.id));
    assert.doesNotMatch(shown.body, /<textarea[^>]*name="allowed"[^>]*>\s*NS/);
    const bad = await page.post(
      `${url(review.id)}/settings`,
      { allowed: '', briefingId: '', publicTitle: 'Learning review: Mrs Walker' },
      url(review.id),
    );
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /href="#publicTitle"/);
    assert.match(bad.body, /The public title must not identify anyone/);
    await setTitle(page, review.id, 'Learning review: Baby W', 'Baby W');
    assert.match((await page.get(url(review.id))).body, /Public title: Learning review: Baby W/);
    // An anonymised subject reference is pre-filled as allowed before anything is saved.
    const baby = await newReview('Baby Z');
    assert.match((await page.get(url(baby.id))).body, /<textarea[^>]*name="allowed"[^>]*>\s*Baby Z/);
  });

  it('allows the anonymised references the business unit lists', async () => {
    const review = await newReview();
    const page = await signInAsBrowser(t.app, manager.email, TEST_PASSWORD);
    await attachPasted(page, review.id, 'Mrs Walker was the pseudonym the review gave the mother.');
    assert.equal((await findings(review.id))[0]!.status, 'open');
    const saved = await page.post(
      `${url(review.id)}/settings`,
      { allowed: 'Mrs Walker\nSibling 1', briefingId: '' },
      url(review.id),
    );
    assert.equal(saved.statusCode, 302);
    assert.equal((await findings(review.id))[0]!.status, 'fixed');
  });

  it('refuses publication while a finding is open or no report is attached (API and page), and allows it when clean', async () => {
    const review = await newReview();
    const api = await signInAsApi(t.app, manager.email, TEST_PASSWORD);
    const none = await api.patch(`/api/v1/reviews/${review.id}`, { version: 1, status: 'published' });
    assert.equal(none.statusCode, 400);
    assert.equal(none.json().fields[0].path, 'status');
    assert.match(none.json().fields[0].message, /Attach the final report/);

    const page = await signInAsBrowser(t.app, manager.email, TEST_PASSWORD);
    await attachPasted(page, review.id, REPORT);
    const open = await api.patch(`/api/v1/reviews/${review.id}`, { version: 1, status: 'published' });
    assert.equal(open.statusCode, 400);
    assert.deepEqual(open.json().fields, [
      { path: 'status', message: 'The report has 2 open findings from the publication check' },
    ]);

    const form = await page.get(`/reviews/${review.id}/edit`);
    const refused = await page.post(`/reviews/${review.id}/edit`, {
      version: /name="version" value="(\d+)"/.exec(form.body)![1]!,
      type: 'learning-review',
      status: 'published',
      subjectRef: 'Child Q',
      ...{ 'incidentDate-day': '5', 'incidentDate-month': '1', 'incidentDate-year': '2026' },
      ...{ 'awareDate-day': '6', 'awareDate-month': '1', 'awareDate-year': '2026' },
    });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /The report has 2 open findings from the publication check/);

    await page.post(`${url(review.id)}/documents/report/text`, { text: CLEAN }, url(review.id));
    const untitled = await api.patch(`/api/v1/reviews/${review.id}`, { version: 1, status: 'published' });
    assert.equal(untitled.statusCode, 400);
    assert.deepEqual(untitled.json().fields, [
      { path: 'status', message: 'Set the public title on the publication page before publishing' },
    ]);
    await setTitle(page, review.id, 'Learning review: Child Q');
    const published = await api.patch(`/api/v1/reviews/${review.id}`, { version: 1, status: 'published' });
    assert.equal(published.statusCode, 200);
    assert.equal(published.json().status, 'published');

    // The published report, as checked, joins the library and is found by its words.
    const found = (await api.get('/api/v1/library/search?q=slept')).json();
    const entry = found.items.find((i: { title: string }) => i.title === 'Learning review: Child Q');
    assert.ok(entry, 'the published report is in the library');
    assert.doesNotMatch(JSON.stringify(found), /Walker/);
    const held = await t.db.query<{ review_id: string; body: string }>(
      'SELECT review_id, body FROM library_reviews WHERE id = $1',
      [entry.id],
    );
    assert.equal(held[0]!.review_id, review.id);
    assert.equal(held[0]!.body, CLEAN);

    // Closing the review after publication keeps its report on the public list.
    const closed = await api.patch(`/api/v1/reviews/${review.id}`, { version: 2, status: 'closed' });
    assert.equal(closed.statusCode, 200);
    assert.equal(closed.json().status, 'closed');
    assert.equal(
      (await t.app.inject({ method: 'GET', url: `/published-reviews/${review.id}` })).statusCode,
      200,
    );
  });

  it('keeps a review closed without publication off the public list', async () => {
    const review = await newReview('Baby V');
    const page = await signInAsBrowser(t.app, manager.email, TEST_PASSWORD);
    await attachPasted(page, review.id, CLEAN.replaceAll('Child Q', 'Baby V'));
    await setTitle(page, review.id, 'Learning review: Baby V');
    const api = await signInAsApi(t.app, manager.email, TEST_PASSWORD);
    const closed = await api.patch(`/api/v1/reviews/${review.id}`, {
      version: 1,
      status: 'closed',
      publicationDecision: 'do-not-publish',
      publicationReason: 'The family asked that it is not published',
    });
    assert.equal(closed.statusCode, 200, closed.body);
    assert.equal(
      (await t.app.inject({ method: 'GET', url: `/published-reviews/${review.id}` })).statusCode,
      404,
    );
    assert.doesNotMatch((await t.app.inject({ method: 'GET', url: '/published-reviews' })).body, /Baby V/);
  });

  it('lists only clean reports of published reviews on the public page, signed out, with nothing internal', async () => {
    const clean = await newReview('Baby R');
    const open = await newReview('Baby S');
    const notPublished = await newReview('Baby U');
    const page = await signInAsBrowser(t.app, manager.email, TEST_PASSWORD);
    await attachPasted(page, clean.id, CLEAN.replaceAll('Child Q', 'Baby R'));
    await attachPasted(page, open.id, REPORT.replaceAll('Child Q', 'Baby S'));
    await attachPasted(page, notPublished.id, CLEAN.replaceAll('Child Q', 'Baby U'));
    for (const [r, ref] of [
      [clean, 'Baby R'],
      [open, 'Baby S'],
      [notPublished, 'Baby U'],
    ] as const)
      await setTitle(page, r.id, `Learning review: ${ref}`);
    await t.db.query("UPDATE reviews SET status = 'published' WHERE id = ANY($1::uuid[])", [
      [clean.id, open.id],
    ]);

    const list = await t.app.inject({ method: 'GET', url: '/published-reviews' });
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Learning review: Baby R/);
    assert.match(list.body, /This review looks at the care given to Baby R/);
    assert.doesNotMatch(list.body, /Baby S|Baby U/);
    const statementOf = async (text: string) => {
      const form = await page.get(`${url(clean.id)}/documents/press-statement/new`);
      const { payload, headers } = multipart({ _csrf: csrfFrom(form.body), text });
      await t.app.inject({
        method: 'POST',
        url: `${url(clean.id)}/documents/press-statement`,
        headers: { ...headers, cookie: page.cookie },
        payload,
      });
      return (await t.app.inject({ method: 'GET', url: `/published-reviews/${clean.id}` })).body;
    };
    // A press statement with an open finding stays off the public page; a clean one is shown.
    assert.doesNotMatch(
      await statementOf('For comment call Ms Rowe at press@brookvale.example.'),
      /Press statement|Ms Rowe/,
    );
    assert.match(
      await statementOf('The partnership welcomes the review of Baby R.'),
      /The partnership welcomes the review of Baby R/,
    );
    const report = await t.app.inject({ method: 'GET', url: `/published-reviews/${clean.id}` });
    assert.equal(report.statusCode, 200);
    assert.match(report.body, /Professionals did not ask about where Baby R slept/);
    assert.doesNotMatch(report.body, /Test business-unit|finding/i);
    const txt = await t.app.inject({ method: 'GET', url: `/published-reviews/${clean.id}/report.txt` });
    assert.equal(txt.statusCode, 200);
    assert.match(String(txt.headers['content-disposition']), /attachment/);
    assert.equal(txt.body, CLEAN.replaceAll('Child Q', 'Baby R'));
    for (const id of [open.id, notPublished.id, 'not-a-uuid'])
      assert.equal((await t.app.inject({ method: 'GET', url: `/published-reviews/${id}` })).statusCode, 404);
    // The public PDF is made from the checked text (the report was pasted, yet there is a PDF).
    const pdf = await t.app.inject({ method: 'GET', url: `/published-reviews/${clean.id}/report.pdf` });
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.match(String(pdf.headers['content-disposition']), /filename="learning-review-baby-r.pdf"/);
    const parser = new PDFParse({ data: new Uint8Array(pdf.rawPayload) });
    const pdfText = (await parser.getText()).text;
    await parser.destroy();
    assert.match(pdfText, /Learning review: Baby R/);
    assert.match(pdfText, /Professionals did not ask about where Baby R slept/);
    assert.equal(
      (await t.app.inject({ method: 'GET', url: `/published-reviews/${open.id}/report.pdf` })).statusCode,
      404,
    );
    const start = await t.app.inject({ method: 'GET', url: '/' });
    assert.match(start.body, /href="\/published-reviews"/);
  });

  it('shows the page to the review’s reviewer read-only, and 404 to a board member, a practitioner and other reviewers', async () => {
    const review = await newReview();
    const manage = await signInAsBrowser(t.app, manager.email, TEST_PASSWORD);
    await attachPasted(manage, review.id, REPORT);
    const finding = (await findings(review.id))[0]!;
    const mine = await signInAsBrowser(t.app, reviewer.email, TEST_PASSWORD);
    const shown = await mine.get(url(review.id));
    assert.equal(shown.statusCode, 200);
    assert.match(shown.body, /<mark>3 March 2025<\/mark>/);
    assert.doesNotMatch(shown.body, /Accept finding|Save and check again/);
    const accept = await mine.post(
      `${url(review.id)}/findings/${finding.id}/accept`,
      { reason: 'x' },
      url(review.id),
    );
    assert.equal(accept.statusCode, 403);
    // The attach form and its post answer 403 too: the reviewer can see the review.
    assert.equal((await mine.get(`${url(review.id)}/documents/report/new`)).statusCode, 403);
    const { payload, headers } = multipart({
      _csrf: csrfFrom((await mine.get(url(review.id))).body),
      text: CLEAN,
    });
    const attach = await t.app.inject({
      method: 'POST',
      url: `${url(review.id)}/documents/report`,
      headers: { ...headers, cookie: mine.cookie },
      payload,
    });
    assert.equal(attach.statusCode, 403);
    assert.match(attach.body, /Only the partnership business unit/);
    assert.match((await manage.get(`/reviews/${review.id}`)).body, /href="\/reviews\/[^"]+\/publication"/);
    const board = await signInAsBrowser(
      t.app,
      (await createActor(t.db, 'board-member')).email,
      TEST_PASSWORD,
    );
    assert.doesNotMatch((await board.get(`/reviews/${review.id}`)).body, /\/publication"/);
    const org = await createOrganisation(t.db, 'gp-practice');
    for (const role of ['board-member', 'practitioner', 'organisation-lead', 'reviewer'] as const) {
      const someone = await createActor(t.db, role, org.id);
      const other = await signInAsBrowser(t.app, someone.email, TEST_PASSWORD);
      assert.equal((await other.get(url(review.id))).statusCode, 404, role);
      assert.equal((await other.get(`${url(review.id)}/documents/report/new`)).statusCode, 404, role);
    }
  });

  it('refuses a form post without the CSRF token', async () => {
    const review = await newReview();
    const page = await signInAsBrowser(t.app, manager.email, TEST_PASSWORD);
    await attachPasted(page, review.id, REPORT);
    const finding = (await findings(review.id))[0]!;
    const response = await t.app.inject({
      method: 'POST',
      url: `${url(review.id)}/findings/${finding.id}/accept`,
      headers: { cookie: page.cookie },
      payload: { reason: 'No token' },
    });
    assert.equal(response.statusCode, 403);
    assert.equal((await findings(review.id))[0]!.status, 'open');
    const { payload, headers } = multipart({ text: 'No token' });
    const attach = await t.app.inject({
      method: 'POST',
      url: `${url(review.id)}/documents/report`,
      headers: { ...headers, cookie: cookieFrom(await page.get('/')) || page.cookie },
      payload,
    });
    assert.equal(attach.statusCode, 403);
  });
  describe('the learning briefing on the public page', () => {
    const SECTIONS = {
      background: 'The partnership held a learning review after Baby N died suddenly.',
      whatHappened: 'Baby N slept in an adult bed after a family celebration.',
      findings: '1. Safer-sleep advice was given once and not repeated.',
      learning: '1. Ask about nights away from home and celebrations.',
      whatToDoDifferently: '1. Repeat safer-sleep advice at every contact.',
      questionsForReflection:
        'When did you last ask about a change of routine?\nWho else cares for the baby?',
    };
    /** A published briefing of the review, with the given text in what happened. */
    const briefingOf = async (reviewId: string, whatHappened = SECTIONS.whatHappened) => {
      const org = await createOrganisation(t.db, 'gp-practice');
      const draft = await t.services.briefings.createDraft(manager, {
        reviewId,
        title: 'Safer sleep: learning from Baby N',
        ...SECTIONS,
        whatHappened,
      });
      const published = await t.services.briefings.publish(manager, draft.id, {
        version: draft.version,
        organisationIds: [org.id],
      });
      return published.id;
    };
    /** A review with a clean report, its public title, the briefing chosen, then published. */
    async function publishedWith(briefing: (reviewId: string) => Promise<string>, allowed = 'Baby N') {
      const review = await newReview('Baby N');
      const page = await signInAsBrowser(t.app, manager.email, TEST_PASSWORD);
      await attachPasted(page, review.id, CLEAN.replaceAll('Child Q', 'Baby N'));
      const briefingId = await briefing(review.id);
      const saved = await page.post(
        `${url(review.id)}/settings`,
        { allowed, briefingId, publicTitle: 'Learning review: Baby N' },
        url(review.id),
      );
      assert.equal(saved.statusCode, 302, saved.body);
      return { review, page, briefingId };
    }
    const publicGet = (path: string) => t.app.inject({ method: 'GET', url: path });
    const publishReview = (reviewId: string) =>
      t.db.query("UPDATE reviews SET status = 'published' WHERE id = $1", [reviewId]);

    it('shows the chosen briefing to anyone signed out, with a PDF made from its text, once the review is published', async () => {
      const { review, page: manager } = await publishedWith(briefingOf);
      assert.doesNotMatch((await manager.get(url(review.id))).body, /briefing-held-back/);
      const at = `/published-reviews/${review.id}`;
      // Not yet published: neither the page nor the briefing's PDF.
      assert.equal((await publicGet(at)).statusCode, 404);
      assert.equal((await publicGet(`${at}/briefing.pdf`)).statusCode, 404);

      await publishReview(review.id);
      const shown = await publicGet(at);
      assert.equal(shown.statusCode, 200);
      assert.match(shown.body, /<h2 class="govuk-heading-m" id="learning-briefing">Learning briefing<\/h2>/);
      assert.match(shown.body, /Safer sleep: learning from Baby N/);
      for (const heading of ['Background', 'What happened', 'Findings', 'Learning', 'What to do differently'])
        assert.match(shown.body, new RegExp(`<h3 class="govuk-heading-s">${heading}</h3>`));
      assert.match(shown.body, /Baby N slept in an adult bed after a family celebration\./);
      assert.match(shown.body, /<li>Who else cares for the baby\?<\/li>/);
      assert.doesNotMatch(shown.body, /Further reading/, 'an empty section is left out');
      assert.doesNotMatch(shown.body, /Test business-unit|organisation/i);
      assert.match(shown.body, new RegExp(`href="${at}/briefing.pdf"`));

      const pdf = await publicGet(`${at}/briefing.pdf`);
      assert.equal(pdf.statusCode, 200);
      assert.equal(pdf.headers['content-type'], 'application/pdf');
      assert.match(
        String(pdf.headers['content-disposition']),
        /^attachment; filename="learning-review-baby-n-briefing.pdf"/,
      );
      const text = textOfPdf(pdf.rawPayload);
      assert.match(text, /Safer sleep: learning from Baby N/);
      assert.match(text, /What to do differently/);
      assert.match(text, /Repeat safer-sleep advice at every contact/);
      assert.match(text, /Who else cares for the baby\?/);
      assert.equal((await publicGet('/published-reviews/not-a-uuid/briefing.pdf')).statusCode, 404);
    });

    it('keeps a briefing with a postcode or a personal name off the public page, and its PDF 404', async () => {
      for (const slip of [
        'The family lived at BV1 2AB.',
        'Jane Smith, the family’s neighbour, called for help.',
      ]) {
        const { review, page: manager } = await publishedWith((id) =>
          briefingOf(id, `${SECTIONS.whatHappened} ${slip}`),
        );
        // The business unit is told before publishing, on its own page.
        const own = await manager.get(url(review.id));
        assert.match(
          own.body,
          /data-testid="briefing-held-back"[\s\S]*found 1 possible identifier in this briefing, so it will not go on the public page/,
        );
        await publishReview(review.id);
        const at = `/published-reviews/${review.id}`;
        const page = await publicGet(at);
        assert.equal(page.statusCode, 200, 'the report is still public');
        assert.doesNotMatch(page.body, /Learning briefing|briefing\.pdf|BV1 2AB|Jane Smith/);
        assert.equal((await publicGet(`${at}/briefing.pdf`)).statusCode, 404, slip);
      }
    });

    it('shows a briefing whose only finding is one of the review’s allowed references', async () => {
      const slip = 'Jane Smith, the family’s neighbour, called for help.';
      const { review } = await publishedWith(
        (id) => briefingOf(id, `${SECTIONS.whatHappened} ${slip}`),
        'Baby N\nJane Smith',
      );
      await publishReview(review.id);
      const page = await publicGet(`/published-reviews/${review.id}`);
      assert.match(page.body, /Learning briefing/);
      assert.match(page.body, /Jane Smith, the family’s neighbour/);
    });

    it('shows no briefing when none is chosen', async () => {
      const { review, page } = await publishedWith(briefingOf);
      await page.post(
        `${url(review.id)}/settings`,
        { allowed: 'Baby N', briefingId: '', publicTitle: 'Learning review: Baby N' },
        url(review.id),
      );
      await publishReview(review.id);
      const shown = await publicGet(`/published-reviews/${review.id}`);
      assert.equal(shown.statusCode, 200);
      assert.doesNotMatch(shown.body, /Learning briefing/);
      assert.equal((await publicGet(`/published-reviews/${review.id}/briefing.pdf`)).statusCode, 404);
    });
  });
});
