import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Role } from '../../platform/http/current-user.ts';
import {
  createLearningPoint,
  createOrganisation,
  createReview,
  createReviewWithAction,
  createUser,
  TEST_PASSWORD,
} from '../../../test/factories.ts';
import { buildTestApp, csrfFrom, signInAsBrowser, type TestContext } from '../../../test/test-app.ts';

/** A new user of `role` signed in through the real sign-in form. */
async function browserUser(ctx: TestContext, role: Role, organisationId?: string) {
  const user = await createUser(ctx.db, role, organisationId);
  return { user, browser: await signInAsBrowser(ctx.app, user.email, TEST_PASSWORD) };
}

async function countReviews(ctx: TestContext): Promise<number> {
  const [row] = await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM reviews');
  return row!.n;
}

/** The form fields of a valid new review, as the GOV.UK date inputs post them. */
const VALID_FORM = {
  type: 'rapid-review',
  subjectRef: 'NS',
  'incidentDate-day': '5',
  'incidentDate-month': '1',
  'incidentDate-year': '2026',
  'awareDate-day': '6',
  'awareDate-month': '1',
  'awareDate-year': '2026',
};

/** The version a rendered edit form carries. */
function versionIn(html: string): string {
  const match = /name="version" value="(\d+)"/.exec(html);
  assert.ok(match, 'no version on the form');
  return match[1]!;
}

describe('GET /reviews', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await buildTestApp();
  });
  after(() => ctx.close());

  it('lists every review for the business unit manager, with a "Start a review" button', async () => {
    const q = await createReview(ctx.db, { subjectRef: 'Child Q' });
    const t = await createReview(ctx.db, { subjectRef: 'Baby T' });
    const { browser } = await browserUser(ctx, 'business-unit');
    const response = await browser.get('/reviews');
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /<h1 class="govuk-heading-l">Reviews<\/h1>/);
    assert.match(response.body, new RegExp(`<a class="govuk-link" href="/reviews/${q.id}">Child Q</a>`));
    assert.match(response.body, new RegExp(`<a class="govuk-link" href="/reviews/${t.id}">Baby T</a>`));
    assert.match(response.body, /href="\/reviews\/new"[^>]*>\s*Start a review/);
  });

  it('lists for an organisation lead only the reviews their organisation holds actions in', async () => {
    const org = await createOrganisation(ctx.db, 'police');
    const { review: shared } = await createReviewWithAction(ctx.db, org.id);
    const hidden = await createReview(ctx.db, { subjectRef: 'Sibling Z' });
    const { browser } = await browserUser(ctx, 'organisation-lead', org.id);
    const response = await browser.get('/reviews');
    assert.equal(response.statusCode, 200);
    assert.match(response.body, new RegExp(`href="/reviews/${shared.id}"`));
    assert.doesNotMatch(response.body, new RegExp(`href="/reviews/${hidden.id}"`));
    assert.doesNotMatch(response.body, /Start a review/);
  });

  it('sends a signed-out visitor to sign in', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/reviews' });
    assert.equal(response.statusCode, 302);
    assert.match(String(response.headers.location), /^\/sign-in\?returnTo=%2Freviews/);
  });
});

