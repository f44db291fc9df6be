import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createRepositories, createServices, type Services } from '../../composition.ts';
import { loadConfig } from '../../config.ts';
import type { Db } from '../../platform/db/index.ts';
import { ValidationFailed } from '../../platform/errors.ts';
import { createTestDb } from '../../../test/test-db.ts';
import { createActor, createReview } from '../../../test/factories.ts';
import { briefingWorld, publishedBriefing } from '../briefings/briefings.test-support.ts';
import { createAuditRepository } from '../audit/index.ts';
import { createReviewsService } from '../reviews/index.ts';
import { createPublishingRepository } from './publishing.repository.ts';
import { createPublishingService } from './publishing.service.ts';
import { findIdentifiers } from '../publication-check/index.ts';

describe('publishing service', () => {
  let db: Db;
  let services: Services;
  before(async () => {
    db = await createTestDb();
    services = createServices(db, loadConfig({ NODE_ENV: 'test' }));
  });
  after(() => db.close());

  it('blocks publication while the press statement has open findings, naming it', async () => {
    const manager = await createActor(db, 'business-unit');
    const review = await createReview(db, { type: 'learning-review', status: 'final-report' });
    await services.publishing.attach(manager, review.id, 'report', { text: 'A clean report about Child Q.' });
    assert.equal(
      await services.publishing.gate(review.id),
      'Set the public title on the publication page before publishing',
    );
    await services.publishing.attach(manager, review.id, 'press-statement', {
      text: 'For comment call Ms Rowe at press@brookvale.example.',
    });
    assert.equal(
      await services.publishing.gate(review.id),
      'The press statement has 2 open findings from the publication check',
    );
  });

  it('saves versions made at the same time one after the other, each with its own number', async () => {
    const manager = await createActor(db, 'business-unit');
    const review = await createReview(db, { type: 'learning-review', status: 'final-report' });
    await services.publishing.attach(manager, review.id, 'report', { text: 'Version one.' });
    await Promise.all(
      [2, 3, 4, 5].map((n) =>
        services.publishing.editText(manager, review.id, 'report', { text: `Version ${n}.` }),
      ),
    );
    const rows = await db.query<{ version: number }>(
      "SELECT version FROM publication_documents WHERE review_id = $1 AND document = 'report' ORDER BY version",
      [review.id],
    );
    assert.deepEqual(
      rows.map((r) => r.version),
      [1, 2, 3, 4, 5],
    );
  });

  it('chooses only a published briefing of the same review', async () => {
    const w = await briefingWorld(db);
    const briefing = await publishedBriefing(services, w);
    await services.publishing.saveSettings(w.bu, w.review.id, {
      allowed: ['Mother'],
      briefingId: briefing.id,
    });
    const view = await services.publishing.get(w.bu, w.review.id);
    assert.equal(view.settings.briefingId, briefing.id);
    assert.deepEqual(view.settings.allowed, ['Mother']);
    const other = await createReview(db, { type: 'learning-review', status: 'final-report' });
    await assert.rejects(
      services.publishing.saveSettings(w.bu, other.id, { allowed: [], briefingId: briefing.id }),
      (err: unknown) => err instanceof ValidationFailed && err.fields[0]!.path === 'briefingId',
    );
  });

  it('tells onReportPublished once the review is published, and a reviews service without the gate publishes as before', async () => {
    const told: string[] = [];
    const repos = createRepositories();
    // The two services need each other, as in the composition root.
    const late: { publishing?: ReturnType<typeof createPublishingService> } = {};
    const reviews = createReviewsService({
      db,
      reviews: repos.reviews,
      audit: createAuditRepository(),
      directory: services.directory,
      deadlinesFor: async () => ({}),
      publicationGate: (id, tx) => late.publishing!.gate(id, tx),
      onPublished: (id) => late.publishing!.reportPublished(id),
    });
    const publishing = (late.publishing = createPublishingService({
      db,
      publishing: createPublishingRepository(),
      audit: createAuditRepository(),
      reviews,
      briefings: services.briefings,
      findIdentifiers,
      onReportPublished: async (id) => {
        told.push(id);
      },
    }));
    const manager = await createActor(db, 'business-unit');
    const review = await createReview(db, { type: 'learning-review', status: 'final-report' });
    await publishing.attach(manager, review.id, 'report', { text: 'A clean report.' });
    await publishing.saveSettings(manager, review.id, {
      allowed: [],
      briefingId: null,
      publicTitle: 'Learning review: Child A',
    });
    const published = await reviews.update(manager, review.id, { version: 1, status: 'published' });
    assert.equal(published.status, 'published');
    assert.deepEqual(told, [review.id]);

    const ungated = createReviewsService({
      db,
      reviews: repos.reviews,
      audit: createAuditRepository(),
      directory: services.directory,
      deadlinesFor: async () => ({}),
    });
    const bare = await createReview(db, { type: 'learning-review', status: 'final-report' });
    assert.equal(
      (await ungated.update(manager, bare.id, { version: 1, status: 'published' })).status,
      'published',
    );
  });
  it('a report version saved while the review is being published is seen by the gate: publishing waits for it and is blocked by its finding', async () => {
    const manager = await createActor(db, 'business-unit');
    const review = await createReview(db, { type: 'learning-review', status: 'final-report' });
    await services.publishing.attach(manager, review.id, 'report', { text: 'A clean report.' });
    await services.publishing.saveSettings(manager, review.id, {
      allowed: [],
      briefingId: null,
      publicTitle: 'Learning review: Child G',
    });
    assert.equal(await services.publishing.gate(review.id), null);

    // A save in flight, as the service makes one: the review share-locked, then a new version whose
    // check found a name. It commits only after the move to published has been asked for.
    let saving!: () => void;
    const inTransaction = new Promise<void>((resolve) => (saving = resolve));
    let commit!: () => void;
    const committed = new Promise<void>((resolve) => (commit = resolve));
    const save = db.transaction(async (tx) => {
      await tx.query('SELECT 1 FROM reviews WHERE id = $1 FOR SHARE', [review.id]);
      const [doc] = await tx.query<{ id: string }>(
        `INSERT INTO publication_documents (review_id, document, version, text, created_by)
         VALUES ($1, 'report', 2, 'A report naming Jane Doe.', $2) RETURNING id`,
        [review.id, manager.id],
      );
      await tx.query(
        `INSERT INTO publication_findings (review_id, document, document_id, kind, text, start_offset, end_offset)
         VALUES ($1, 'report', $2, 'name', 'Jane Doe', 16, 24)`,
        [review.id, doc!.id],
      );
      saving();
      await committed;
    });
    await inTransaction;
    const publish = services.reviews.update(manager, review.id, { version: 1, status: 'published' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    commit();
    await save;
    await assert.rejects(publish, (err: unknown) => {
      assert.ok(err instanceof ValidationFailed);
      assert.equal(err.fields[0]?.message, 'The report has 1 open finding from the publication check');
      return true;
    });
    const [after] = await db.query<{ status: string }>('SELECT status FROM reviews WHERE id = $1', [
      review.id,
    ]);
    assert.equal(after!.status, 'final-report');
  });
});
