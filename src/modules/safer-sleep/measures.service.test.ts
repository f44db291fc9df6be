import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { londonToday } from '../../platform/clock.ts';
import { buildTestApp, signInAsBrowser, type TestContext } from '../../../test/test-app.ts';
import { createOrganisation, createUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { actorIn, createFamily, validAssessment } from './safer-sleep.test-support.ts';

describe('safer-sleep measures for an ICB lead', () => {
  let t: TestContext;
  before(async () => {
    t = await buildTestApp();
  });
  after(() => t.close());

  it('include the providers the ICB commissions, and no others; a provider’s lead sees only their own', async () => {
    const icb = await createOrganisation(t.db, 'icb');
    const commissioned = await createOrganisation(t.db, 'gp-practice');
    const other = await createOrganisation(t.db, 'gp-practice');
    await t.db.query('UPDATE organisations SET commissioned_by = $1 WHERE id = $2', [
      icb.id,
      commissioned.id,
    ]);
    for (const organisationId of [commissioned.id, other.id]) {
      const hv = await actorIn(t.db, 'practitioner', organisationId);
      const family = await createFamily(t.services, hv);
      await t.services.saferSleep.assess(
        hv,
        family.baby.id,
        validAssessment(family, { contactType: 'postnatal', contactDate: londonToday() }),
      );
    }
    const organisationsSeenBy = async (organisationId: string) => {
      const lead = await actorIn(t.db, 'organisation-lead', organisationId);
      const result = await t.services.saferSleepMeasures.byMonth(lead, { months: 12 });
      return {
        ids: new Set(result.items.map((i) => i.organisationId)),
        withCommissioned: result.withCommissioned,
      };
    };
    const icbView = await organisationsSeenBy(icb.id);
    assert.ok(icbView.ids.has(commissioned.id), 'the commissioned practice is included');
    assert.ok(!icbView.ids.has(other.id), 'a practice the ICB does not commission is not');
    assert.equal(icbView.withCommissioned, true);
    const practiceView = await organisationsSeenBy(commissioned.id);
    assert.deepEqual([...practiceView.ids], [commissioned.id]);
    assert.equal(practiceView.withCommissioned, false);

    const icbLead = await createUser(t.db, 'organisation-lead', icb.id);
    const page = await (
      await signInAsBrowser(t.app, icbLead.email, TEST_PASSWORD)
    ).get('/measures/safer-sleep');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /and the providers it commissions/);
    assert.match(page.body, new RegExp(commissioned.name));
    assert.doesNotMatch(page.body, new RegExp(other.name));
  });
});
