import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createServices, type Services } from '../../composition.ts';
import { loadConfig } from '../../config.ts';
import type { Db } from '../../platform/db/index.ts';
import { ValidationFailed } from '../../platform/errors.ts';
import { createTestDb } from '../../../test/test-db.ts';
import { BreakGlassNeeded } from '../people/index.ts';
import { actorIn, createFamily, validAssessment } from './safer-sleep.test-support.ts';

const fieldsOf = (err: unknown) =>
  err instanceof ValidationFailed ? err.fields.map((f) => f.path).sort() : [];

describe('safer-sleep assessments', () => {
  let db: Db;
  let services: Services;
  before(async () => {
    db = await createTestDb();
    services = createServices(db, loadConfig({ NODE_ENV: 'test' }));
  });
  after(() => db.close());

  const auditEvents = (personId: string) =>
    db.query<{ event: string; details: Record<string, unknown> | null }>(
      `SELECT event, details FROM audit_events WHERE subject_type = 'person' AND subject_id = $1 ORDER BY id`,
      [personId],
    );

  it('records the assessment with its contact, each person separately, and audits it', async () => {
    const hv = await actorIn(db, 'practitioner');
    const family = await createFamily(services, hv);
    const saved = await services.saferSleep.assess(
      hv,
      family.baby.id,
      validAssessment(family, {
        people: [
          { personId: family.mother.id, present: true, advised: true },
          { personId: family.father.id, present: false, advised: true },
          { name: 'Gran Testfamily', relationship: 'carer', present: true, advised: false },
        ],
      }),
    );
    assert.equal(saved.contactType, 'new-birth');
    assert.equal(saved.organisationId, hv.organisationId);
    assert.equal(saved.practitionerId, hv.id);
    assert.deepEqual(
      saved.people.map((p) => [p.relationship, p.name, p.present, p.advised]),
      [
        ['mother', 'Maya Testfamily', true, true],
        ['father-or-partner', 'Dan Testfamily', false, true],
        ['carer', 'Gran Testfamily', true, false],
      ],
    );
    const contacts = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM contacts WHERE person_id = $1 AND id = $2',
      [family.baby.id, saved.contactId],
    );
    assert.equal(contacts[0]!.n, 1);
    const assessed = (await auditEvents(family.baby.id)).find((e) => e.event === 'safer-sleep.assessed');
    assert.equal(assessed?.details?.assessmentId, saved.id);
    assert.equal(assessed?.details?.riskLevel, 'low');
    assert.equal(saved.flagRaised, false);
  });

  it('names each bad field', async () => {
    const hv = await actorIn(db, 'practitioner');
    const family = await createFamily(services, hv);
    const schemaErrors = await services.saferSleep
      .assess(hv, family.baby.id, { contactDate: '2999-01-01' })
      .catch((e) => e);
    assert.deepEqual(fieldsOf(schemaErrors), ['contactDate', 'contactType', 'plan', 'riskLevel']);
    const ruleErrors = await services.saferSleep
      .assess(
        hv,
        family.baby.id,
        validAssessment(family, {
          factors: ['no-such-factor'],
          advice: [],
          people: [
            { personId: family.mother.id, present: true, advised: false },
            { name: 'Sam', present: true },
          ],
        }),
      )
      .catch((e) => e);
    assert.deepEqual(fieldsOf(ruleErrors), ['advice', 'factors', 'people', 'people.1.relationship']);
    assert.equal((await services.saferSleep.history(hv, family.baby.id)).assessments.length, 0);
  });

  it('raises the safer-sleep flag with a high-risk assessment, once, unless told not to', async () => {
    const hv = await actorIn(db, 'practitioner');
    const family = await createFamily(services, hv);
    const unticked = await services.saferSleep.assess(
      hv,
      family.baby.id,
      validAssessment(family, { riskLevel: 'high', raiseFlag: false }),
    );
    assert.equal(unticked.flagRaised, false);
    const high = await services.saferSleep.assess(
      hv,
      family.baby.id,
      validAssessment(family, { riskLevel: 'high' }),
    );
    assert.equal(high.flagRaised, true);
    const flags = await db.query<{ typeCode: string; note: string }>(
      `SELECT type_code AS "typeCode", note FROM flags WHERE person_id = $1 AND ended_at IS NULL`,
      [family.baby.id],
    );
    assert.deepEqual(
      flags.map((f) => f.typeCode),
      ['safer-sleep-risk'],
    );
    assert.match(flags[0]!.note, /High risk/);
    const again = await services.saferSleep.assess(
      hv,
      family.baby.id,
      validAssessment(family, { riskLevel: 'high' }),
    );
    assert.equal(again.flagRaised, false, 'the active flag is not raised twice');
    const events = (await auditEvents(family.baby.id)).map((e) => e.event);
    assert.equal(events.filter((e) => e === 'flag.raised').length, 1);
    assert.equal(events.filter((e) => e === 'safer-sleep.assessed').length, 3);
  });

  it('saves nothing when the flag cannot be raised: one transaction', async () => {
    const hv = await actorIn(db, 'practitioner');
    const family = await createFamily(services, hv);
    await db.query("UPDATE flag_types SET active = false WHERE code = 'safer-sleep-risk'");
    try {
      await assert.rejects(
        services.saferSleep.assess(hv, family.baby.id, validAssessment(family, { riskLevel: 'high' })),
        ValidationFailed,
      );
    } finally {
      await db.query("UPDATE flag_types SET active = true WHERE code = 'safer-sleep-risk'");
    }
    const rows = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM contacts WHERE person_id = $1',
      [family.baby.id],
    );
    assert.equal(rows[0]!.n, 0);
    assert.ok(!(await auditEvents(family.baby.id)).some((e) => e.event === 'safer-sleep.assessed'));
  });

  it('lists a baby’s assessments newest contact first, and audits the read', async () => {
    const hv = await actorIn(db, 'practitioner');
    const family = await createFamily(services, hv);
    for (const contactDate of ['2026-02-01', '2026-03-15', '2026-01-10'])
      await services.saferSleep.assess(hv, family.baby.id, validAssessment(family, { contactDate }));
    const { assessments, contacts } = await services.saferSleep.history(hv, family.baby.id);
    assert.deepEqual(
      assessments.map((a) => a.contactDate),
      ['2026-03-15', '2026-02-01', '2026-01-10'],
    );
    assert.equal(contacts.length, 3);
    assert.ok(
      (await auditEvents(family.baby.id)).some(
        (e) => e.event === 'person.viewed' && e.details?.what === 'safer-sleep assessments',
      ),
    );
  });

  it('keeps uninvolved staff out: break the glass first; board never; business unit only with access', async () => {
    const hv = await actorIn(db, 'practitioner');
    const family = await createFamily(services, hv);
    await services.saferSleep.assess(hv, family.baby.id, validAssessment(family));
    const outsider = await actorIn(db, 'practitioner');
    await assert.rejects(services.saferSleep.history(outsider, family.baby.id), BreakGlassNeeded);
    await assert.rejects(
      services.saferSleep.assess(outsider, family.baby.id, validAssessment(family)),
      BreakGlassNeeded,
    );
    const board = await actorIn(db, 'board-member');
    await assert.rejects(services.saferSleep.history(board, family.baby.id), /not found/);
    const businessUnit = await actorIn(db, 'business-unit');
    await assert.rejects(services.saferSleep.history(businessUnit, family.baby.id), /not found/);
    await db.query('UPDATE users SET family_records_access = true WHERE id = $1', [businessUnit.id]);
    assert.equal((await services.saferSleep.history(businessUnit, family.baby.id)).assessments.length, 1);
    await assert.rejects(
      services.saferSleep.assess(businessUnit, family.baby.id, validAssessment(family)),
      /Only practitioners and organisation leads/,
    );
  });

  it('records assessments on a baby’s record only', async () => {
    const hv = await actorIn(db, 'practitioner');
    const family = await createFamily(services, hv);
    await assert.rejects(
      services.saferSleep.assess(hv, family.mother.id, validAssessment(family)),
      /recorded on the baby’s record/,
    );
  });
});

