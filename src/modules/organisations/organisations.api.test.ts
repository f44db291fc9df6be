import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createOrganisation, createUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { buildTestApp, signInAsApi, type TestContext } from '../../../test/test-app.ts';

describe('GET /api/v1/organisations', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await buildTestApp();
  });
  after(() => ctx.close());

  it("lists the partnership's organisations as {items:[{id,name,type}], total, page, pageSize}", async () => {
    const police = await createOrganisation(ctx.db, 'police', 'Brookvale Police');
    const school = await createOrganisation(ctx.db, 'school', 'Alder Primary School');
    const user = await createUser(ctx.db, 'practitioner', school.id);
    const api = await signInAsApi(ctx.app, user.email, TEST_PASSWORD);
    const response = await api.get('/api/v1/organisations');
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), {
      items: [
        { id: school.id, name: 'Alder Primary School', type: 'school' },
        { id: police.id, name: 'Brookvale Police', type: 'police' },
      ],
      total: 2,
      page: 1,
      pageSize: 2,
    });
  });

  it('answers 401 without a token', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/api/v1/organisations' });
    assert.equal(response.statusCode, 401);
    assert.equal(response.json().error, 'unauthenticated');
  });
});