describe('Starting a review (GET /reviews/new, POST /reviews)', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await buildTestApp();
  });
  after(() => ctx.close());

  it('re-shows an empty form with 400 and a GOV.UK error summary linking to each field', async () => {
    const { browser } = await browserUser(ctx, 'business-unit');
    const before = await countReviews(ctx);
    const response = await browser.post('/reviews', {}, '/reviews/new');
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /There is a problem/);
    assert.match(response.body, /<title>Error: Start a review – Lantern<\/title>/);
    assert.match(response.body, /href="#subjectRef"/);
    assert.match(response.body, /href="#type"/);
    assert.match(response.body, /href="#incidentDate-day"/);
    assert.match(response.body, /href="#awareDate-day"/);
    assert.match(response.body, /Enter the child(&#39;|')s reference/);
    assert.equal(await countReviews(ctx), before);
  });

  it("refuses a name as the child's reference and keeps what was typed", async () => {
    const { browser } = await browserUser(ctx, 'business-unit');
    const before = await countReviews(ctx);
    const response = await browser.post(
      '/reviews',
      { ...VALID_FORM, subjectRef: 'John Smith' },
      '/reviews/new',
    );
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /href="#subjectRef"/);
    assert.match(response.body, /not the child(&#39;|')s name/);
    assert.match(response.body, /id="subjectRef" name="subjectRef"[^>]* value="John Smith"/);
    assert.match(response.body, /id="incidentDate-day" name="incidentDate-day"[^>]* value="5"/);
    assert.equal(await countReviews(ctx), before);
  });

  it('starts the review from a valid form, then shows it with its heading and a success message', async () => {
    const { user, browser } = await browserUser(ctx, 'business-unit');
    const response = await browser.post('/reviews', VALID_FORM, '/reviews/new');
    assert.equal(response.statusCode, 302);
    const location = String(response.headers.location);
    const match = /^\/reviews\/([0-9a-f-]{36})$/.exec(location);
    assert.ok(match, `unexpected redirect ${location}`);

    const [row] = await ctx.db.query<{
      subjectRef: string;
      incidentDate: string;
      status: string;
      createdBy: string;
    }>(
      `SELECT subject_ref AS "subjectRef", incident_date AS "incidentDate", status, created_by AS "createdBy"
         FROM reviews WHERE id = $1`,
      [match[1]],
    );
    assert.deepEqual(row, {
      subjectRef: 'NS',
      incidentDate: '2026-01-05',
      status: 'notified',
      createdBy: user.id,
    });

    const page = await browser.get(location);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1 class="govuk-heading-l">Review NS<\/h1>/);
    assert.match(page.body, /govuk-notification-banner--success/);
    assert.match(page.body, /Review NS started/);
    // The message is shown once.
    assert.doesNotMatch((await browser.get(location)).body, /Review NS started/);
  });

  it('refuses a form post without a CSRF token (403) and creates nothing', async () => {
    const { browser } = await browserUser(ctx, 'business-unit');
    const before = await countReviews(ctx);
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/reviews',
      headers: { cookie: browser.cookie },
      payload: VALID_FORM,
    });
    assert.equal(response.statusCode, 403);
    assert.equal(await countReviews(ctx), before);
  });

  it('refuses a form post with another session’s CSRF token (403)', async () => {
    const { browser } = await browserUser(ctx, 'business-unit');
    const other = await browserUser(ctx, 'business-unit');
    const before = await countReviews(ctx);
    const token = csrfFrom((await other.browser.get('/reviews/new')).body);
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/reviews',
      headers: { cookie: browser.cookie },
      payload: { _csrf: token, ...VALID_FORM },
    });
    assert.equal(response.statusCode, 403);
    assert.equal(await countReviews(ctx), before);
  });

  it('shows a board member no "Start a review" button and refuses their form with a 403 page', async () => {
    await createReview(ctx.db);
    const { browser } = await browserUser(ctx, 'board-member');
    const list = await browser.get('/reviews');
    assert.equal(list.statusCode, 200);
    assert.doesNotMatch(list.body, /Start a review/);
    assert.doesNotMatch(list.body, /href="\/reviews\/new"/);

    const before = await countReviews(ctx);
    const response = await browser.post('/reviews', VALID_FORM, '/reviews');
    assert.equal(response.statusCode, 403);
    assert.match(response.body, /You cannot do that/);
    assert.equal(await countReviews(ctx), before);
  });

  it('does not offer the new-review form to anyone outside the business unit', async () => {
    const { browser } = await browserUser(ctx, 'board-member');
    const response = await browser.get('/reviews/new');
    assert.equal(response.statusCode, 403);
    assert.doesNotMatch(response.body, /Start review/);
  });
});

describe('GET /reviews/:id', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await buildTestApp();
  });
  after(() => ctx.close());

  it('escapes HTML in the summary', async () => {
    const review = await createReview(ctx.db);
    await ctx.db.query('UPDATE reviews SET summary = $2, conclusion = $3 WHERE id = $1', [
      review.id,
      '<script>alert("x")</script>',
      '<b>bold</b>',
    ]);
    const { browser } = await browserUser(ctx, 'business-unit');
    const response = await browser.get(`/reviews/${review.id}`);
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;/);
    assert.doesNotMatch(response.body, /<script>alert/);
    assert.match(response.body, /&lt;b&gt;bold&lt;\/b&gt;/);
  });

  it('shows an organisation lead the "Page not found" page for a review not shared with their organisation', async () => {
    const org = await createOrganisation(ctx.db);
    const { review: shared } = await createReviewWithAction(ctx.db, org.id);
    const { review: notShared } = await createReviewWithAction(ctx.db, (await createOrganisation(ctx.db)).id);
    const { browser } = await browserUser(ctx, 'organisation-lead', org.id);

    assert.equal((await browser.get(`/reviews/${shared.id}`)).statusCode, 200);
    const response = await browser.get(`/reviews/${notShared.id}`);
    assert.equal(response.statusCode, 404);
    assert.match(response.body, /<h1 class="govuk-heading-l">Page not found<\/h1>/);
    assert.doesNotMatch(response.body, /Child Q/);
  });

  it('shows the "Page not found" page for a malformed review address', async () => {
    const { browser } = await browserUser(ctx, 'business-unit');
    for (const url of ['/reviews/not-a-uuid', '/reviews/------------------------------------/edit']) {
      const response = await browser.get(url);
      assert.equal(response.statusCode, 404, url);
      assert.match(response.body, /Page not found/);
    }
  });

  it('hides the change links from a board member', async () => {
    const review = await createReview(ctx.db);
    const { browser } = await browserUser(ctx, 'board-member');
    const response = await browser.get(`/reviews/${review.id}`);
    assert.equal(response.statusCode, 200);
    assert.doesNotMatch(response.body, new RegExp(`href="/reviews/${review.id}/edit"`));
    assert.doesNotMatch(response.body, /Add a recommendation/);
  });
});

