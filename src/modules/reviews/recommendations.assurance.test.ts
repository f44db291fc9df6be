import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, signInAsApi, signInAsBrowser, type TestContext } from '../../../test/test-app.ts';
import {
  createAction,
  createOrganisation,
  createRecommendation,
  createReview,
  createUser,
  TEST_PASSWORD,
} from '../../../test/factories.ts';

describe('recommendation assurance', () => {
  let ctx: TestContext;
  let org: { id: string };
  let manager: { email: string };
  let lead: { email: string };
  before(async () => {
    ctx = await buildTestApp();
    org = await createOrganisation(ctx.db, 'icb');
    manager = await createUser(ctx.db, 'business-unit');
    lead = await createUser(ctx.db, 'organisation-lead', org.id);
  });
  after(() => ctx.close());

  async function recommendationWith(statuses: string[]) {
    const review = await createReview(ctx.db);
    const rec = await createRecommendation(ctx.db, review.id);
    for (const status of statuses)
      await createAction(ctx.db, { recommendationId: rec.id, organisationId: org.id, status });
    return { review, rec };
  }

  it('starts open, and cannot be assured while an action is still open', async () => {
    const { rec } = await recommendationWith(['closed', 'in-progress']);
    const api = await signInAsApi(ctx.app, manager.email, TEST_PASSWORD);
    const current = (await api.get(`/api/v1/recommendations/${rec.id}`)).json();
    assert.equal(current.assuranceStatus, 'open');
    assert.equal(current.openActionCount, 1);
    const response = await api.patch(`/api/v1/recommendations/${rec.id}`, {
      version: current.version,
      assuranceStatus: 'assured',
      assuranceNote: 'Audit shows both parents advised',
    });
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().fields[0].path, 'assuranceStatus');
  });

  it('is assured only with a note, once every action is closed, and says who assured it', async () => {
    const { rec } = await recommendationWith(['closed', 'closed']);
    const api = await signInAsApi(ctx.app, manager.email, TEST_PASSWORD);
    const noNote = await api.patch(`/api/v1/recommendations/${rec.id}`, {
      version: 1,
      assuranceStatus: 'assured',
    });
    assert.equal(noNote.statusCode, 400);
    assert.equal(noNote.json().fields[0].path, 'assuranceNote');
    const assured = await api.patch(`/api/v1/recommendations/${rec.id}`, {
      version: 1,
      assuranceStatus: 'assured',
      assuranceNote: 'Re-audit of 40 records: fathers advised in 36',
    });
    assert.equal(assured.statusCode, 200);
    const body = assured.json();
    assert.equal(body.assuranceStatus, 'assured');
    assert.equal(body.version, 2);
    assert.ok(body.assuredByName);
    const audit = await ctx.db.query(
      "SELECT 1 FROM audit_events WHERE event = 'recommendation.assurance-changed' AND subject_id = $1",
      [rec.id],
    );
    assert.equal(audit.length, 1);
  });

  it('refuses a stale version with 409, and a partner with 403', async () => {
    const { rec } = await recommendationWith(['closed']);
    const api = await signInAsApi(ctx.app, manager.email, TEST_PASSWORD);
    const stale = await api.patch(`/api/v1/recommendations/${rec.id}`, {
      version: 7,
      assuranceStatus: 'actions-complete',
    });
    assert.equal(stale.statusCode, 409);
    const partner = await signInAsApi(ctx.app, lead.email, TEST_PASSWORD);
    const forbidden = await partner.patch(`/api/v1/recommendations/${rec.id}`, {
      version: 1,
      assuranceStatus: 'actions-complete',
    });
    assert.equal(forbidden.statusCode, 403);
  });

  it('shows the status and note on the review page after the form is saved', async () => {
    const { review, rec } = await recommendationWith(['closed']);
    const browser = await signInAsBrowser(ctx.app, manager.email, TEST_PASSWORD);
    const saved = await browser.post(
      `/recommendations/${rec.id}/assurance`,
      {
        version: '1',
        assuranceStatus: 'assured',
        assuranceNote: 'Forum minutes show the learning discussed',
      },
      `/recommendations/${rec.id}/assurance`,
    );
    assert.equal(saved.statusCode, 302);
    const page = await browser.get(`/reviews/${review.id}`);
    assert.match(page.body, /Assured: learning embedded/);
    assert.match(page.body, /Forum minutes show the learning discussed/);
  });
});
