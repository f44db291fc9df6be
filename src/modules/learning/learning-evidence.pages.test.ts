import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { londonToday } from '../../platform/clock.ts';
import { buildTestApp, signInAsApi, signInAsBrowser, type TestContext } from '../../../test/test-app.ts';
import { TEST_PASSWORD } from '../../../test/factories.ts';
import { briefingWorld, publishedBriefing } from '../briefings/briefings.test-support.ts';

/** The section of the page about one recommendation (its summary card). */
const cardOf = (html: string, number: number) =>
  html.split(`id="recommendation-${number}"`)[1]?.split('</section>')[0] ?? '';

describe('a recommendation shows what has been done to spread its learning', () => {
  let t: TestContext;
  before(async () => {
    t = await buildTestApp();
  });
  after(() => t.close());

  it('lists a published briefing and its reach on the recommendation it draws on, to the business unit and the board', async () => {
    const w = await briefingWorld(t.db);
    const briefing = await publishedBriefing(t.services, w);
    await t.services.briefings.confirmShared(w.trustLead, briefing.id, { sharedDate: londonToday() });
    await t.db.query(
      `DELETE FROM briefing_recommendations WHERE briefing_id = $1 AND recommendation_id = $2`,
      [briefing.id, w.rec2.id],
    );
    for (const reader of [w.bu, w.board]) {
      const browser = await signInAsBrowser(t.app, reader.email, TEST_PASSWORD);
      const page = await browser.get(`/reviews/${w.review.id}`);
      assert.equal(page.statusCode, 200);
      const first = cardOf(page.body, 1);
      assert.match(first, /Spreading the learning/);
      assert.match(first, new RegExp(`href="/briefings/${briefing.id}">${briefing.title}</a>`));
      assert.match(first, /Shared by 1 of 2 organisations/);
      assert.match(cardOf(page.body, 2), /No briefings, training, forum discussions or campaigns are linked/);
    }
  });

  it('answers the same by API, and 404 for a recommendation that does not exist', async () => {
    const w = await briefingWorld(t.db);
    const briefing = await publishedBriefing(t.services, w);
    const api = await signInAsApi(t.app, w.board.email, TEST_PASSWORD);
    const found = await api.get(`/api/v1/recommendations/${w.rec1.id}/learning`);
    assert.equal(found.statusCode, 200);
    assert.deepEqual(found.json(), {
      items: [
        {
          kind: 'briefing',
          title: briefing.title,
          href: `/briefings/${briefing.id}`,
          detail: 'Shared by 0 of 2 organisations; 0 staff have read it',
          date: londonToday(),
        },
      ],
      total: 1,
      page: 1,
      pageSize: 1,
    });
    const missing = await api.get('/api/v1/recommendations/00000000-0000-4000-8000-000000000000/learning');
    assert.equal(missing.statusCode, 404);
  });
});
