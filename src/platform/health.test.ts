import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestContext } from '../../test/test-app.ts';

describe('GET /health', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await buildTestApp();
  });
  after(() => ctx.close());

  it('answers 200 {"status":"ok"} without sign-in when the database answers', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/health' });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { status: 'ok' });
  });
});

describe('GET /', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await buildTestApp();
  });
  after(() => ctx.close());

  it('shows the public start page with a link to sign in, not a redirect', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/' });
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /<h1 class="govuk-heading-xl">Lantern<\/h1>/);
    assert.match(response.body, /href="\/sign-in"/);
    assert.match(response.body, /href="\/accessibility"/);
  });
});

describe('GET /api/openapi.json', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await buildTestApp();
  });
  after(() => ctx.close());

  it('is public and describes the JSON API only, with the contract’s resources', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' });
    assert.equal(response.statusCode, 200);
    const paths = Object.keys(response.json().paths);
    for (const path of [
      '/api/v1/me',
      '/api/v1/reviews',
      '/api/v1/reviews/{id}',
      '/api/v1/actions',
      '/api/v1/actions/export',
    ]) {
      assert.ok(paths.includes(path), `${path} is not documented`);
    }
    assert.ok(paths.includes('/fhir/r4/Flag'), 'the FHIR Flag API is documented too');
    assert.deepEqual(
      paths.filter((p) => !p.startsWith('/api/v1/') && !p.startsWith('/fhir/')),
      [],
      'HTML pages stay out',
    );
  });
});