describe('Changing a review (POST /reviews/:id/edit)', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await buildTestApp();
  });
  after(() => ctx.close());

  it('saves a change and shows it with a success message', async () => {
    const review = await createReview(ctx.db);
    const { browser } = await browserUser(ctx, 'business-unit');
    const form = await browser.get(`/reviews/${review.id}/edit`);
    assert.equal(form.statusCode, 200);
    const response = await browser.post(`/reviews/${review.id}/edit`, {
      version: versionIn(form.body),
      type: 'rapid-review',
      status: 'rapid-review',
      subjectRef: 'Child Q',
      ...{ 'incidentDate-day': '5', 'incidentDate-month': '1', 'incidentDate-year': '2026' },
      ...{ 'awareDate-day': '6', 'awareDate-month': '1', 'awareDate-year': '2026' },
      ...{ 'lcsprDecisionDate-day': '10', 'lcsprDecisionDate-month': '2', 'lcsprDecisionDate-year': '2026' },
      summary: 'Infant found unresponsive after co-sleeping',
    });
    assert.equal(response.statusCode, 302);
    assert.equal(response.headers.location, `/reviews/${review.id}`);
    const page = await browser.get(`/reviews/${review.id}`);
    assert.match(page.body, /Review updated/);
    assert.match(page.body, /Infant found unresponsive after co-sleeping/);
    assert.match(page.body, /Local child safeguarding practice review/);
    const [row] = await ctx.db.query<{ type: string; status: string; version: number }>(
      'SELECT type, status, version FROM reviews WHERE id = $1',
      [review.id],
    );
    assert.deepEqual(row, { type: 'lcspr', status: 'rapid-review', version: 2 });
  });

  it('answers a stale version with a 409 page that explains the conflict and shows their change', async () => {
    const review = await createReview(ctx.db);
    const { browser } = await browserUser(ctx, 'business-unit');
    const form = await browser.get(`/reviews/${review.id}/edit`);
    // Someone else saves first.
    await ctx.db.query("UPDATE reviews SET summary = 'Their summary', version = version + 1 WHERE id = $1", [
      review.id,
    ]);
    const response = await browser.post(`/reviews/${review.id}/edit`, {
      version: versionIn(form.body),
      type: 'rapid-review',
      status: 'notified',
      subjectRef: 'Child Q',
      ...{ 'incidentDate-day': '5', 'incidentDate-month': '1', 'incidentDate-year': '2026' },
      ...{ 'awareDate-day': '6', 'awareDate-month': '1', 'awareDate-year': '2026' },
      summary: 'My summary',
    });
    assert.equal(response.statusCode, 409);
    assert.match(response.body, /There is a problem/);
    assert.match(response.body, /Someone else saved a change to this record after you opened it/);
    assert.match(response.body, /The review now says/);
    assert.match(response.body, /Their summary/);
    assert.match(response.body, /My summary/);
    assert.equal(versionIn(response.body), '2');
    const [row] = await ctx.db.query<{ summary: string }>('SELECT summary FROM reviews WHERE id = $1', [
      review.id,
    ]);
    assert.equal(row!.summary, 'Their summary');
  });

  it("answers a cleared child's reference or incident date with a 400 page, not an error", async () => {
    const review = await createReview(ctx.db);
    const { browser } = await browserUser(ctx, 'business-unit');
    const form = await browser.get(`/reviews/${review.id}/edit`);
    const response = await browser.post(`/reviews/${review.id}/edit`, {
      version: versionIn(form.body),
      type: 'rapid-review',
      status: 'notified',
      subjectRef: '',
      ...{ 'awareDate-day': '6', 'awareDate-month': '1', 'awareDate-year': '2026' },
    });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /There is a problem/);
    assert.match(response.body, /href="#subjectRef"/);
    assert.match(response.body, /href="#incidentDate-day"/);
    const [row] = await ctx.db.query<{ subjectRef: string; version: number }>(
      'SELECT subject_ref AS "subjectRef", version FROM reviews WHERE id = $1',
      [review.id],
    );
    assert.deepEqual(row, { subjectRef: 'Child Q', version: 1 });
  });

  it('gives an assigned reviewer a form of the summary and conclusion only, and saves it', async () => {
    const reviewer = await createUser(ctx.db, 'reviewer');
    const review = await createReview(ctx.db, { reviewerIds: [reviewer.id] });
    const browser = await signInAsBrowser(ctx.app, reviewer.email, TEST_PASSWORD);
    const form = await browser.get(`/reviews/${review.id}/edit`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /name="summary"/);
    assert.doesNotMatch(form.body, /name="subjectRef"/);
    assert.doesNotMatch(form.body, /name="status"/);
    const response = await browser.post(`/reviews/${review.id}/edit`, {
      version: versionIn(form.body),
      summary: 'From the reviewer',
      conclusion: 'No significant deficit',
    });
    assert.equal(response.statusCode, 302);
    const [row] = await ctx.db.query<{ summary: string; conclusion: string }>(
      'SELECT summary, conclusion FROM reviews WHERE id = $1',
      [review.id],
    );
    assert.deepEqual(row, { summary: 'From the reviewer', conclusion: 'No significant deficit' });
  });
});

