import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createServices, type Services } from '../../composition.ts';
import { loadConfig } from '../../config.ts';
import { addDays, londonToday } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import { createTestDb } from '../../../test/test-db.ts';
import { firstDayOf, share } from './measures.ts';
import { actorIn, createFamily } from './safer-sleep.test-support.ts';

describe('safer-sleep measure arithmetic', () => {
  it('gives whole percentages and hides totals under 5', () => {
    assert.deepEqual(share(7, 10), { count: 7, total: 10, percent: 70, suppressed: false });
    assert.deepEqual(share(3, 7), { count: 3, total: 7, percent: 43, suppressed: false });
    assert.deepEqual(share(0, 5), { count: 0, total: 5, percent: 0, suppressed: false });
    assert.deepEqual(share(4, 4), { count: null, total: null, percent: null, suppressed: true });
  });

  it('counts back whole months, across a year end', () => {
    assert.equal(firstDayOf(12, '2026-11-26'), '2025-12-01');
    assert.equal(firstDayOf(1, '2026-01-31'), '2026-01-01');
    assert.equal(firstDayOf(3, '2026-02-10'), '2025-12-01');
  });
});

describe('safer-sleep measures by month and organisation', () => {
  let db: Db;
  let services: Services;
  before(async () => {
    db = await createTestDb();
    services = createServices(db, loadConfig({ NODE_ENV: 'test' }));
  });
  after(() => db.close());

  /** `n` contacts of a type on a date; the first `assessed` with an assessment, the first `fathers` of those advising a father. */
  async function contacts(
    baby: { id: string },
    practitioner: { id: string; organisationId: string },
    o: { type: string; date: string; n: number; assessed?: number; fathers?: number },
  ) {
    for (let i = 0; i < o.n; i++) {
      const [c] = await db.query<{ id: string }>(
        `INSERT INTO contacts (person_id, organisation_id, practitioner_id, contact_date, contact_type)
         VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [baby.id, practitioner.organisationId, practitioner.id, o.date, o.type],
      );
      if (i >= (o.assessed ?? 0)) continue;
      const [a] = await db.query<{ id: string }>(
        `INSERT INTO safer_sleep_assessments (person_id, contact_id, risk_level, plan, recorded_by)
         VALUES ($1, $2, 'low', 'Plan', $3) RETURNING id`,
        [baby.id, c!.id, practitioner.id],
      );
      await db.query(
        `INSERT INTO safer_sleep_assessment_people (assessment_id, position, name, relationship, present, advised)
         VALUES ($1, 0, 'Mum', 'mother', true, true), ($1, 1, 'Partner', 'father-or-partner', true, $2)`,
        [a!.id, i < (o.fathers ?? 0)],
      );
    }
  }

  it('gives exact shares per organisation and month, hides small numbers, and leaves out older months', async () => {
    const midwife = await actorIn(db, 'practitioner');
    const hv = await actorIn(db, 'practitioner');
    const family = await createFamily(services, midwife);
    const today = londonToday();
    await contacts(family.baby, midwife, { type: 'antenatal', date: today, n: 10, assessed: 7, fathers: 3 });
    await contacts(family.baby, midwife, { type: 'postnatal', date: today, n: 4, assessed: 4 });
    await contacts(family.baby, midwife, { type: 'other', date: today, n: 3, assessed: 0 });
    await contacts(family.baby, hv, { type: 'new-birth', date: today, n: 3, assessed: 2, fathers: 2 });
    await contacts(family.baby, hv, { type: 'postnatal', date: today, n: 3, assessed: 3, fathers: 1 });
    await contacts(family.baby, hv, { type: 'postnatal', date: addDays(today, -400), n: 9, assessed: 9 });

    const manager = await actorIn(db, 'business-unit');
    const result = await services.saferSleepMeasures.byMonth(manager, { months: 12 });
    const row = (orgId: string) => result.items.find((i) => i.organisationId === orgId);
    const trust = row(midwife.organisationId)!;
    assert.equal(trust.month, today.slice(0, 7));
    assert.deepEqual(trust.antenatal, { count: 7, total: 10, percent: 70, suppressed: false });
    assert.equal(trust.postnatal.suppressed, true, '4 postnatal contacts are fewer than 5');
    // 11 assessments (7 antenatal, 4 postnatal), 3 with a father or partner advised.
    assert.deepEqual(trust.fatherOrPartnerAdvised, { count: 3, total: 11, percent: 27, suppressed: false });
    const community = row(hv.organisationId)!;
    assert.equal(community.antenatal.suppressed, true);
    assert.deepEqual(community.postnatal, { count: 5, total: 6, percent: 83, suppressed: false });
    assert.deepEqual(community.fatherOrPartnerAdvised, {
      count: 3,
      total: 5,
      percent: 60,
      suppressed: false,
    });
    assert.equal(
      result.items.filter((i) => i.organisationId === hv.organisationId).length,
      1,
      'the older month is out',
    );

    const board = await actorIn(db, 'board-member');
    assert.equal((await services.saferSleepMeasures.byMonth(board)).items.length, result.items.length);
    const lead = await actorIn(db, 'organisation-lead', hv.organisationId);
    const own = await services.saferSleepMeasures.byMonth(lead, { months: 24 });
    assert.deepEqual([...new Set(own.items.map((i) => i.organisationId))], [hv.organisationId]);
    assert.equal(own.items.length, 2);
    await assert.rejects(
      services.saferSleepMeasures.byMonth(hv),
      /for the business unit, the board and organisation leads/,
    );
  });
});
