import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addDays, londonToday } from '../../platform/clock.ts';
import type { Actor, Role } from '../../platform/http/current-user.ts';
import { isValidNhsNumber } from '../people/index.ts';
import { buildTestApp, signInAsApi, type TestContext } from '../../../test/test-app.ts';
import { createOrganisation, createUser, TEST_PASSWORD } from '../../../test/factories.ts';

const SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';
let serial = Math.floor(Math.random() * 1_000_000);

/** A synthetic NHS number in the 999 test range that passes the check digit. */
function nhsNumber(): string {
  for (;;) {
    const candidate = `999${String(serial++ % 10_000_000).padStart(6, '0')}`;
    for (let d = 0; d < 10; d++) if (isValidNhsNumber(candidate + d)) return candidate + d;
  }
}

describe('GET /fhir/r4/Flag', () => {
  let t: TestContext;
  before(async () => {
    t = await buildTestApp();
  });
  after(() => t.close());

  async function actor(role: Role, organisationId?: string): Promise<Actor & { email: string }> {
    const u = await createUser(t.db, role, organisationId);
    const [org] = await t.db.query<{ name: string }>('SELECT name FROM organisations WHERE id = $1', [
      u.organisationId,
    ]);
    return { ...u, name: `Test ${role}`, organisationName: org!.name, correlationId: 'test' };
  }

  /** A mother with a purple butterfly, her newborn with a safer-sleep flag and an ended CP flag. */
  async function family() {
    const org = await createOrganisation(t.db, 'nhs-trust');
    const lead = await actor('organisation-lead', org.id);
    const mother = await t.services.people.create(lead, {
      nhsNumber: nhsNumber(),
      givenName: 'Fhirmum',
      familyName: 'Testfamily',
      relationship: 'mother',
    });
    const baby = await t.services.people.create(lead, {
      nhsNumber: nhsNumber(),
      givenName: 'Baby',
      familyName: 'Testfamily',
      dateOfBirth: addDays(londonToday(), -10),
      motherId: mother.id,
    });
    await t.services.flags.raise(lead, mother.id, { type: 'purple-butterfly', consent: true });
    await t.services.flags.raise(lead, baby.id, { type: 'safer-sleep-risk' });
    const cp = await t.services.flags.raise(lead, baby.id, { type: 'child-protection-plan' });
    await t.services.flags.end(lead, cp.id, {
      reason: 'Plan ended at review conference',
      version: cp.version,
    });
    return { org, lead, mother, baby };
  }

  async function systemToken(organisationType: 'nhs-trust' | 'local-authority' = 'nhs-trust') {
    const org = await createOrganisation(t.db, organisationType);
    const manager = await actor('business-unit');
    const { token, record } = await t.services.systemTokens.create(manager, {
      organisationId: org.id,
      name: 'Emergency department system',
    });
    return { org, manager, token, id: record.id };
  }

  const search = (value: string | undefined, token?: string) =>
    t.app.inject({
      method: 'GET',
      url: `/fhir/r4/Flag${value === undefined ? '' : `?subject:identifier=${encodeURIComponent(value)}`}`,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });

  it('answers a searchset Bundle of the active flags, including the mother’s shown on babies, without ended ones', async () => {
    const { baby } = await family();
    const { token } = await systemToken();
    const response = await search(`${SYSTEM}|${baby.nhsNumber}`, token);
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^application\/fhir\+json/);
    const bundle = response.json();
    assert.equal(bundle.resourceType, 'Bundle');
    assert.equal(bundle.type, 'searchset');
    assert.equal(bundle.total, 2);
    const codes = bundle.entry.map(
      (e: { resource: { code: { coding: { code: string }[] } } }) => e.resource.code.coding[0]!.code,
    );
    assert.deepEqual(codes.sort(), ['purple-butterfly', 'safer-sleep-risk']);
    const sleep = bundle.entry.find(
      (e: { resource: { code: { coding: { code: string }[] } } }) =>
        e.resource.code.coding[0]!.code === 'safer-sleep-risk',
    );
    assert.match(sleep.fullUrl, new RegExp(`/fhir/r4/Flag/${sleep.resource.id}$`));
    assert.equal(sleep.resource.resourceType, 'Flag');
    assert.equal(sleep.resource.status, 'active');
    assert.equal(sleep.resource.category[0].coding[0].code, 'safety');
    assert.equal(sleep.resource.code.coding[0].display, 'Safer-sleep risk identified');
    assert.match(sleep.resource.code.text, /raised risk/);
    assert.deepEqual(sleep.resource.subject, { identifier: { system: SYSTEM, value: baby.nhsNumber } });
    assert.match(sleep.resource.period.start, /^\d{4}-\d\d-\d\dT/);
    assert.match(sleep.resource.author.display, /^Test nhs-trust/);
    const butterfly = bundle.entry.find(
      (e: { resource: { code: { coding: { code: string }[] } } }) =>
        e.resource.code.coding[0]!.code === 'purple-butterfly',
    );
    assert.match(butterfly.resource.code.text, /mother’s record/);
  });

  it('answers an empty Bundle for an unknown NHS number, and audits the search', async () => {
    const { token, org } = await systemToken();
    const response = await search(`${SYSTEM}|${nhsNumber()}`, token);
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { resourceType: 'Bundle', type: 'searchset', total: 0, entry: [] });
    const rows = await t.db.query<{ subjectId: string | null; details: Record<string, unknown> }>(
      `SELECT subject_id AS "subjectId", details FROM audit_events
        WHERE event = 'fhir.flag-search' AND details->>'organisationId' = $1`,
      [org.id],
    );
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.subjectId, null);
    assert.equal(rows[0]!.details.found, false);
  });

  for (const [label, value, pattern] of [
    ['the identifier is missing', undefined, /missing/],
    ['the identifier has no system', '9434765919', /no system/],
    ['the system is not the NHS number system', 'https://example.org/mrn|9434765919', /Only NHS numbers/],
    ['the NHS number is not 10 digits', `${SYSTEM}|94347659`, /10 digits/],
    ['the check digit is wrong', `${SYSTEM}|9434765918`, /check digit/],
  ] as const) {
    it(`answers 400 with an OperationOutcome when ${label}`, async () => {
      const { token } = await systemToken();
      const response = await search(value, token);
      assert.equal(response.statusCode, 400);
      assert.match(String(response.headers['content-type']), /^application\/fhir\+json/);
      const outcome = response.json();
      assert.equal(outcome.resourceType, 'OperationOutcome');
      assert.equal(outcome.issue[0].severity, 'error');
      assert.equal(outcome.issue[0].code, 'invalid');
      assert.match(outcome.issue[0].diagnostics, pattern);
    });
  }

  it('answers 401 with an OperationOutcome without a token, or with an unknown one', async () => {
    const { baby } = await family();
    for (const token of [undefined, 'not-a-token']) {
      const response = await search(`${SYSTEM}|${baby.nhsNumber}`, token);
      assert.equal(response.statusCode, 401);
      assert.equal(response.json().resourceType, 'OperationOutcome');
      assert.equal(response.json().issue[0].code, 'login');
    }
  });

  it('refuses a revoked system token', async () => {
    const { baby } = await family();
    const { token, id, manager } = await systemToken();
    assert.equal((await search(`${SYSTEM}|${baby.nhsNumber}`, token)).statusCode, 200);
    await t.services.systemTokens.revoke(manager, id);
    assert.equal((await search(`${SYSTEM}|${baby.nhsNumber}`, token)).statusCode, 401);
  });

  it('audits each search with the searching organisation, tells the involved leads once, and notes the token’s use', async () => {
    const { baby, org: involvedOrg } = await family();
    const { token, org, id } = await systemToken('local-authority');
    await search(`${SYSTEM}|${baby.nhsNumber}`, token);
    await search(`${SYSTEM}|${baby.nhsNumber}`, token);
    const rows = await t.db.query<{ actorLabel: string; details: Record<string, unknown> }>(
      `SELECT actor_label AS "actorLabel", details FROM audit_events
        WHERE event = 'fhir.flag-search' AND subject_type = 'person' AND subject_id = $1 ORDER BY id`,
      [baby.id],
    );
    assert.equal(rows.length, 2);
    assert.equal(rows[0]!.details.organisationId, org.id);
    assert.equal(rows[0]!.details.found, true);
    assert.equal(rows[0]!.details.flags, 2);
    assert.equal(rows[0]!.details.involved, false);
    assert.match(rows[0]!.actorLabel, /Emergency department system/);
    const told = await t.db.query<{ body: string }>(
      `SELECT n.body FROM notifications n JOIN users u ON u.id = n.user_id
        WHERE u.organisation_id = $1 AND n.kind = 'record-opened'`,
      [involvedOrg.id],
    );
    assert.equal(told.length, 1, 'told once a day, not at every search');
    assert.match(told[0]!.body, new RegExp(org.name));
    const [used] = await t.db.query<{ lastUsedAt: Date | null }>(
      'SELECT last_used_at AS "lastUsedAt" FROM system_tokens WHERE id = $1',
      [id],
    );
    assert.ok(used!.lastUsedAt);
  });

  it('follows need-to-know for a user’s token: flags for an involved organisation, an empty Bundle otherwise', async () => {
    const { baby, org } = await family();
    const involved = await createUser(t.db, 'practitioner', org.id);
    const outsider = await createUser(t.db, 'practitioner');
    const board = await createUser(t.db, 'board-member', org.id);
    const value = `${SYSTEM}|${baby.nhsNumber}`;
    const totalFor = async (email: string) => {
      const client = await signInAsApi(t.app, email, TEST_PASSWORD);
      const response = await search(value, client.token);
      assert.equal(response.statusCode, 200);
      return response.json().total;
    };
    assert.equal(await totalFor(involved.email), 2);
    assert.equal(await totalFor(outsider.email), 0);
    assert.equal(await totalFor(board.email), 0);
    const [row] = await t.db.query<{ details: Record<string, unknown> }>(
      `SELECT details FROM audit_events WHERE event = 'fhir.flag-search' AND actor_user_id = $1`,
      [outsider.id],
    );
    assert.equal(row!.details.access, 'break-glass');
    assert.equal(row!.details.flags, 0);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    assert.ok(doc.paths['/fhir/r4/Flag']?.get);
  });
});
