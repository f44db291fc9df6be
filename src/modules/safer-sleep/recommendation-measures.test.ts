import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { londonToday } from '../../platform/clock.ts';
import { buildTestApp, signInAsBrowser, type TestContext } from '../../../test/test-app.ts';
import {
  createOrganisation,
  createRecommendation,
  createReview,
  createUser,
  TEST_PASSWORD,
} from '../../../test/factories.ts';
import { actorIn, createFamily, validAssessment } from './safer-sleep.test-support.ts';

describe('recommendations linked to practice measures', () => {
  let t: TestContext;
  before(async () => {
    t = await buildTestApp();
  });
  after(() => t.close());

  it('lets the business unit link a measure, audited, and the review shows its latest figures', async () => {
    const trust = await createOrganisation(t.db, 'nhs-trust');
    const hv = await actorIn(t.db, 'practitioner', trust.id);
    const family = await createFamily(t.services, hv);
    // Six postnatal contacts this month: five with an assessment, three advising the father.
    for (let i = 0; i < 5; i++)
      await t.services.saferSleep.assess(
        hv,
        family.baby.id,
        validAssessment(family, {
          contactType: 'postnatal',
          contactDate: londonToday(),
          people: [
            { personId: family.mother.id, present: true, advised: true },
            { personId: family.father.id, present: true, advised: i < 3 },
          ],
        }),
      );
    await t.services.saferSleep.recordContact(hv, family.baby.id, {
      contactType: 'postnatal',
      contactDate: londonToday(),
    });

    const review = await createReview(t.db, { subjectRef: 'Baby Q' });
    const rec = await createRecommendation(t.db, review.id);
    const manager = await signInAsBrowser(
      t.app,
      (await createUser(t.db, 'business-unit')).email,
      TEST_PASSWORD,
    );
    const formUrl = `/recommendations/${rec.id}/measures`;
    const bad = await manager.post(formUrl, { measures: 'no-such-measure' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Select measures from the list/);
    const saved = await manager.post(formUrl, {
      measures: ['safer-sleep-postnatal', 'safer-sleep-father-advised'],
    });
    assert.equal(saved.statusCode, 302);

    const page = await manager.get(`/reviews/${review.id}`);
    assert.match(page.body, /Practice measures \(whole partnership\)/);
    assert.match(page.body, /Postnatal contacts with a safer-sleep assessment:\s*\w+ \d{4}: 5 of 6 \(83%\)/);
    assert.match(page.body, /father or partner was also advised:\s*\w+ \d{4}: 3 of 5 \(60%\)/);
    const audit = await t.db.query<{ after: string[] }>(
      `SELECT after FROM audit_events WHERE event = 'recommendation.measures-linked' AND subject_id = $1`,
      [rec.id],
    );
    assert.deepEqual(audit[0]?.after, ['safer-sleep-father-advised', 'safer-sleep-postnatal']);

    const lead = await signInAsBrowser(
      t.app,
      (await createUser(t.db, 'organisation-lead')).email,
      TEST_PASSWORD,
    );
    assert.equal((await lead.get(formUrl)).statusCode, 403);
    assert.equal((await manager.get('/recommendations/not-an-id/measures')).statusCode, 404);
  });
});