describe('safer-sleep risk factors (business unit)', () => {
  let db: Db;
  let services: Services;
  before(async () => {
    db = await createTestDb();
    services = createServices(db, loadConfig({ NODE_ENV: 'test' }));
  });
  after(() => db.close());

  it('adds, renames, regroups and retires a factor, audited; a retired factor is no longer accepted', async () => {
    const manager = await actorIn(db, 'business-unit');
    const added = await services.saferSleepFactors.add(manager, {
      text: 'Baby sleeps in a car seat',
      group: 'situational',
    });
    assert.equal(added.code, 'baby-sleeps-in-a-car-seat');
    assert.ok((await services.saferSleep.activeFactors()).some((f) => f.code === added.code));
    const changed = await services.saferSleepFactors.change(manager, added.code, {
      text: 'Baby left to sleep in a car seat',
      group: 'predisposing',
      sortOrder: 5,
      active: false,
      version: added.version,
    });
    assert.equal(changed.text, 'Baby left to sleep in a car seat');
    assert.equal(changed.group, 'predisposing');
    assert.equal(changed.active, false);
    await assert.rejects(
      services.saferSleepFactors.change(manager, added.code, {
        text: 'Stale',
        group: changed.group,
        sortOrder: changed.sortOrder,
        active: true,
        version: added.version,
      }),
      /changed by someone else/,
    );
    const audit = await db.query<{ event: string }>(
      `SELECT event FROM audit_events WHERE subject_type = 'safer-sleep-factor' AND subject_id = $1 ORDER BY id`,
      [added.code],
    );
    assert.deepEqual(
      audit.map((a) => a.event),
      ['safer-sleep.factor-added', 'safer-sleep.factor-changed'],
    );
    const hv = await actorIn(db, 'practitioner');
    const family = await createFamily(services, hv);
    const err = await services.saferSleep
      .assess(hv, family.baby.id, validAssessment(family, { factors: [added.code] }))
      .catch((e) => e);
    assert.deepEqual(fieldsOf(err), ['factors']);
  });

  it('lets only the business unit change the list', async () => {
    const lead = await actorIn(db, 'organisation-lead');
    await assert.rejects(services.saferSleepFactors.list(lead), /Only the partnership business unit/);
    await assert.rejects(
      services.saferSleepFactors.add(lead, { text: 'X', group: 'situational' }),
      /Only the partnership/,
    );
  });

  it('refuses an empty factor or group by field', async () => {
    const manager = await actorIn(db, 'business-unit');
    const err = await services.saferSleepFactors.add(manager, {}).catch((e) => e);
    assert.deepEqual(fieldsOf(err), ['group', 'text']);
  });
});