describe('Adding learning points and recommendations through the forms', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await buildTestApp();
  });
  after(() => ctx.close());

  it('shows added learning points and recommendations on the review page, numbered', async () => {
    const review = await createReview(ctx.db);
    const { browser } = await browserUser(ctx, 'business-unit');
    const pointForm = `/reviews/${review.id}/points/new?kind=learning-point`;

    for (const text of ['Advice did not reach the father', 'Records were not shared']) {
      const added = await browser.post(
        `/reviews/${review.id}/points`,
        { kind: 'learning-point', text },
        pointForm,
      );
      assert.equal(added.statusCode, 302);
      assert.equal(added.headers.location, `/reviews/${review.id}#learning-points`);
    }
    const [, second] = await ctx.db.query<{ id: string }>(
      "SELECT id FROM review_points WHERE review_id = $1 AND kind = 'learning-point' ORDER BY number",
      [review.id],
    );

    const recForm = `/reviews/${review.id}/recommendations/new`;
    const form = await browser.get(recForm);
    assert.match(form.body, /Learning point 2: Records were not shared/);
    const rec = await browser.post(
      `/reviews/${review.id}/recommendations`,
      { text: 'Share records between midwifery and health visiting', learningPointIds: second!.id },
      recForm,
    );
    assert.equal(rec.statusCode, 302);
    assert.equal(rec.headers.location, `/reviews/${review.id}#recommendation-1`);

    const page = await browser.get(`/reviews/${review.id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Recommendation 1 added/);
    assert.match(page.body, /<li id="learning-point-1"[^>]*>Advice did not reach the father<\/li>/);
    assert.match(page.body, /<li id="learning-point-2"[^>]*>Records were not shared<\/li>/);
    assert.match(page.body, /id="recommendation-1-title">Recommendation 1<\/h3>/);
    assert.match(page.body, /Share records between midwifery and health visiting/);
    assert.match(page.body, /Answers learning point 2</);
  });

  it('re-shows the recommendation form with 400 when the text is empty, creating nothing', async () => {
    const review = await createReview(ctx.db);
    await createLearningPoint(ctx.db, review.id);
    const { browser } = await browserUser(ctx, 'business-unit');
    const response = await browser.post(
      `/reviews/${review.id}/recommendations`,
      { text: '  ' },
      `/reviews/${review.id}/recommendations/new`,
    );
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /There is a problem/);
    assert.match(response.body, /href="#text"/);
    assert.match(response.body, /Enter the recommendation/);
    const [row] = await ctx.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM recommendations WHERE review_id = $1',
      [review.id],
    );
    assert.equal(row!.n, 0);
  });

  it('refuses a board member who posts a learning point (403), adding nothing', async () => {
    const review = await createReview(ctx.db);
    const { browser } = await browserUser(ctx, 'board-member');
    const response = await browser.post(
      `/reviews/${review.id}/points`,
      { kind: 'learning-point', text: 'Board point' },
      `/reviews/${review.id}`,
    );
    assert.equal(response.statusCode, 403);
    const [row] = await ctx.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM review_points WHERE review_id = $1',
      [review.id],
    );
    assert.equal(row!.n, 0);
  });
});
