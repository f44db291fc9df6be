import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addDays, londonToday } from '../../platform/clock.ts';
import { buildTestApp, csrfFrom, signInAsBrowser, type TestContext } from '../../../test/test-app.ts';
import {
  createOrganisation,
  createReview,
  createReviewWithAction,
  createUser,
  TEST_PASSWORD,
} from '../../../test/factories.ts';
import { multipart } from '../../../test/multipart.ts';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const today = londonToday();
const dateFields = (iso: string) => {
  const [year, month, day] = iso.split('-');
  return {
    'dueDate-day': String(Number(day)),
    'dueDate-month': String(Number(month)),
    'dueDate-year': year!,
  };
};

describe('information requests pages', () => {
  let ctx: TestContext;
  let trust: { id: string; name: string };
  let police: { id: string; name: string };
  let lead: { id: string; email: string };
  let secondLead: { id: string; email: string };
  let leaver: { id: string };
  let policeLead: { email: string };
  let manager: { id: string; email: string };
  let board: { email: string };
  before(async () => {
    ctx = await buildTestApp();
    trust = await createOrganisation(ctx.db, 'nhs-trust');
    police = await createOrganisation(ctx.db, 'police');
    lead = await createUser(ctx.db, 'organisation-lead', trust.id);
    secondLead = await createUser(ctx.db, 'organisation-lead', trust.id);
    leaver = await createUser(ctx.db, 'organisation-lead', trust.id, { active: false });
    policeLead = await createUser(ctx.db, 'organisation-lead', police.id);
    manager = await createUser(ctx.db, 'business-unit');
    board = await createUser(ctx.db, 'board-member');
  });
  after(() => ctx.close());

  /** Sends a request through the page as the manager; returns the response and the new request's id. */
  async function sendRequest(reviewId: string, orgIds: string[], extra: Record<string, string> = {}) {
    const browser = await signInAsBrowser(ctx.app, manager.email, TEST_PASSWORD);
    const response = await browser.post(
      `/reviews/${reviewId}/requests`,
      {
        organisationIds: orgIds,
        asks: ['chronology', 'involvement-summary'],
        ...dateFields(addDays(today, 14)),
        ...extra,
      },
      `/reviews/${reviewId}/requests/new`,
    );
    const rows = await ctx.db.query<{ id: string; organisationId: string }>(
      `SELECT id, organisation_id AS "organisationId" FROM information_requests WHERE review_id = $1`,
      [reviewId],
    );
    return { browser, response, rows };
  }

  /** Posts the answer form (multipart) as `email`. */
  async function postAnswer(
    email: string,
    requestId: string,
    fields: Record<string, string>,
    file?: Parameters<typeof multipart>[1],
  ) {
    const browser = await signInAsBrowser(ctx.app, email, TEST_PASSWORD);
    const page = await browser.get(`/requests/${requestId}`);
    const { payload, headers } = multipart({ _csrf: csrfFrom(page.body), ...fields }, file);
    return ctx.app.inject({
      method: 'POST',
      url: `/requests/${requestId}/answer`,
      headers: { ...headers, cookie: browser.cookie },
      payload,
    });
  }

  it('offers the partnership organisations not already asked, with the default due date filled in', async () => {
    const review = await createReview(ctx.db);
    await sendRequest(review.id, [police.id]);
    const browser = await signInAsBrowser(ctx.app, manager.email, TEST_PASSWORD);
    const page = await browser.get(`/reviews/${review.id}/requests/new`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(`value="${trust.id}"`));
    assert.doesNotMatch(page.body, new RegExp(`value="${police.id}"`), 'police already have an open request');
    assert.match(page.body, /name="dueDate-day"[^>]*value="\d+"/);
  });

  it("sends one request per organisation, tells each organisation's active leads and audits it", async () => {
    const review = await createReview(ctx.db, { subjectRef: 'Baby R' });
    const { response, rows } = await sendRequest(review.id, [trust.id, police.id]);
    assert.equal(response.statusCode, 302);
    assert.equal(response.headers.location, `/reviews/${review.id}#information-requests`);
    assert.equal(rows.length, 2);
    const trustRequest = rows.find((r) => r.organisationId === trust.id)!;
    const notes = await ctx.db.query<{ userId: string; kind: string; link: string; subject: string }>(
      `SELECT user_id AS "userId", kind, link, subject FROM notifications WHERE link = $1 ORDER BY user_id`,
      [`/requests/${trustRequest.id}`],
    );
    assert.deepEqual(notes.map((n) => n.userId).sort(), [lead.id, secondLead.id].sort());
    assert.ok(!notes.some((n) => n.userId === leaver.id), 'a deactivated lead is not told');
    assert.equal(notes[0]!.kind, 'request-received');
    assert.match(notes[0]!.subject, /Baby R/);
    const audit = await ctx.db.query<{ subjectId: string; actor: string }>(
      `SELECT subject_id AS "subjectId", actor_user_id AS actor FROM audit_events
        WHERE event = 'information-request.sent' AND subject_id = ANY($1::text[])`,
      [rows.map((r) => r.id)],
    );
    assert.equal(audit.length, 2);
    assert.equal(audit[0]!.actor, manager.id);
  });

  it('warns the manager when an organisation has no active lead to tell', async () => {
    const school = await createOrganisation(ctx.db, 'school');
    const review = await createReview(ctx.db);
    const { browser, response } = await sendRequest(review.id, [school.id]);
    assert.equal(response.statusCode, 302);
    const page = await browser.get(`/reviews/${review.id}`);
    assert.match(page.body, /has no active organisation lead/);
  });

  it('re-renders with errors when no organisation is chosen and the due date has passed', async () => {
    const review = await createReview(ctx.db);
    const { response, rows } = await sendRequest(review.id, [], dateFields(addDays(today, -1)));
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /There is a problem/);
    assert.match(response.body, /href="#organisationIds">Select at least one organisation to ask/);
    assert.match(response.body, /href="#dueDate-day">The due date must be today or in the future/);
    assert.equal(rows.length, 0);
  });

  it('needs a note when "Other" is asked for', async () => {
    const review = await createReview(ctx.db);
    const { response } = await sendRequest(review.id, [trust.id], { asks: 'other' });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /href="#note">Say what else you are asking for/);
  });

  it('refuses a board member (403) and hides the form from organisation leads of other organisations (404)', async () => {
    const { review } = await createReviewWithAction(ctx.db, trust.id);
    const boardBrowser = await signInAsBrowser(ctx.app, board.email, TEST_PASSWORD);
    assert.equal((await boardBrowser.get(`/reviews/${review.id}/requests/new`)).statusCode, 403);
    const reviewPage = await boardBrowser.get(`/reviews/${review.id}`);
    const response = await ctx.app.inject({
      method: 'POST',
      url: `/reviews/${review.id}/requests`,
      headers: { cookie: boardBrowser.cookie },
      payload: { _csrf: csrfFrom(reviewPage.body), organisationIds: trust.id, asks: 'chronology' },
    });
    assert.equal(response.statusCode, 403);
    const policeBrowser = await signInAsBrowser(ctx.app, policeLead.email, TEST_PASSWORD);
    assert.equal((await policeBrowser.get(`/reviews/${review.id}/requests/new`)).statusCode, 404);
    const count = await ctx.db.query('SELECT 1 FROM information_requests WHERE review_id = $1', [review.id]);
    assert.equal(count.length, 0);
  });

  it("shows each request's status in words on the review page", async () => {
    const review = await createReview(ctx.db);
    const school = await createOrganisation(ctx.db, 'school', 'Overdue Academy');
    const { rows } = await sendRequest(review.id, [trust.id, police.id, school.id]);
    const id = (org: string) => rows.find((r) => r.organisationId === org)!.id;
    await ctx.db.query(
      `UPDATE information_requests SET status = 'returned', returned_by = $2, returned_at = '2026-03-03T10:00:00Z' WHERE id = $1`,
      [id(trust.id), lead.id],
    );
    await ctx.db.query(`UPDATE information_requests SET due_date = $2 WHERE id = $1`, [
      id(school.id),
      addDays(today, -2),
    ]);
    const browser = await signInAsBrowser(ctx.app, manager.email, TEST_PASSWORD);
    const page = await browser.get(`/reviews/${review.id}`);
    assert.equal(page.statusCode, 200);
    const table = /<table class="govuk-table" data-testid="information-requests">([\s\S]*?)<\/table>/.exec(
      page.body,
    )?.[1];
    assert.ok(table, 'the review page has the information requests table');
    assert.match(table, /1 of 3 returned/);
    const rowOf = (name: string) => new RegExp(`${name}</td>[\\s\\S]*?</tr>`).exec(table)?.[0] ?? '';
    assert.match(rowOf(trust.name), /Returned 3 March/);
    assert.match(rowOf('Overdue Academy'), />Overdue</);
    assert.match(rowOf(police.name), /Not returned yet/);
    assert.match(rowOf(police.name), /Chronology, Summary of involvement/);
  });

  it('lets the lead save an answer with a file, then send the return; the business unit reads it', async () => {
    const review = await createReview(ctx.db);
    const { rows } = await sendRequest(review.id, [trust.id]);
    const requestId = rows[0]!.id;

    const empty = await postAnswer(lead.email, requestId, { intent: 'return', answer: '', version: '1' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /href="#answer">Enter your answer or attach a file before you send the return/);

    const saved = await postAnswer(
      lead.email,
      requestId,
      { intent: 'save', answer: '12 Jan: booking appointment; no concerns noted.', version: '1' },
      { field: 'file', name: 'chronology.pdf', type: 'application/pdf', content: PDF },
    );
    assert.equal(saved.statusCode, 302);
    assert.equal(saved.headers.location, `/requests/${requestId}`);

    // Before the return, the board reads the request but not the draft answer.
    const boardBrowser = await signInAsBrowser(ctx.app, board.email, TEST_PASSWORD);
    const draftView = await boardBrowser.get(`/requests/${requestId}`);
    assert.equal(draftView.statusCode, 200);
    assert.doesNotMatch(draftView.body, /booking appointment/);
    assert.match(draftView.body, /Not returned yet/);

    const returned = await postAnswer(secondLead.email, requestId, {
      intent: 'return',
      answer: '12 Jan: booking appointment; no concerns noted.\n3 Feb: birth.',
      version: '2',
    });
    assert.equal(returned.statusCode, 302);
    const [row] = await ctx.db.query<{ status: string; returnedBy: string; answer: string }>(
      `SELECT status, returned_by AS "returnedBy", answer FROM information_requests WHERE id = $1`,
      [requestId],
    );
    assert.deepEqual(row, {
      status: 'returned',
      returnedBy: secondLead.id,
      answer: '12 Jan: booking appointment; no concerns noted.\n3 Feb: birth.',
    });
    const events = await ctx.db.query<{ event: string }>(
      `SELECT event FROM audit_events WHERE subject_id = $1 AND event <> 'information-request.viewed' ORDER BY id`,
      [requestId],
    );
    assert.deepEqual(
      events.map((e) => e.event),
      [
        'information-request.sent',
        'information-request.answer-saved',
        'information-request.answer-saved',
        'information-request.returned',
      ],
    );

    const managerBrowser = await signInAsBrowser(ctx.app, manager.email, TEST_PASSWORD);
    const view = await managerBrowser.get(`/requests/${requestId}`);
    assert.match(view.body, /3 Feb: birth\./);
    const [file] = await ctx.db.query<{ id: string }>(
      'SELECT id FROM information_request_files WHERE request_id = $1',
      [requestId],
    );
    const download = await managerBrowser.get(`/requests/${requestId}/files/${file!.id}`);
    assert.equal(download.statusCode, 200);
    assert.match(String(download.headers['content-disposition']), /^attachment; filename="chronology.pdf"/);
    assert.deepEqual(download.rawPayload, PDF);
    const boardView = await boardBrowser.get(`/requests/${requestId}`);
    assert.match(boardView.body, /3 Feb: birth\./, 'the board reads the return once it is sent');
    const views = await ctx.db.query(
      `SELECT 1 FROM audit_events WHERE subject_id = $1 AND event = 'information-request.viewed'`,
      [requestId],
    );
    assert.ok(views.length >= 3, 'every view of the request is audited');

    const again = await postAnswer(lead.email, requestId, {
      intent: 'save',
      answer: 'changed',
      version: '3',
    });
    assert.notEqual(again.statusCode, 302, 'a returned answer no longer changes');
  });

  it('refuses a file that is not an allowed type', async () => {
    const review = await createReview(ctx.db);
    const { rows } = await sendRequest(review.id, [trust.id]);
    const response = await postAnswer(
      lead.email,
      rows[0]!.id,
      { intent: 'save', answer: '', version: '1' },
      { field: 'file', name: 'notes.pdf', type: 'application/pdf', content: '<script>alert(1)</script>' },
    );
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /href="#file">The selected file must be a PDF/);
  });

  it("answers 404 to another organisation's lead and to a practitioner, and 403 to the business unit answering", async () => {
    const review = await createReview(ctx.db);
    const { rows } = await sendRequest(review.id, [trust.id]);
    const requestId = rows[0]!.id;
    const policeBrowser = await signInAsBrowser(ctx.app, policeLead.email, TEST_PASSWORD);
    assert.equal((await policeBrowser.get(`/requests/${requestId}`)).statusCode, 404);
    const practitioner = await createUser(ctx.db, 'practitioner', trust.id);
    const hv = await signInAsBrowser(ctx.app, practitioner.email, TEST_PASSWORD);
    assert.equal((await hv.get(`/requests/${requestId}`)).statusCode, 404);
    assert.equal((await hv.get('/requests')).statusCode, 403);
    const policeList = await policeBrowser.get('/requests');
    assert.doesNotMatch(policeList.body, new RegExp(requestId));
    const byManager = await postAnswer(manager.email, requestId, {
      intent: 'save',
      answer: 'x',
      version: '1',
    });
    assert.equal(byManager.statusCode, 403);
  });

  it("lists an organisation lead's requests, open first", async () => {
    const review = await createReview(ctx.db, { subjectRef: 'C7' });
    const { rows } = await sendRequest(review.id, [trust.id]);
    const browser = await signInAsBrowser(ctx.app, lead.email, TEST_PASSWORD);
    const page = await browser.get('/requests');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(`href="/requests/${rows[0]!.id}">Review C7`));
    assert.ok(page.body.indexOf('Waiting for a return') < page.body.indexOf(rows[0]!.id));
    const home = await browser.get('/dashboard');
    assert.match(home.body, /href="\/requests"/);
  });

  it('lets the business unit withdraw an open request with a reason, and audits it', async () => {
    const review = await createReview(ctx.db);
    const { rows } = await sendRequest(review.id, [trust.id]);
    const requestId = rows[0]!.id;
    const browser = await signInAsBrowser(ctx.app, manager.email, TEST_PASSWORD);
    const noReason = await browser.post(
      `/requests/${requestId}/withdraw`,
      { reason: '' },
      `/requests/${requestId}`,
    );
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /href="#reason">Say why the request is being withdrawn/);
    const leadBrowser = await signInAsBrowser(ctx.app, lead.email, TEST_PASSWORD);
    const byLead = await leadBrowser.post(
      `/requests/${requestId}/withdraw`,
      { reason: 'no' },
      `/requests/${requestId}`,
    );
    assert.equal(byLead.statusCode, 403);
    const done = await browser.post(
      `/requests/${requestId}/withdraw`,
      { reason: 'The trust had no contact with the family.' },
      `/requests/${requestId}`,
    );
    assert.equal(done.statusCode, 302);
    const [row] = await ctx.db.query<{ status: string; reason: string }>(
      'SELECT status, withdrawn_reason AS reason FROM information_requests WHERE id = $1',
      [requestId],
    );
    assert.deepEqual(row, { status: 'withdrawn', reason: 'The trust had no contact with the family.' });
    const audit = await ctx.db.query<{ after: { reason: string } }>(
      `SELECT after FROM audit_events WHERE subject_id = $1 AND event = 'information-request.withdrawn'`,
      [requestId],
    );
    assert.equal(audit[0]?.after.reason, 'The trust had no contact with the family.');
    // Once withdrawn, the organisation can be asked again.
    const form = await browser.get(`/reviews/${review.id}/requests/new`);
    assert.match(form.body, new RegExp(`value="${trust.id}"`));
  });
});
