import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createServices } from '../composition.ts';
import { loadConfig } from '../config.ts';
import type { Db } from '../platform/db/index.ts';
import { demoActor } from '../../test/factories.ts';
import { createTestDb } from '../../test/test-db.ts';
import { seedDemo } from './index.ts';

describe('demo learning briefings', () => {
  let db: Db;
  before(async () => {
    db = await createTestDb();
    await seedDemo(db, 'demo-password-for-test');
  });
  after(() => db.close());

  const actor = (email: string) => demoActor(db, email);

  it('gives two published Baby T briefings with gaps in reach, and a draft only the business unit sees', async () => {
    const services = createServices(db, loadConfig({ NODE_ENV: 'test' }));
    const board = await actor('board@demo.lantern.test');
    const manager = await actor('manager@demo.lantern.test');
    const seen = await services.briefings.list(board, {});
    assert.equal(seen.total, 2);
    assert.equal((await services.briefings.list(manager, {})).total, 3);

    const safer = seen.items.find((b) => b.title === 'Safer sleep: learning from Baby T')!;
    const full = await services.briefings.get(board, safer.id);
    assert.equal(full.reviewRef, 'Baby T');
    assert.ok(
      full.reach.confirmed > 0 && full.reach.confirmed < full.reach.organisations,
      'some, not all, confirmed',
    );
    assert.ok(
      full.recipients.some((r) => r.organisationName === 'Oakfield Family Practice' && !r.confirmedAt),
    );
    assert.ok(
      full.recipients.some((r) => r.organisationName === 'Riverside Medical Centre' && r.confirmedByName),
    );
    assert.ok(full.reach.acknowledgements >= 10);
    assert.match(full.whatToDoDifferently, /both parents/);

    // The learning evidence on the safer-sleep recommendation (number 3 of the Baby T review).
    const [rec] = await db.query<{ id: string }>(
      `SELECT rc.id FROM recommendations rc JOIN reviews r ON r.id = rc.review_id WHERE r.subject_ref = 'Baby T' AND rc.number = 3`,
    );
    const evidence = await services.briefings.learningEvidence(board, rec!.id);
    assert.equal(evidence.length, 1);
    assert.match(evidence[0]!.detail, /^Shared by 5 of 10 organisations; \d+ staff have read it$/);

    // The health visitor has already read it; the GP lead of Riverside may still read the second one.
    const hv = await actor('hv@demo.lantern.test');
    assert.equal((await services.briefings.get(hv, safer.id)).acknowledgedByMe, true);
    const pdf = await services.briefings.pdf(board, safer.id);
    assert.equal(pdf.body.subarray(0, 5).toString('latin1'), '%PDF-');
  });
});
