import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, csrfFrom, signInAsBrowser, type TestContext } from '../../../test/test-app.ts';
import {
  createOrganisation,
  createReviewWithAction,
  createUser,
  TEST_PASSWORD,
} from '../../../test/factories.ts';
import { multipart } from '../../../test/multipart.ts';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4e90000000049454e44ae426082',
  'hex',
);

describe('evidence for an action', () => {
  let ctx: TestContext;
  let trust: { id: string };
  let lead: { email: string };
  let manager: { email: string };
  let board: { email: string };
  before(async () => {
    ctx = await buildTestApp();
    trust = await createOrganisation(ctx.db, 'nhs-trust');
    lead = await createUser(ctx.db, 'organisation-lead', trust.id);
    manager = await createUser(ctx.db, 'business-unit');
    board = await createUser(ctx.db, 'board-member');
  });
  after(() => ctx.close());

  /** Posts the evidence form as the browser would: multipart, with the page's CSRF token. */
  async function postEvidence(
    email: string,
    actionId: string,
    fields: Record<string, string>,
    file?: Parameters<typeof multipart>[1],
  ) {
    const browser = await signInAsBrowser(ctx.app, email, TEST_PASSWORD);
    const form = await browser.get(`/actions/${actionId}/evidence/new`);
    const { payload, headers } = multipart({ _csrf: csrfFrom(form.body), ...fields }, file);
    const response = await ctx.app.inject({
      method: 'POST',
      url: `/actions/${actionId}/evidence`,
      headers: { ...headers, cookie: browser.cookie },
      payload,
    });
    return { browser, response };
  }
  const effective = { 'effectiveDate-day': '3', 'effectiveDate-month': '3', 'effectiveDate-year': '2026' };

  it('lets the owning lead submit a PDF, stores it, moves the action to awaiting evidence and audits it', async () => {
    const { action } = await createReviewWithAction(ctx.db, trust.id, { status: 'in-progress' });
    const { browser, response } = await postEvidence(
      lead.email,
      action.id,
      { title: 'Training register', ...effective },
      { field: 'file', name: 'register.pdf', type: 'application/pdf', content: PDF },
    );
    assert.equal(response.statusCode, 302);
    const page = await browser.get(`/actions/${action.id}`);
    assert.match(page.body, /Training register/);
    assert.match(page.body, /Awaiting evidence/);
    const [row] = await ctx.db.query<{ effectiveDate: string; contentType: string; size: number }>(
      `SELECT v.effective_date AS "effectiveDate", v.content_type AS "contentType", v.size_bytes AS size
         FROM evidence e JOIN evidence_versions v ON v.evidence_id = e.id WHERE e.action_id = $1`,
      [action.id],
    );
    assert.deepEqual(row, { effectiveDate: '2026-03-03', contentType: 'application/pdf', size: PDF.length });
    const audit = await ctx.db.query("SELECT 1 FROM audit_events WHERE event = 'evidence.submitted'");
    assert.ok(audit.length >= 1);
  });

  it('gives back exactly the bytes uploaded, as a download', async () => {
    const { action } = await createReviewWithAction(ctx.db, trust.id);
    const { browser } = await postEvidence(
      lead.email,
      action.id,
      { title: 'Photo of poster', ...effective },
      { field: 'file', name: 'poster.png', type: 'image/png', content: PNG },
    );
    const [e] = await ctx.db.query<{ id: string }>('SELECT id FROM evidence WHERE action_id = $1', [
      action.id,
    ]);
    const download = await browser.get(`/evidence/${e!.id}/versions/1/file`);
    assert.equal(download.statusCode, 200);
    assert.equal(download.headers['content-type'], 'image/png');
    assert.match(String(download.headers['content-disposition']), /^attachment; filename="poster.png"/);
    assert.deepEqual(download.rawPayload, PNG);
  });

  it('refuses a file that is not an allowed type, with the message next to the field, and stores nothing', async () => {
    const { action } = await createReviewWithAction(ctx.db, trust.id);
    const { response } = await postEvidence(
      lead.email,
      action.id,
      { title: 'Script', ...effective },
      { field: 'file', name: 'report.pdf', type: 'application/pdf', content: '<script>alert(1)</script>' },
    );
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /There is a problem/);
    assert.match(response.body, /href="#file"/);
    assert.match(response.body, /The selected file must be a PDF/);
    assert.equal((await ctx.db.query('SELECT 1 FROM evidence WHERE action_id = $1', [action.id])).length, 0);
  });

  it('needs a description or a file, a title and a real date', async () => {
    const { action } = await createReviewWithAction(ctx.db, trust.id);
    const { response } = await postEvidence(lead.email, action.id, {});
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /Enter a title for the evidence/);
    assert.match(response.body, /href="#effectiveDate-day"/);
  });

  it('refuses the multipart form without its CSRF token', async () => {
    const { action } = await createReviewWithAction(ctx.db, trust.id);
    const browser = await signInAsBrowser(ctx.app, lead.email, TEST_PASSWORD);
    const { payload, headers } = multipart({ title: 'No token', text: 'x', ...effective });
    const response = await ctx.app.inject({
      method: 'POST',
      url: `/actions/${action.id}/evidence`,
      headers: { ...headers, cookie: browser.cookie },
      payload,
    });
    assert.equal(response.statusCode, 403);
    assert.equal((await ctx.db.query('SELECT 1 FROM evidence WHERE action_id = $1', [action.id])).length, 0);
  });

  it('lets the business unit accept evidence, which closes the action', async () => {
    const { action } = await createReviewWithAction(ctx.db, trust.id, { status: 'in-progress' });
    await postEvidence(lead.email, action.id, {
      title: 'Audit report',
      text: 'Audit of 30 records',
      ...effective,
    });
    const [e] = await ctx.db.query<{ id: string }>('SELECT id FROM evidence WHERE action_id = $1', [
      action.id,
    ]);
    const browser = await signInAsBrowser(ctx.app, manager.email, TEST_PASSWORD);
    const response = await browser.post(
      `/evidence/${e!.id}/review`,
      { decision: 'accept' },
      `/evidence/${e!.id}`,
    );
    assert.equal(response.statusCode, 302);
    const [state] = await ctx.db.query<{ status: string; evidence: string }>(
      'SELECT a.status, e.status AS evidence FROM actions a JOIN evidence e ON e.action_id = a.id WHERE a.id = $1',
      [action.id],
    );
    assert.deepEqual(state, { status: 'closed', evidence: 'accepted' });
  });

  it('returns evidence only with a reason, sending the action back to in progress; a new version resubmits it', async () => {
    const { action } = await createReviewWithAction(ctx.db, trust.id, { status: 'in-progress' });
    await postEvidence(lead.email, action.id, { title: 'Checklist', text: 'Draft checklist', ...effective });
    const [e] = await ctx.db.query<{ id: string }>('SELECT id FROM evidence WHERE action_id = $1', [
      action.id,
    ]);
    const bu = await signInAsBrowser(ctx.app, manager.email, TEST_PASSWORD);
    const noReason = await bu.post(`/evidence/${e!.id}/review`, { decision: 'return' }, `/evidence/${e!.id}`);
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /Say why the evidence is being returned/);
    const returned = await bu.post(
      `/evidence/${e!.id}/review`,
      { decision: 'return', note: 'Shows a draft, not the approved checklist' },
      `/evidence/${e!.id}`,
    );
    assert.equal(returned.statusCode, 302);
    const [afterReturn] = await ctx.db.query<{ status: string }>('SELECT status FROM actions WHERE id = $1', [
      action.id,
    ]);
    assert.equal(afterReturn!.status, 'in-progress');

    const leadBrowser = await signInAsBrowser(ctx.app, lead.email, TEST_PASSWORD);
    const form = await leadBrowser.get(`/evidence/${e!.id}`);
    assert.match(form.body, /Shows a draft, not the approved checklist/);
    const { payload, headers } = multipart({
      _csrf: csrfFrom(form.body),
      text: 'Approved checklist',
      ...effective,
    });
    const resubmitted = await ctx.app.inject({
      method: 'POST',
      url: `/evidence/${e!.id}/versions`,
      headers: { ...headers, cookie: leadBrowser.cookie },
      payload,
    });
    assert.equal(resubmitted.statusCode, 302);
    const versions = await ctx.db.query<{ n: number; text: string }>(
      'SELECT version_number AS n, text FROM evidence_versions WHERE evidence_id = $1 ORDER BY version_number',
      [e!.id],
    );
    assert.deepEqual(versions, [
      { n: 1, text: 'Draft checklist' },
      { n: 2, text: 'Approved checklist' },
    ]);
    const [state] = await ctx.db.query<{ status: string; evidence: string }>(
      'SELECT a.status, e.status AS evidence FROM actions a JOIN evidence e ON e.action_id = a.id WHERE a.id = $1',
      [action.id],
    );
    assert.deepEqual(state, { status: 'awaiting-evidence', evidence: 'submitted' });
  });

  it('lets a board member read evidence but not add or judge it', async () => {
    const { action } = await createReviewWithAction(ctx.db, trust.id);
    await postEvidence(lead.email, action.id, { title: 'Minutes', text: 'Forum minutes', ...effective });
    const [e] = await ctx.db.query<{ id: string }>('SELECT id FROM evidence WHERE action_id = $1', [
      action.id,
    ]);
    const browser = await signInAsBrowser(ctx.app, board.email, TEST_PASSWORD);
    const page = await browser.get(`/evidence/${e!.id}`);
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /Check this evidence|Submit a new version/);
    const form = await browser.get(`/actions/${action.id}`);
    const review = await ctx.app.inject({
      method: 'POST',
      url: `/evidence/${e!.id}/review`,
      headers: { cookie: browser.cookie },
      payload: { _csrf: csrfFrom(form.body), decision: 'accept' },
    });
    assert.equal(review.statusCode, 403);
  });

  it("hides another organisation's evidence: 404 for the page and the file", async () => {
    const other = await createOrganisation(ctx.db, 'police');
    const otherLead = await createUser(ctx.db, 'organisation-lead', other.id);
    const { action } = await createReviewWithAction(ctx.db, trust.id);
    await postEvidence(
      lead.email,
      action.id,
      { title: 'Private', ...effective },
      { field: 'file', name: 'a.pdf', type: 'application/pdf', content: PDF },
    );
    const [e] = await ctx.db.query<{ id: string }>('SELECT id FROM evidence WHERE action_id = $1', [
      action.id,
    ]);
    const browser = await signInAsBrowser(ctx.app, otherLead.email, TEST_PASSWORD);
    assert.equal((await browser.get(`/evidence/${e!.id}`)).statusCode, 404);
    assert.equal((await browser.get(`/evidence/${e!.id}/versions/1/file`)).statusCode, 404);
    assert.equal((await browser.get(`/actions/${action.id}/evidence/new`)).statusCode, 404);
  });

  it('refuses the add-evidence form (403) to a board member, who may read the action but not add to it', async () => {
    const { action } = await createReviewWithAction(ctx.db, trust.id);
    const board = await createUser(ctx.db, 'board-member');
    const browser = await signInAsBrowser(ctx.app, board.email, TEST_PASSWORD);
    assert.equal((await browser.get(`/actions/${action.id}`)).statusCode, 200);
    const form = await browser.get(`/actions/${action.id}/evidence/new`);
    assert.equal(form.statusCode, 403);
    assert.match(form.body, /You can read this action but not add evidence/);
  });
});
