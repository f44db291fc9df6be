import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, csrfFrom, signInAsBrowser, type TestContext } from '../../../test/test-app.ts';
import {
  createAction,
  createActor,
  createOrganisation,
  createRecommendation,
  createReview,
  TEST_PASSWORD,
} from '../../../test/factories.ts';
import { countQueries, type QueryCounter } from '../../../test/query-count.ts';

describe('the forms on the action page', () => {
  let t: TestContext;
  let counter: QueryCounter;
  let actionId: string;
  let browser: Awaited<ReturnType<typeof signInAsBrowser>>;

  before(async () => {
    t = await buildTestApp({}, { wrapDb: (db) => (counter = countQueries(db)).db });
    const trustId = (await createOrganisation(t.db, 'nhs-trust')).id;
    const owner = await createActor(t.db, 'practitioner', trustId);
    const review = await createReview(t.db, { subjectRef: 'Child F' });
    const rec = await createRecommendation(t.db, review.id, 'Give safer-sleep advice at every contact');
    actionId = (
      await createAction(t.db, {
        recommendationId: rec.id,
        organisationId: trustId,
        ownerUserId: owner.id,
        description: 'Audit safer-sleep advice',
      })
    ).id;
    browser = await signInAsBrowser(t.app, owner.email, TEST_PASSWORD);
  });
  after(() => t.close());

  /** Posts the progress form and counts only the POST's own queries. */
  async function postProgress(note: string) {
    const page = await browser.get(`/actions/${actionId}`);
    assert.equal(page.statusCode, 200);
    counter.reset();
    const response = await t.app.inject({
      method: 'POST',
      url: `/actions/${actionId}/progress`,
      headers: { cookie: browser.cookie },
      payload: { _csrf: csrfFrom(page.body), note },
    });
    return { response, queries: counter.statements.length };
  }

  it('a saved progress update costs fewer queries than showing the action page, because success only redirects', async (ctx) => {
    await browser.get(`/actions/${actionId}`);
    counter.reset();
    await browser.get(`/actions/${actionId}`);
    const pageQueries = counter.statements.length;

    const { response, queries } = await postProgress('Audit booked for March.');
    ctx.diagnostic(`page view: ${pageQueries} queries; saved update: ${queries}`);
    assert.equal(response.statusCode, 302);
    assert.ok(queries < pageQueries, `the update sent ${queries} queries, the page ${pageQueries}`);
    const after = await browser.get(`/actions/${actionId}`);
    assert.match(after.body, /Audit booked for March\./);
  });

  it('an empty update shows the whole action page again with the error next to the field', async () => {
    const { response } = await postProgress('');
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /govuk-error-summary/);
    assert.match(response.body, /Audit safer-sleep advice/, 'the action itself is on the page');
  });
});
