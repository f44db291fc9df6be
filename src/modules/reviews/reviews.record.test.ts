import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, signInAsApi, type TestContext } from '../../../test/test-app.ts';
import { createReview, createUser, TEST_PASSWORD } from '../../../test/factories.ts';

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
