import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addDays, londonToday } from '../../platform/clock.ts';
import { buildTestApp, signInAsApi, signInAsBrowser, type TestContext } from '../../../test/test-app.ts';
import {
  createAction,
  createOrganisation,
  createRecommendation,
  createReview,
  createUser,
  TEST_PASSWORD,
} from '../../../test/factories.ts';

describe('the tracker: sorting and RAG counts', () => {
  let ctx: TestContext;
  let org: { id: string; name: string };
  let lead: { email: string };
  before(async () => {
    ctx = await buildTestApp();
    org = await createOrganisation(ctx.db, 'school');
    lead = await createUser(ctx.db, 'organisation-lead', org.id);
    const review = await createReview(ctx.db);
    const rec = await createRecommendation(ctx.db, review.id);
    const today = londonToday();
    // Red (overdue), amber (due within 30 days), green (later), and a closed one that counts as none.
    for (const [offset, status, description] of [
      [-3, 'in-progress', 'Red action'],
      [10, 'not-started', 'Amber action'],
      [90, 'not-started', 'Green action'],
      [-40, 'closed', 'Closed action'],
    ] as const) {
      await createAction(ctx.db, {
        recommendationId: rec.id,
        organisationId: org.id,
        dueDate: addDays(today, offset),
        status,
        description,
      });
    }
  });
  after(() => ctx.close());

  it('sorts by due date when asked, and refuses an unknown sort naming the parameter', async () => {
    const api = await signInAsApi(ctx.app, lead.email, TEST_PASSWORD);
    const due = (await api.get('/api/v1/actions?sort=due')).json();
    assert.deepEqual(
      due.items.map((a: { description: string }) => a.description),
      ['Closed action', 'Red action', 'Amber action', 'Green action'],
    );
    const latest = (await api.get('/api/v1/actions?sort=due-desc')).json();
    assert.equal(latest.items[0].description, 'Green action');
    const bad = await api.get('/api/v1/actions?sort=sideways');
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().fields[0].path, 'sort');
  });

  it('shows red, amber and green counts per organisation with the rules on the page', async () => {
    const browser = await signInAsBrowser(ctx.app, lead.email, TEST_PASSWORD);
    const page = await browser.get('/actions');
    assert.equal(page.statusCode, 200);
    const row =
      new RegExp(`<th scope="row" class="govuk-table__header">${org.name}</th>([\\s\\S]*?)</tr>`).exec(
        page.body,
      )?.[1] ?? '';
    const cells = [...row.matchAll(/<td[^>]*>\s*(\d+)\s*<\/td>/g)].map((m) => Number(m[1]));
    // Red, amber, green, then not started, in progress, awaiting evidence, closed.
    assert.deepEqual(cells, [1, 1, 1, 2, 1, 0, 1]);
    assert.match(page.body, /Red: open and past its due date/);
  });
});

describe('handing over a leaver’s actions', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await buildTestApp();
  });
  after(() => ctx.close());

  it('lets the organisation lead give an action to a colleague, and the API find actions by owner', async () => {
    const org = await createOrganisation(ctx.db, 'nhs-trust');
    const lead = await createUser(ctx.db, 'organisation-lead', org.id);
    const leaver = await createUser(ctx.db, 'practitioner', org.id);
    const colleague = await createUser(ctx.db, 'practitioner', org.id);
    const review = await createReview(ctx.db);
    const rec = await createRecommendation(ctx.db, review.id);
    const action = await createAction(ctx.db, {
      recommendationId: rec.id,
      organisationId: org.id,
      ownerUserId: leaver.id,
    });
    const browser = await signInAsBrowser(ctx.app, lead.email, TEST_PASSWORD);
    const page = await browser.get(`/actions/${action.id}`);
    assert.match(page.body, /Change the named owner/);
    const changed = await browser.post(
      `/actions/${action.id}/owner`,
      { version: '1', ownerUserId: colleague.id },
      `/actions/${action.id}`,
    );
    assert.equal(changed.statusCode, 302);
    const api = await signInAsApi(ctx.app, lead.email, TEST_PASSWORD);
    assert.equal((await api.get(`/api/v1/actions?ownerUserId=${leaver.id}`)).json().total, 0);
    assert.equal((await api.get(`/api/v1/actions?ownerUserId=${colleague.id}`)).json().total, 1);
  });
});
