import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, signInAsApi, signInAsBrowser, type TestContext } from '../../../test/test-app.ts';
import { createOrganisation, createReview, createUser, TEST_PASSWORD } from '../../../test/factories.ts';

describe('PATCH /api/v1/reviews/:id — the later review record', () => {
  let ctx: TestContext;
  let api: Awaited<ReturnType<typeof signInAsApi>>;
  before(async () => {
    ctx = await buildTestApp();
    const manager = await createUser(ctx.db, 'business-unit');
    api = await signInAsApi(ctx.app, manager.email, TEST_PASSWORD);
  });
  after(() => ctx.close());

  it('records immediate actions and the National Panel’s response with its date', async () => {
    const review = await createReview(ctx.db);
    const response = await api.patch(`/api/v1/reviews/${review.id}`, {
      version: review.version,
      panelNotifiedDate: '2026-01-08',
      immediateActions: 'Sibling seen by a social worker the same day.',
      panelResponse: 'agreed',
      panelResponseDate: '2026-02-10',
    });
    assert.equal(response.statusCode, 200);
    const body = response.json();
    assert.equal(body.immediateActions, 'Sibling seen by a social worker the same day.');
    assert.equal(body.panelResponse, 'agreed');
    assert.equal(body.panelResponseDate, '2026-02-10');
  });

  it('refuses a Panel response without its date, or dated before the Panel was notified', async () => {
    const review = await createReview(ctx.db);
    const noDate = await api.patch(`/api/v1/reviews/${review.id}`, {
      version: review.version,
      panelResponse: 'disagreed',
    });
    assert.equal(noDate.statusCode, 400);
    assert.deepEqual(
      noDate.json().fields.map((f: { path: string }) => f.path),
      ['panelResponseDate'],
    );
    const early = await api.patch(`/api/v1/reviews/${review.id}`, {
      version: review.version,
      panelNotifiedDate: '2026-01-20',
      panelResponse: 'agreed',
      panelResponseDate: '2026-01-10',
    });
    assert.equal(early.statusCode, 400);
    assert.equal(early.json().fields[0].path, 'panelResponseDate');
  });

  it('needs a reason to defer or withhold publication, and then will not let the review be published', async () => {
    const review = await createReview(ctx.db, { type: 'lcspr', status: 'final-report' });
    const noReason = await api.patch(`/api/v1/reviews/${review.id}`, {
      version: review.version,
      publicationDecision: 'defer',
    });
    assert.equal(noReason.statusCode, 400);
    assert.equal(noReason.json().fields[0].path, 'publicationReason');

    const deferred = await api.patch(`/api/v1/reviews/${review.id}`, {
      version: review.version,
      publicationDecision: 'defer',
      publicationReason: 'Criminal proceedings are under way',
    });
    assert.equal(deferred.statusCode, 200);
    const published = await api.patch(`/api/v1/reviews/${review.id}`, {
      version: deferred.json().version,
      status: 'published',
    });
    assert.equal(published.statusCode, 400);
    assert.equal(published.json().fields[0].path, 'status');
    const [row] = await ctx.db.query<{ status: string }>('SELECT status FROM reviews WHERE id = $1', [
      review.id,
    ]);
    assert.equal(row!.status, 'final-report');
  });
});

