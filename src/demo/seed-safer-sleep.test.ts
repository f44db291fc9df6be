import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createServices } from '../composition.ts';
import { loadConfig } from '../config.ts';
import type { Db } from '../platform/db/index.ts';
import { isValidNhsNumber } from '../modules/people/index.ts';
import { demoActor } from '../../test/factories.ts';
import { createTestDb } from '../../test/test-db.ts';
import { seedDemo } from './index.ts';
import { DEMO_SAFER_SLEEP_BABY_ID } from './seed-safer-sleep.ts';

describe('demo safer-sleep data', () => {
  let db: Db;
  before(async () => {
    db = await createTestDb();
    await seedDemo(db, 'demo-password-for-test');
  });
  after(() => db.close());

  const actor = (email: string) => demoActor(db, email);

  it('gives the health visitor a family with two assessments, the father advised at the new-birth visit', async () => {
    const services = createServices(db, loadConfig({ NODE_ENV: 'test' }));
    const hv = await actor('hv@demo.lantern.test');
    const { assessments } = await services.saferSleep.history(hv, DEMO_SAFER_SLEEP_BABY_ID);
    assert.deepEqual(
      assessments.map((a) => [a.contactType, a.practitionerName]),
      [
        ['new-birth', 'Jess Carter'],
        ['antenatal', 'Fiona Delaney'],
      ],
    );
    assert.ok(assessments[0]!.people.some((p) => p.relationship === 'father-or-partner' && p.advised));
    assert.ok(!assessments[1]!.people.some((p) => p.relationship === 'father-or-partner'));
    const numbers = await db.query<{ n: string }>(
      `SELECT nhs_number AS n FROM people WHERE family_id = (SELECT family_id FROM people WHERE id = $1)`,
      [DEMO_SAFER_SLEEP_BABY_ID],
    );
    assert.equal(numbers.length, 3);
    for (const { n } of numbers) assert.ok(n.startsWith('999') && isValidNhsNumber(n), n);
  });

  it('gives the measures twelve months across the acute trust, the community trust and a GP practice', async () => {
    const services = createServices(db, loadConfig({ NODE_ENV: 'test' }));
    const result = await services.saferSleepMeasures.byMonth(await actor('manager@demo.lantern.test'));
    assert.equal(new Set(result.items.map((i) => i.month)).size, 12);
    assert.deepEqual([...new Set(result.items.map((i) => i.organisationName))].sort(), [
      'Brookvale Community Health NHS Trust',
      'Brookvale Hospitals NHS Trust',
      'Riverside Medical Centre',
    ]);
    assert.ok(result.items.some((i) => i.antenatal.suppressed));
  });

  it('links Baby T’s safer-sleep recommendation to the measures', async () => {
    const rows = await db.query<{ code: string }>(
      `SELECT measure_code AS code FROM recommendation_measures ORDER BY 1`,
    );
    assert.deepEqual(
      rows.map((r) => r.code),
      ['safer-sleep-father-advised', 'safer-sleep-postnatal'],
    );
  });
});
