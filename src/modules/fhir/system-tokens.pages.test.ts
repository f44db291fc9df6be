import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, signInAsBrowser, type TestContext } from '../../../test/test-app.ts';
import { createOrganisation, createUser, TEST_PASSWORD } from '../../../test/factories.ts';

describe('/settings/system-tokens', () => {
  let t: TestContext;
  before(async () => {
    t = await buildTestApp();
  });
  after(() => t.close());

  const businessUnit = async () =>
    signInAsBrowser(t.app, (await createUser(t.db, 'business-unit')).email, TEST_PASSWORD);
  const tokenOn = (html: string) => /data-testid="token"><code>([^<]+)<\/code>/.exec(html)?.[1];

  it('is for the business unit only', async () => {
    for (const role of ['organisation-lead', 'practitioner', 'board-member'] as const) {
      const browser = await signInAsBrowser(t.app, (await createUser(t.db, role)).email, TEST_PASSWORD);
      assert.equal((await browser.get('/settings/system-tokens')).statusCode, 403, role);
    }
  });

  it('creates a token for an organisation, shows it once and keeps only its hash', async () => {
    const org = await createOrganisation(t.db, 'nhs-trust');
    const browser = await businessUnit();
    const created = await browser.post(
      '/settings/system-tokens',
      { organisationId: org.id, name: 'Emergency department system' },
      '/settings/system-tokens',
    );
    assert.equal(created.statusCode, 200);
    assert.equal(created.headers['cache-control'], 'no-store');
    const token = tokenOn(created.body);
    assert.ok(token && token.length > 40);
    const list = await browser.get('/settings/system-tokens');
    assert.match(list.body, /Emergency department system/);
    assert.match(list.body, new RegExp(org.name));
    assert.match(list.body, /Never/);
    assert.ok(!list.body.includes(token), 'the list never shows the token');
    const stored = await t.db.query<{ tokenHash: string }>(
      'SELECT token_hash AS "tokenHash" FROM system_tokens WHERE organisation_id = $1',
      [org.id],
    );
    assert.equal(stored.length, 1);
    assert.notEqual(stored[0]!.tokenHash, token);
    const [audit] = await t.db.query<{ details: { name: string } }>(
      `SELECT details FROM audit_events WHERE event = 'system-token.created' AND subject_id = $1`,
      [org.id],
    );
    assert.equal(audit!.details.name, 'Emergency department system');
  });

  it('re-renders with errors when the organisation or name is missing, or the organisation is not eligible', async () => {
    const police = await createOrganisation(t.db, 'police');
    const browser = await businessUnit();
    const empty = await browser.post('/settings/system-tokens', { organisationId: '', name: '' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /govuk-error-summary/);
    assert.match(empty.body, /Enter a name for the token/);
    const ineligible = await browser.post('/settings/system-tokens', {
      organisationId: police.id,
      name: 'Custody system',
    });
    assert.equal(ineligible.statusCode, 400);
    assert.match(ineligible.body, /Select a health or children’s services organisation/);
    assert.equal(
      (await t.db.query('SELECT 1 FROM system_tokens WHERE organisation_id = $1', [police.id])).length,
      0,
    );
  });

  it('revokes a token: audited, and the API refuses it from then on', async () => {
    const org = await createOrganisation(t.db, 'gp-practice');
    const browser = await businessUnit();
    const created = await browser.post(
      '/settings/system-tokens',
      { organisationId: org.id, name: 'Practice system' },
      '/settings/system-tokens',
    );
    const token = tokenOn(created.body)!;
    const url = '/fhir/r4/Flag?subject:identifier=https://fhir.nhs.uk/Id/nhs-number|9434765919';
    const call = () => t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
    assert.equal((await call()).statusCode, 200);
    const [row] = await t.db.query<{ id: string }>(
      'SELECT id FROM system_tokens WHERE organisation_id = $1',
      [org.id],
    );
    const revoked = await browser.post(
      `/settings/system-tokens/${row!.id}/revoke`,
      {},
      '/settings/system-tokens',
    );
    assert.equal(revoked.statusCode, 302);
    const list = await browser.get('/settings/system-tokens');
    assert.match(list.body, /is revoked/);
    assert.match(list.body, /Revoked/);
    assert.equal((await call()).statusCode, 401);
    const audit = await t.db.query(
      `SELECT 1 FROM audit_events WHERE event = 'system-token.revoked' AND subject_id = $1`,
      [org.id],
    );
    assert.equal(audit.length, 1);
  });

  it('refuses revoking for anyone but the business unit, and answers 404 for an unknown token', async () => {
    const lead = await signInAsBrowser(
      t.app,
      (await createUser(t.db, 'organisation-lead')).email,
      TEST_PASSWORD,
    );
    const someId = '00000000-0000-4000-8000-000000000000';
    const response = await lead.post(`/settings/system-tokens/${someId}/revoke`, {}, '/account');
    assert.equal(response.statusCode, 403);
    const manager = await businessUnit();
    const missing = await manager.post(
      `/settings/system-tokens/${someId}/revoke`,
      {},
      '/settings/system-tokens',
    );
    assert.equal(missing.statusCode, 404);
  });
});
