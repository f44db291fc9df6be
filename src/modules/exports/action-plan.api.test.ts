import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  createAction,
  createOrganisation,
  createRecommendation,
  createReview,
  createUser,
  TEST_PASSWORD,
} from '../../../test/factories.ts';
import { buildTestApp, signInAsApi, type TestContext } from '../../../test/test-app.ts';
import type { Role } from '../../platform/http/current-user.ts';
import { loadWorkbook, sheetValues, textOfPdf, unique, uniqueRef } from './exports.test-support.ts';

describe('GET /api/v1/reviews/{id}/action-plan', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await buildTestApp();
  });
  after(() => ctx.close());

  async function apiUser(role: Role, organisationId?: string) {
    const user = await createUser(ctx.db, role, organisationId);
    return { user, api: await signInAsApi(ctx.app, user.email, TEST_PASSWORD) };
  }

  /** A review with two recommendations: the first with a police and a trust action, the second with none. */
  async function plan() {
    const police = await createOrganisation(ctx.db, 'police', unique('Brookvale Police'));
    const trust = await createOrganisation(ctx.db, 'nhs-trust', unique('Trust'));
    const ref = uniqueRef();
    const review = await createReview(ctx.db, { subjectRef: ref, type: 'lcspr', status: 'local-review' });
    const first = await createRecommendation(ctx.db, review.id, 'Give safer-sleep advice to both parents');
    await createRecommendation(ctx.db, review.id, 'Share learning with schools');
    const policeWork = unique('Brief every response officer');
    const trustWork = unique('Audit maternity discharge');
    await createAction(ctx.db, {
      recommendationId: first.id,
      organisationId: police.id,
      description: policeWork,
      status: 'in-progress',
      dueDate: '2021-04-30',
    });
    await createAction(ctx.db, {
      recommendationId: first.id,
      organisationId: trust.id,
      description: trustWork,
    });
    return { police, trust, ref, review, policeWork, trustWork };
  }

  it('sends a PDF with the title, the kind and status of review, each recommendation and its actions', async () => {
    const { ref, review, policeWork, trustWork, police } = await plan();
    const { api } = await apiUser('business-unit');

    const response = await api.get(`/api/v1/reviews/${review.id}/action-plan?format=pdf`);

    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'application/pdf');
    const slug = ref.toLowerCase().replace(' ', '-');
    assert.match(
      String(response.headers['content-disposition']),
      new RegExp(`^attachment; filename="action-plan-${slug}-[\\d-]+\\.pdf"$`),
    );
    assert.equal(response.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
    const text = textOfPdf(response.rawPayload);
    assert.ok(text.includes(`Action plan: review ${ref}`), text);
    assert.ok(text.includes('Kind of review: Local child safeguarding practice review'), text);
    assert.ok(text.includes('Review status: Local review in progress'), text);
    assert.ok(text.includes('Recommendation 1 Give safer-sleep advice to both parents'), text);
    assert.ok(text.includes(policeWork) && text.includes(trustWork), text);
    assert.ok(text.includes(police.name), text);
    assert.ok(text.includes('In progress'), text);
    assert.ok(text.includes('Recommendation 2 Share learning with schools No actions recorded.'), text);
    assert.match(text, /Page 1 of \d+/);
  });

  it('sends a workbook: recommendations on one sheet, their actions on a sheet named by the child’s reference', async () => {
    const { ref, review, policeWork, police } = await plan();
    const { api } = await apiUser('business-unit');

    const response = await api.get(`/api/v1/reviews/${review.id}/action-plan?format=xlsx`);

    assert.equal(response.statusCode, 200);
    assert.equal(
      response.headers['content-type'],
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const workbook = await loadWorkbook(response.rawPayload);
    assert.deepEqual(
      workbook.worksheets.map((s) => s.name),
      ['Recommendations', ref],
    );
    assert.deepEqual(sheetValues(workbook.worksheets[0]!), [
      ['Recommendation', 'Text', 'Actions', 'Open', 'Overdue'],
      [1, 'Give safer-sleep advice to both parents', 2, 2, 1],
      [2, 'Share learning with schools', 0, 0, 0],
    ]);
    const actions = sheetValues(workbook.worksheets[1]!);
    assert.equal(actions.length, 3);
    assert.deepEqual(actions[1], [
      ref,
      1,
      policeWork,
      police.name,
      '',
      'In progress',
      '2021-04-30',
      '2021-04-30',
      0,
      'Yes',
      'Does not repeat',
    ]);
  });

  it('shows an organisation lead the review with their own organisation’s actions only', async () => {
    const { review, police, policeWork, trustWork } = await plan();
    const { api } = await apiUser('organisation-lead', police.id);

    const pdf = textOfPdf((await api.get(`/api/v1/reviews/${review.id}/action-plan?format=pdf`)).rawPayload);

    assert.ok(pdf.includes(policeWork), pdf);
    assert.ok(!pdf.includes(trustWork), pdf);
    assert.ok(pdf.includes(`Shows the actions owned by ${police.name}`), pdf);
  });

  it('answers 404 for a review the caller may not see, and for one that does not exist', async () => {
    const { review } = await plan();
    const elsewhere = await createOrganisation(ctx.db, 'school', unique('School'));
    const { api } = await apiUser('organisation-lead', elsewhere.id);
    for (const id of [review.id, '00000000-0000-4000-8000-000000000000', 'not-an-id']) {
      const response = await api.get(`/api/v1/reviews/${id}/action-plan?format=pdf`);
      assert.equal(response.statusCode, 404, id);
      assert.equal(response.json().error, 'not-found');
    }
  });

  it('lets a board member export the plan and audits it', async () => {
    const { review } = await plan();
    const { api, user } = await apiUser('board-member');

    const response = await api.get(`/api/v1/reviews/${review.id}/action-plan?format=xlsx`);

    assert.equal(response.statusCode, 200);
    const rows = await ctx.db.query<{ subjectId: string; details: unknown }>(
      `SELECT subject_id AS "subjectId", details FROM audit_events
        WHERE actor_user_id = $1 AND event = 'review.action-plan-exported'`,
      [user.id],
    );
    assert.deepEqual(rows, [{ subjectId: review.id, details: { format: 'xlsx', actions: 2 } }]);
  });

  it('answers 400 naming format for a missing or unknown format', async () => {
    const { review } = await plan();
    const { api } = await apiUser('business-unit');
    for (const query of ['', '?format=csv', '?format=docx']) {
      const response = await api.get(`/api/v1/reviews/${review.id}/action-plan${query}`);
      assert.equal(response.statusCode, 400, query);
      assert.deepEqual(
        response.json().fields.map((f: { path: string }) => f.path),
        ['format'],
        query,
      );
    }
  });
});
