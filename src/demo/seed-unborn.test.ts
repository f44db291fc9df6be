import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createServices } from '../composition.ts';
import { loadConfig } from '../config.ts';
import type { Db } from '../platform/db/index.ts';
import { isValidNhsNumber } from '../modules/people/index.ts';
import { demoActor } from '../../test/factories.ts';
import { createTestDb } from '../../test/test-db.ts';
import { seedDemo } from './index.ts';

describe('demo unborn referrals and bereavement', () => {
  let db: Db;
  before(async () => {
    db = await createTestDb();
    await seedDemo(db, 'demo-password-for-test');
  });
  after(() => db.close());

  it('gives the trust lead open referrals (one late, one overdue), a stillbirth with support, and a year for the measure', async () => {
    const services = createServices(db, loadConfig({ NODE_ENV: 'test' }));
    const actor = await demoActor(db, 'trust.lead@demo.lantern.test');
    const network = await services.unborn.network(actor);
    assert.equal(network.length, 4);
    assert.ok(network.some((r) => r.late));
    assert.ok(network.some((r) => r.overdue.length > 0));
    const nhs = await db.query<{ n: string }>(
      'SELECT nhs_number AS n FROM people WHERE nhs_number IS NOT NULL',
    );
    assert.ok(nhs.every((r) => r.n.startsWith('999') && isValidNhsNumber(r.n)));
    const butterfly = await db.query<{ consent: boolean }>(
      `SELECT f.consent FROM flags f JOIN people p ON p.id = f.person_id
        WHERE f.type_code = 'purple-butterfly' AND p.family_name = 'Ellery'`,
    );
    assert.deepEqual(butterfly, [{ consent: true }]);
    const support = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM family_loss_support');
    assert.equal(support[0]!.n, 3);
    const measure = await services.unborn.measure(actor, 12);
    assert.ok(measure.items.some((c) => !c.suppressed) && measure.items.some((c) => c.suppressed));
  });
});