describe('GET /api/v1/reviews/:id — statutory deadlines', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await buildTestApp();
  });
  after(() => ctx.close());

  it('computes the clocks from the recorded dates, adding the local-review clocks after the decision', async () => {
    const manager = await createUser(ctx.db, 'business-unit');
    const api = await signInAsApi(ctx.app, manager.email, TEST_PASSWORD);
    const created = await api.post('/api/v1/reviews', {
      type: 'rapid-review',
      subjectRef: 'C0',
      incidentDate: '2026-02-27',
      awareDate: '2026-03-02',
    });
    assert.equal(created.statusCode, 201);
    assert.deepEqual(created.json().deadlines, {
      panelNotificationDue: '2026-03-09',
      rapidReviewDue: '2026-03-30',
    });
    const decided = await api.patch(`/api/v1/reviews/${created.json().id}`, {
      version: 1,
      panelNotifiedDate: '2026-03-04',
      lcsprDecisionDate: '2026-03-20',
    });
    assert.equal(decided.statusCode, 200);
    assert.deepEqual(decided.json().deadlines, {
      panelNotificationDue: '2026-03-09',
      rapidReviewDue: '2026-03-25',
      publicationDue: '2026-09-20',
      // 20 September 2026 is a Sunday: 7 working days before it is Thursday 10 September.
      reportToPanelDue: '2026-09-10',
    });

    // A planned publication date moves the report-to-Panel clock; recorded dates are returned.
    const planned = await api.patch(`/api/v1/reviews/${created.json().id}`, {
      version: 2,
      plannedPublicationDate: '2026-09-01',
      rapidReviewSentDate: '2026-03-19',
    });
    assert.equal(planned.statusCode, 200);
    assert.equal(
      planned.json().deadlines.reportToPanelDue,
      '2026-08-20',
      '7 working days before 1 September',
    );
    assert.equal(planned.json().deadlines.publicationDue, '2026-09-20');
    assert.equal(planned.json().rapidReviewSentDate, '2026-03-19');

    const early = await api.patch(`/api/v1/reviews/${created.json().id}`, {
      version: 3,
      publishedDate: '2026-03-01',
    });
    assert.equal(early.statusCode, 400);
    assert.equal(early.json().fields[0].path, 'publishedDate');
  });

  it('runs no statutory clocks for a learning review, and says why on its page', async () => {
    const manager = await createUser(ctx.db, 'business-unit');
    const api = await signInAsApi(ctx.app, manager.email, TEST_PASSWORD);
    const created = await api.post('/api/v1/reviews', {
      type: 'learning-review',
      subjectRef: 'Child Q',
      incidentDate: '2026-02-27',
      awareDate: '2026-03-02',
    });
    assert.equal(created.statusCode, 201);
    assert.deepEqual(created.json().deadlines, {});
    const browser = await signInAsBrowser(ctx.app, manager.email, TEST_PASSWORD);
    const page = await browser.get(`/reviews/${created.json().id}`);
    assert.match(page.body, /None: the statutory clocks apply to serious incidents/);
  });
});

describe('GET /deadlines', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await buildTestApp();
  });
  after(() => ctx.close());

  it('lists overdue statutory steps across the partnership, and leaves out what is done', async () => {
    const manager = await createUser(ctx.db, 'business-unit');
    // Aware in January 2026 with nothing recorded: both rapid-review clocks have long run out.
    await createReview(ctx.db, {
      subjectRef: 'Child Late',
      awareDate: '2026-01-06',
      incidentDate: '2026-01-05',
    });
    const done = await createReview(ctx.db, { subjectRef: 'Child Done', status: 'closed' });
    const browser = await signInAsBrowser(ctx.app, manager.email, TEST_PASSWORD);
    const page = await browser.get('/deadlines');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Overdue \(2\)/);
    assert.match(page.body, /Child Late[\s\S]*Notify the National Panel/);
    assert.ok(!page.body.includes(done.id), 'a closed review has no deadlines');
  });

  it('lists agencies’ information returns still to come beside the statutory steps, for the business unit and that organisation’s lead only', async () => {
    const manager = await createUser(ctx.db, 'business-unit');
    const police = await createOrganisation(ctx.db, 'police', `Police ${Date.now()}`);
    const lead = await createUser(ctx.db, 'organisation-lead', police.id);
    const otherLead = await createUser(ctx.db, 'organisation-lead');
    const review = await createReview(ctx.db, {
      subjectRef: 'C7',
      awareDate: '2026-01-06',
      incidentDate: '2026-01-05',
    });
    const [request] = await ctx.db.query<{ id: string }>(
      `INSERT INTO information_requests (review_id, organisation_id, asks, due_date, requested_by)
       VALUES ($1, $2, ARRAY['chronology'], '2026-01-20', $3) RETURNING id`,
      [review.id, police.id, manager.id],
    );
    const link = `href="/requests/${request!.id}">Information from ${police.name} for the rapid review`;
    for (const who of [manager, lead]) {
      const page = await (await signInAsBrowser(ctx.app, who.email, TEST_PASSWORD)).get('/deadlines');
      assert.ok(page.body.includes(link), `${who.role} sees the overdue return`);
    }
    const other = await (await signInAsBrowser(ctx.app, otherLead.email, TEST_PASSWORD)).get('/deadlines');
    assert.ok(!other.body.includes(request!.id), 'another organisation’s lead does not');
  });
});
