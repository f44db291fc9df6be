import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createServices } from '../../composition.ts';
import { loadConfig } from '../../config.ts';
import { londonToday } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import { NotFound } from '../../platform/errors.ts';
import { createAction, createActor, createRecommendation, createReview } from '../../../test/factories.ts';
import { createTestDb } from '../../../test/test-db.ts';
import { briefingWorld, publishedBriefing } from '../briefings/briefings.test-support.ts';

describe('learning evidence for many recommendations at once', () => {
  let db: Db;
  let services: ReturnType<typeof createServices>;
  before(async () => {
    db = await createTestDb();
    services = createServices(db, loadConfig({ NODE_ENV: 'test' }));
  });
  after(() => db.close());

  it('gives each recommendation its own evidence, briefings before campaigns, and an empty list to one with none', async () => {
    const w = await briefingWorld(db);
    const briefing = await publishedBriefing(services, w);
    await services.briefings.createDraft(w.bu, { reviewId: w.review.id, title: 'Not yet published' });
    const campaign = await services.campaigns.create(w.bu, {
      title: 'Safer sleep week',
      startDate: '2026-01-05',
      recommendationIds: [w.rec2.id],
    });
    const bare = await createRecommendation(db, w.review.id, 'A recommendation nothing draws on yet.');
    const briefingItem = {
      kind: 'briefing',
      title: briefing.title,
      href: `/briefings/${briefing.id}`,
      detail: 'Shared by 0 of 2 organisations; 0 staff have read it',
      date: londonToday(),
    };
    const found = await services.learning.forRecommendations(w.board, [w.rec1.id, w.rec2.id, bare.id]);
    assert.deepEqual(Object.keys(found), [w.rec1.id, w.rec2.id, bare.id]);
    assert.deepEqual(found[w.rec1.id], [briefingItem]);
    assert.deepEqual(
      found[w.rec2.id]!.map((e) => e.kind),
      ['briefing', 'campaign'],
    );
    assert.deepEqual(found[w.rec2.id]![0], briefingItem);
    assert.equal(found[w.rec2.id]![1]!.href, `/campaigns/${campaign.id}`);
    assert.match(found[w.rec2.id]![1]!.detail, /^Shared by 0 of \d+ organisations$/);
    assert.deepEqual(found[bare.id], []);
    // The API names a recommendation as the caller wrote its id, upper case included.
    assert.deepEqual(await services.learning.forRecommendation(w.board, w.rec1.id.toUpperCase()), [
      briefingItem,
    ]);
    assert.deepEqual(await services.learning.forRecommendations(w.board, []), {});
  });

  it('refuses (404) a list holding any recommendation the caller may not see, as it refuses that one alone', async () => {
    const trust = await createActor(db, 'organisation-lead');
    const theirs = await createReview(db, { subjectRef: 'Child S' });
    const visible = await createRecommendation(db, theirs.id);
    await createAction(db, { recommendationId: visible.id, organisationId: trust.organisationId });
    const hidden = await createRecommendation(db, (await createReview(db, { subjectRef: 'Child U' })).id);

    assert.deepEqual(await services.learning.forRecommendations(trust, [visible.id]), { [visible.id]: [] });
    await assert.rejects(services.learning.forRecommendation(trust, hidden.id), NotFound);
    await assert.rejects(services.learning.forRecommendations(trust, [visible.id, hidden.id]), NotFound);
    await assert.rejects(services.learning.forRecommendations(trust, [visible.id, 'not-an-id']), NotFound);
    await assert.rejects(
      services.learning.forRecommendations(trust, [visible.id, '00000000-0000-4000-8000-000000000000']),
      NotFound,
    );
  });
});
