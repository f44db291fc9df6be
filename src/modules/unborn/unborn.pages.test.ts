import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addDays, londonToday } from '../../platform/clock.ts';
import { buildTestApp, signInAsApi, signInAsBrowser, type TestContext } from '../../../test/test-app.ts';
import { createOrganisation, createUser, TEST_PASSWORD } from '../../../test/factories.ts';

describe('unborn referral and bereavement pages and API', () => {
  let t: TestContext;
  before(async () => {
    t = await buildTestApp();
  });
  after(() => t.close());

  async function setUp() {
    const org = await createOrganisation(t.db, 'nhs-trust');
    const user = await createUser(t.db, 'practitioner', org.id);
    const actor = { ...user, name: 'Midwife', organisationName: 'Trust', correlationId: 'x' };
    const mother = await t.services.people.create(actor, {
      givenName: 'M',
      familyName: 'Pages',
      relationship: 'mother',
    });
    const baby = await t.services.people.create(actor, {
      givenName: 'Baby',
      familyName: 'Pages',
      expectedDeliveryDate: addDays(londonToday(), 170),
      motherId: mother.id,
    });
    return { org, user, mother, baby };
  }

  it('re-renders the referral form with errors, then records it and shows the milestones', async () => {
    const { org, user, baby } = await setUp();
    const browser = await signInAsBrowser(t.app, user.email, TEST_PASSWORD);
    const url = `/people/${baby.id}/unborn-referral`;
    const bad = await browser.post(url, { referringOrganisationId: org.id });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /There is a problem/);
    assert.match(bad.body, /Select at least one concern/);
    const [y, m, d] = londonToday().split('-');
    const ok = await browser.post(url, {
      'referralDate-day': d!,
      'referralDate-month': m!,
      'referralDate-year': y!,
      concerns: ['domestic-abuse'],
      referringOrganisationId: org.id,
      raiseFlag: 'yes',
    });
    assert.equal(ok.statusCode, 302);
    const page = await browser.get(url);
    assert.match(page.body, /Strategy discussion/);
    assert.match(page.body, /15 weeks and 5 days/);
    const network = await browser.get('/unborn-baby-network');
    assert.match(network.body, new RegExp(`/people/${baby.id}/unborn-referral`));
    assert.equal((await browser.get('/measures/unborn-referrals')).statusCode, 200);
    const loss = await browser.get(`/people/${baby.id}/bereavement/new`);
    assert.match(loss.body, /Record a loss/);
    const lossBad = await browser.post(
      `/people/${baby.id}/bereavement`,
      { raiseFlag: 'yes' },
      `/people/${baby.id}/bereavement/new`,
    );
    assert.equal(lossBad.statusCode, 400);
  });

  it('API: 201 with computed fields, 400 with fields, 404 for the board, 403 for an uninvolved practitioner', async () => {
    const { org, user, baby } = await setUp();
    const api = await signInAsApi(t.app, user.email, TEST_PASSWORD);
    const bad = await api.post(`/api/v1/people/${baby.id}/unborn-referrals`, { concerns: [] });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error, 'validation');
    const created = await api.post(`/api/v1/people/${baby.id}/unborn-referrals`, {
      referralDate: londonToday(),
      concerns: ['young-parent'],
      referringOrganisationId: org.id,
    });
    assert.equal(created.statusCode, 201);
    assert.equal(created.json().milestones.length, 5);
    const board = await createUser(t.db, 'board-member');
    assert.equal(
      (
        await (
          await signInAsApi(t.app, board.email, TEST_PASSWORD)
        ).get(`/api/v1/people/${baby.id}/unborn-referrals`)
      ).statusCode,
      404,
    );
    const outsider = await createUser(t.db, 'practitioner');
    assert.equal(
      (
        await (
          await signInAsApi(t.app, outsider.email, TEST_PASSWORD)
        ).get(`/api/v1/people/${baby.id}/losses`)
      ).statusCode,
      403,
    );
    const measure = await api.get('/api/v1/measures/unborn-referrals?months=12');
    assert.equal(measure.statusCode, 200);
    assert.ok(
      measure
        .json()
        .items.every(
          (c: { suppressed: boolean; referrals: number | null }) => c.suppressed === (c.referrals === null),
        ),
    );
  });
});
