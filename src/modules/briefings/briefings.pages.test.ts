import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { londonToday } from '../../platform/clock.ts';
import { createUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { buildTestApp, signInAsBrowser, type TestContext } from '../../../test/test-app.ts';
import { briefingWorld, publishedBriefing } from './briefings.test-support.ts';

describe('briefing pages', () => {
  let t: TestContext;
  before(async () => {
    t = await buildTestApp();
  });
  after(() => t.close());

  const browserFor = (email: string) => signInAsBrowser(t.app, email, TEST_PASSWORD);

  it('drafts from a chosen review, re-renders the edit form with errors, saves, then publishes', async () => {
    const w = await briefingWorld(t.db);
    const bu = await browserFor(w.bu.email);

    const form = await bu.get(`/briefings/new?reviewId=${w.review.id}`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /Which review is the briefing about\?/);
    assert.match(form.body, /name="_csrf"/);
    const none = await bu.post('/briefings', {}, '/briefings/new');
    assert.equal(none.statusCode, 400);
    assert.match(none.body, /There is a problem/);
    assert.match(none.body, /Select a review/);

    const created = await bu.post('/briefings', { reviewId: w.review.id }, '/briefings/new');
    assert.equal(created.statusCode, 302);
    const editUrl = created.headers.location as string;
    assert.match(editUrl, /^\/briefings\/[0-9a-f-]{36}\/edit$/);
    const id = editUrl.split('/')[2]!;

    const edit = await bu.get(editUrl);
    assert.match(edit.body, /Change the briefing/);
    assert.match(edit.body, /1\. The father was not given safer-sleep advice\./);
    assert.match(edit.body, /name="_csrf"/);
    const version = /name="version" value="(\d+)"/.exec(edit.body)![1]!;

    const bad = await bu.post(editUrl, { version, title: '', learning: 'x'.repeat(10_001) });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Enter a title/);
    assert.match(bad.body, /Learning must be 10,000 characters or fewer/);
    assert.match(bad.body, /href="#title"/);

    const saved = await bu.post(editUrl, {
      version,
      title: 'Safer sleep: learning from Baby T',
      background: 'Why we held the review.',
      whatHappened: 'Baby T died while co-sleeping.',
      findings: 'Out of routine.',
      learning: 'Advise both parents.',
      whatToDoDifferently: 'Speak to fathers.',
      questionsForReflection: 'Who do you advise?\nHow do you record it?',
      furtherReading: '',
      recommendationIds: [w.rec1.id],
    });
    assert.equal(saved.statusCode, 302);
    const page = await bu.get(`/briefings/${id}`);
    assert.match(page.body, /<h1 class="govuk-heading-l">Safer sleep: learning from Baby T<\/h1>/);
    assert.match(page.body, /<li>Who do you advise\?<\/li>/);
    assert.match(page.body, /Recommendation 1: Give safer-sleep advice to both parents\./);
    assert.doesNotMatch(page.body, /Run case-based training/);

    const publishUrl = `/briefings/${id}/publish`;
    const publishPage = await bu.get(publishUrl);
    const v2 = /name="version" value="(\d+)"/.exec(publishPage.body)![1]!;
    const noOrgs = await bu.post(publishUrl, { version: v2 });
    assert.equal(noOrgs.statusCode, 400);
    assert.match(noOrgs.body, /Select at least one organisation/);
    assert.match(noOrgs.body, /href="#organisationIds"/);
    const published = await bu.post(publishUrl, { version: v2, organisationIds: [w.gp.id, w.trust.id] });
    assert.equal(published.statusCode, 302);
    const after = await bu.get(`/briefings/${id}`);
    assert.match(after.body, /Briefing published to 2 organisations/);
    assert.match(after.body, /Shared by 0 of 2 organisations/);
    assert.match(after.body, /Not confirmed yet/);
  });

  it('lets the recipient lead confirm (with a date error first) and a practitioner acknowledge; reach shows both', async () => {
    const w = await briefingWorld(t.db);
    const b = await publishedBriefing(t.services, w);
    const lead = await browserFor(w.gpLead.email);
    const page = await lead.get(`/briefings/${b.id}`);
    assert.match(page.body, /Confirm we shared it with our staff/);
    const sharedUrl = `/briefings/${b.id}/shared`;
    const bad = await lead.post(sharedUrl, {
      'sharedDate-day': '31',
      'sharedDate-month': '2',
      'sharedDate-year': '2026',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /must be a real date/);
    assert.match(bad.body, /href="#sharedDate-day"/);
    const [y, m, d] = londonToday().split('-');
    const ok = await lead.post(sharedUrl, {
      'sharedDate-day': d!,
      'sharedDate-month': m!,
      'sharedDate-year': y!,
      how: 'Practice team meeting',
    });
    assert.equal(ok.statusCode, 302);

    const staff = await browserFor(w.gpStaff.email);
    const read = await staff.post(`/briefings/${b.id}/acknowledge`, {}, `/briefings/${b.id}`);
    assert.equal(read.statusCode, 302);
    const shown = await staff.get(`/briefings/${b.id}`);
    assert.match(shown.body, /You have said you read this briefing/);
    assert.doesNotMatch(shown.body, /I have read this briefing<\/button>/);
    assert.match(shown.body, /Shared by 1 of 2 organisations; 1 member of staff has said they read it/);
    assert.match(shown.body, /Practice team meeting/);

    assert.equal((await staff.get(sharedUrl)).statusCode, 403);
    assert.equal((await staff.get(`/briefings/${b.id}/edit`)).statusCode, 403);
    assert.equal(
      (await staff.post(`/briefings/${b.id}/acknowledge`, {}, `/briefings/${b.id}`)).statusCode,
      409,
    );
    assert.equal((await lead.get(sharedUrl)).statusCode, 302);

    const list = await staff.get('/briefings');
    assert.match(list.body, new RegExp(`href="/briefings/${b.id}"`));
  });

  it('hides drafts (404) and forbids drafting (403) for everyone but the business unit, and refuses a post without CSRF', async () => {
    const w = await briefingWorld(t.db);
    const draft = await t.services.briefings.createDraft(w.bu, { reviewId: w.review.id });
    const board = await browserFor((await createUser(t.db, 'board-member')).email);
    assert.equal((await board.get(`/briefings/${draft.id}`)).statusCode, 404);
    assert.equal((await board.get(`/briefings/${draft.id}/pdf`)).statusCode, 404);
    assert.equal((await board.get('/briefings/new')).statusCode, 403);
    assert.equal((await board.get('/briefings/not-a-uuid')).statusCode, 404);
    assert.doesNotMatch((await board.get('/briefings')).body, new RegExp(draft.id));
    const bu = await browserFor(w.bu.email);
    const noToken = await t.app.inject({
      method: 'POST',
      url: `/briefings/${draft.id}/edit`,
      headers: { cookie: bu.cookie },
      payload: { version: String(draft.version), title: 'No token' },
    });
    assert.equal(noToken.statusCode, 403);
    assert.equal((await t.services.briefings.get(w.bu, draft.id)).title, draft.title);
  });

  it('downloads the PDF from the page route', async () => {
    const w = await briefingWorld(t.db);
    const b = await publishedBriefing(t.services, w);
    const staff = await browserFor(w.otherStaff.email);
    const pdf = await staff.get(`/briefings/${b.id}/pdf`);
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.equal(pdf.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
  });

  it('shows 25 briefings a page with GOV.UK pagination, and the total of all of them', async () => {
    const w = await briefingWorld(t.db);
    await t.db.query(
      `INSERT INTO briefings (review_id, title, created_by, created_at)
       SELECT $1, 'Paged briefing ' || lpad(n::text, 2, '0'), $2, now() - n * interval '1 minute'
         FROM generate_series(1, 27) n`,
      [w.review.id, w.bu.id],
    );
    const bu = await browserFor(w.bu.email);
    const first = await bu.get(`/briefings?reviewId=${w.review.id}`);
    assert.equal(first.statusCode, 200);
    assert.match(first.body, /27 briefings/);
    assert.equal(first.body.match(/Paged briefing \d\d/g)!.length, 25);
    assert.match(first.body, /Paged briefing 01/);
    assert.match(first.body, /class="govuk-pagination/);
    assert.match(first.body, new RegExp(`href="/briefings\\?reviewId=${w.review.id}&amp;page=2"`));
    const second = await bu.get(`/briefings?reviewId=${w.review.id}&page=2`);
    assert.deepEqual(second.body.match(/Paged briefing \d\d/g), ['Paged briefing 26', 'Paged briefing 27']);
    const beyond = await bu.get(`/briefings?reviewId=${w.review.id}&page=9`);
    assert.match(beyond.body, /There are 27 briefings, on 2 pages\./);
    const nonsense = await bu.get(`/briefings?reviewId=${w.review.id}&page=abc`);
    assert.equal(nonsense.statusCode, 200);
    assert.match(nonsense.body, /Paged briefing 01/);
  });
});
