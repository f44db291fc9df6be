import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { countRows, fillNational, NATIONAL_PASSWORD } from '../scripts/data-national.ts';
import { buildTestApp, signInAsApi, signInAsBrowser, type TestContext } from './test-app.ts';

const BUSINESS_UNIT = 'p001-o00-business-unit-1@national.lantern.test';
const LEAD = 'p001-o03-organisation-lead-1@national.lantern.test';

describe('npm run data:national (one partnership, NATIONAL_SCALE=0.001)', () => {
  let t: TestContext;
  before(async () => {
    t = await buildTestApp();
    await fillNational(t.db, 0.001);
  });
  after(() => t.close());

  it('fills every table the generator names, within the schema', async () => {
    const counts = await countRows(t.db);
    assert.equal(counts.organisations, 26);
    assert.equal(counts.reviews, 80);
    assert.equal(counts.people, 1000);
    assert.equal(counts.library_reviews, 10);
    assert.ok(counts.actions! > 700 && counts.actions! < 850, `${counts.actions} actions`);
  });

  it('gives each action an owner who works for the owning organisation', async () => {
    const [row] = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM actions a JOIN users u ON u.id = a.owner_user_id
        WHERE u.organisation_id <> a.organisation_id`,
    );
    assert.equal(row!.n, 0);
  });

  it('shows the business unit every action in the tracker and lets it find people', async () => {
    const browser = await signInAsBrowser(t.app, BUSINESS_UNIT, NATIONAL_PASSWORD);
    const [{ n }] = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM actions')) as [
      { n: number },
    ];
    const tracker = await browser.get('/actions');
    assert.equal(tracker.statusCode, 200);
    assert.match(tracker.body, new RegExp(`${n} actions, page 1 of`));
    const people = await browser.get('/people?familyName=Ash');
    assert.equal(people.statusCode, 200);
    assert.match(people.body, /\d+ people match/);
  });

  it("shows an organisation lead only their organisation's actions through the API", async () => {
    const api = await signInAsApi(t.app, LEAD, NATIONAL_PASSWORD);
    const response = await api.get('/api/v1/actions?pageSize=100');
    assert.equal(response.statusCode, 200);
    const { items, total } = response.json() as { items: { organisationName: string }[]; total: number };
    assert.ok(total > 0);
    assert.ok(items.every((a) => a.organisationName === 'Partnership 001 NHS trust 1'));
  });

  it('shows the ICB lead the actions of the trusts and GP practices it commissions, and no others', async () => {
    const api = await signInAsApi(
      t.app,
      'p001-o02-organisation-lead-1@national.lantern.test',
      NATIONAL_PASSWORD,
    );
    const [expected] = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM actions a JOIN organisations o ON o.id = a.organisation_id
        WHERE o.type IN ('icb', 'nhs-trust', 'gp-practice')`,
    );
    const response = await api.get('/api/v1/actions?pageSize=100&sort=organisation');
    const { items, total } = response.json() as { items: { organisationName: string }[]; total: number };
    assert.equal(total, expected!.n);
    assert.ok(items.every((a) => /ICB|NHS trust|GP practice/.test(a.organisationName)));
    assert.ok(items.some((a) => /GP practice/.test(a.organisationName)));
  });
});
