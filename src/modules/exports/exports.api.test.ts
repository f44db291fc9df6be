import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  createAction,
  createOrganisation,
  createRecommendation,
  createUser,
  TEST_PASSWORD,
} from '../../../test/factories.ts';
import { buildTestApp, signInAsApi, type TestContext } from '../../../test/test-app.ts';
import type { Role } from '../../platform/http/current-user.ts';
import {
  csvRows,
  HEADER,
  loadWorkbook,
  sheetValues,
  twoReviews,
  unique,
  XLSX,
} from './exports.test-support.ts';

describe('GET /api/v1/actions/export', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await buildTestApp();
  });
  after(() => ctx.close());

  async function apiUser(role: Role, organisationId?: string) {
    const user = await createUser(ctx.db, role, organisationId);
    return signInAsApi(ctx.app, user.email, TEST_PASSWORD);
  }

  it('sends the tracker as CSV with a byte-order mark, the ten columns and one row per action', async () => {
    const { org, ref, first } = await twoReviews(ctx.db);
    const manager = await apiUser('business-unit');
    const rec = await createRecommendation(ctx.db, first.id, 'Second recommendation');
    const moved = await createAction(ctx.db, { recommendationId: rec.id, organisationId: org.id });
    const patch = await manager.patch(`/api/v1/actions/${moved.id}`, {
      version: moved.version,
      dueDate: '2099-06-30',
      dueDateReason: 'Waiting for the new policy',
    });
    assert.equal(patch.statusCode, 200, patch.body);

    const response = await manager.get(`/api/v1/actions/export?format=csv&reviewId=${first.id}`);

    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'text/csv; charset=utf-8');
    assert.match(
      String(response.headers['content-disposition']),
      /^attachment; filename="action-tracker-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    assert.equal(response.headers['cache-control'], 'no-store');
    const rows = csvRows(response.rawPayload);
    assert.deepEqual(rows[0], HEADER);
    assert.deepEqual(rows.slice(1), [
      [
        ref,
        '1',
        'Audit safer-sleep records – the ’s and £s',
        org.name,
        'Test practitioner',
        'In progress',
        '2021-03-01',
        '2021-03-01',
        '0',
        'Yes',
        'Does not repeat',
      ],
      [
        ref,
        '2',
        'Audit safer-sleep records',
        org.name,
        '',
        'Not started',
        '2099-01-31',
        '2099-06-30',
        '1',
        'No',
        'Does not repeat',
      ],
    ]);
  });

  it('is the export route, not an action called "export", and sends CSV when no format is given', async () => {
    const api = await apiUser('business-unit');
    const response = await api.get('/api/v1/actions/export');
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^text\/csv/);
  });

  it('applies the tracker filters: status, overdue and organisation', async () => {
    const { org, ref } = await twoReviews(ctx.db);
    const api = await apiUser('business-unit');
    const refsOf = async (query: string) =>
      csvRows(
        (await api.get(`/api/v1/actions/export?format=csv&organisationId=${org.id}&${query}`)).rawPayload,
      )
        .slice(1)
        .map((r) => `${r[0]} ${r[5]} ${r[9]}`);

    assert.deepEqual(await refsOf('overdue=true'), [`${ref} In progress Yes`]);
    assert.deepEqual(await refsOf('overdue=false'), [`${ref} Not started No`]);
    assert.deepEqual(await refsOf('status=not-started'), [`${ref} Not started No`]);
    assert.equal((await refsOf('dueWithinDays=30')).length, 0);
  });

  it('keeps the tracker’s order when a sort is asked for', async () => {
    const { org, ref } = await twoReviews(ctx.db);
    const api = await apiUser('business-unit');
    const order = async (sort: string) =>
      csvRows((await api.get(`/api/v1/actions/export?organisationId=${org.id}&sort=${sort}`)).rawPayload)
        .slice(1)
        .map((r) => `${r[0]} ${r[7]}`);

    assert.deepEqual(await order('due'), [`${ref} 2021-03-01`, `${ref} 2099-01-31`]);
    assert.deepEqual(await order('due-desc'), [`${ref} 2099-01-31`, `${ref} 2021-03-01`]);
    const bad = await api.get('/api/v1/actions/export?sort=sideways');
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(
      bad.json().fields.map((f: { path: string }) => f.path),
      ['sort'],
    );
  });

  it('gives an organisation lead only the actions of their organisation', async () => {
    const { org, first } = await twoReviews(ctx.db);
    const otherOrg = await createOrganisation(ctx.db, 'police', unique('Police'));
    const rec = await createRecommendation(ctx.db, first.id, 'Another');
    await createAction(ctx.db, {
      recommendationId: rec.id,
      organisationId: otherOrg.id,
      description: 'Police work',
    });
    const lead = await apiUser('organisation-lead', org.id);

    const csv = csvRows((await lead.get('/api/v1/actions/export?format=csv')).rawPayload);
    const xlsx = await loadWorkbook((await lead.get('/api/v1/actions/export?format=xlsx')).rawPayload);

    assert.equal(csv.length, 3);
    assert.ok(csv.slice(1).every((r) => r[3] === org.name));
    const sheetOrgs = xlsx.worksheets.flatMap((s) =>
      sheetValues(s)
        .slice(1)
        .map((r) => r[3]),
    );
    assert.deepEqual(sheetOrgs, [org.name, org.name]);
  });

  it('lets a board member export every organisation’s actions', async () => {
    const { org } = await twoReviews(ctx.db);
    const board = await apiUser('board-member');
    const response = await board.get(`/api/v1/actions/export?format=xlsx&organisationId=${org.id}`);
    assert.equal(response.statusCode, 200);
    assert.equal((await loadWorkbook(response.rawPayload)).worksheets.length, 2);
  });

  it('answers 400 naming format for a format it cannot make, and 400 for a bad filter', async () => {
    const api = await apiUser('business-unit');
    const bad = await api.get('/api/v1/actions/export?format=pdf');
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error, 'validation');
    assert.deepEqual(
      bad.json().fields.map((f: { path: string }) => f.path),
      ['format'],
    );
    const badFilter = await api.get('/api/v1/actions/export?format=csv&overdue=maybe');
    assert.equal(badFilter.statusCode, 400);
    assert.deepEqual(
      badFilter.json().fields.map((f: { path: string }) => f.path),
      ['overdue'],
    );
  });

  it('answers 401 without a token', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/api/v1/actions/export?format=csv' });
    assert.equal(response.statusCode, 401);
  });

  it('writes an audit row with the format, the filters and the number of rows', async () => {
    const { org } = await twoReviews(ctx.db);
    const user = await createUser(ctx.db, 'business-unit');
    const api = await signInAsApi(ctx.app, user.email, TEST_PASSWORD);
    await api.get(`/api/v1/actions/export?format=xlsx&organisationId=${org.id}&status=in-progress`);
    const rows = await ctx.db.query<{ event: string; details: unknown }>(
      "SELECT event, details FROM audit_events WHERE actor_user_id = $1 AND event = 'actions.exported'",
      [user.id],
    );
    assert.deepEqual(rows, [
      {
        event: 'actions.exported',
        details: { format: 'xlsx', filters: { organisationId: org.id, status: 'in-progress' }, rows: 1 },
      },
    ]);
  });

  it('is described in the OpenAPI document with both file types', async () => {
    const doc = (await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const tracker = doc.paths['/api/v1/actions/export'].get;
    assert.deepEqual(Object.keys(tracker.responses['200'].content).sort(), [XLSX, 'text/csv']);
    assert.ok(tracker.parameters.some((p: { name: string }) => p.name === 'format'));
    const plan = doc.paths['/api/v1/reviews/{id}/action-plan'].get;
    assert.deepEqual(Object.keys(plan.responses['200'].content).sort(), ['application/pdf', XLSX]);
  });
});
