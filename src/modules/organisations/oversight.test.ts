import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, signInAsApi, signInAsBrowser, type TestContext } from '../../../test/test-app.ts';
import {
  createOrganisation,
  createReviewWithAction,
  createUser,
  TEST_PASSWORD,
} from '../../../test/factories.ts';

describe('ICB oversight of the organisations it commissions', () => {
  let ctx: TestContext;
  let icb: { id: string };
  let practice: { id: string; name: string };
  let police: { id: string };
  let manager: { email: string };
  let icbLead: { email: string };
  before(async () => {
    ctx = await buildTestApp();
    icb = await createOrganisation(ctx.db, 'icb');
    practice = await createOrganisation(ctx.db, 'gp-practice');
    police = await createOrganisation(ctx.db, 'police');
    manager = await createUser(ctx.db, 'business-unit');
    icbLead = await createUser(ctx.db, 'organisation-lead', icb.id);
  });
  after(() => ctx.close());

  it('lets the business unit say which ICB commissions a practice, through the settings form', async () => {
    const browser = await signInAsBrowser(ctx.app, manager.email, TEST_PASSWORD);
    const notAnIcb = await browser.post(
      `/organisations/${practice.id}/edit`,
      { name: practice.name, type: 'gp-practice', commissionedBy: police.id },
      `/organisations/${practice.id}/edit`,
    );
    assert.equal(notAnIcb.statusCode, 400);
    assert.match(notAnIcb.body, /Select an Integrated Care Board from the list/);
    const saved = await browser.post(
      `/organisations/${practice.id}/edit`,
      { name: practice.name, type: 'gp-practice', commissionedBy: icb.id },
      `/organisations/${practice.id}/edit`,
    );
    assert.equal(saved.statusCode, 302);
    const list = await browser.get('/organisations');
    assert.match(
      list.body,
      new RegExp(`${practice.name}</td>[\\s\\S]*?<td class="govuk-table__cell">Test icb`),
    );
  });

  it("then shows the ICB lead the practice's actions, read-only, but not the police's", async () => {
    await ctx.db.query('UPDATE organisations SET commissioned_by = $1 WHERE id = $2', [icb.id, practice.id]);
    const practiceWork = await createReviewWithAction(ctx.db, practice.id, { description: 'Practice audit' });
    const policeWork = await createReviewWithAction(ctx.db, police.id, { description: 'Police briefing' });
    const api = await signInAsApi(ctx.app, icbLead.email, TEST_PASSWORD);
    const list = (await api.get('/api/v1/actions')).json();
    const descriptions = list.items.map((a: { description: string }) => a.description);
    assert.ok(descriptions.includes('Practice audit'));
    assert.ok(!descriptions.includes('Police briefing'));
    assert.equal((await api.get(`/api/v1/actions/${practiceWork.action.id}`)).statusCode, 200);
    assert.equal((await api.get(`/api/v1/reviews/${practiceWork.review.id}`)).statusCode, 200);
    const change = await api.patch(`/api/v1/actions/${practiceWork.action.id}`, {
      version: 1,
      status: 'in-progress',
    });
    assert.equal(change.statusCode, 403);
    assert.equal((await api.get(`/api/v1/actions/${policeWork.action.id}`)).statusCode, 404);
  });

  it('keeps organisation settings to the business unit', async () => {
    const browser = await signInAsBrowser(ctx.app, icbLead.email, TEST_PASSWORD);
    assert.equal((await browser.get('/organisations')).statusCode, 403);
    assert.equal((await browser.get(`/organisations/${practice.id}/edit`)).statusCode, 403);
  });
});
