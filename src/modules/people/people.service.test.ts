import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createServices, type Services } from '../../composition.ts';
import { loadConfig } from '../../config.ts';
import { addDays, londonToday } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import type { Role } from '../../platform/http/current-user.ts';
import { createTestDb } from '../../../test/test-db.ts';
import { createActor, createOrganisation } from '../../../test/factories.ts';
import { BreakGlassNeeded } from './people.service.ts';

describe('people and need-to-know access', () => {
  let db: Db;
  let services: Services;
  before(async () => {
    db = await createTestDb();
    services = createServices(db, loadConfig({ NODE_ENV: 'test' }));
  });
  after(() => db.close());

  const actor = (role: Role, organisationId?: string) => createActor(db, role, organisationId);

  async function audited(personId: string) {
    return db.query<{ event: string; actor: string }>(
      `SELECT event, actor_user_id AS actor FROM audit_events WHERE subject_type = 'person' AND subject_id = $1 ORDER BY at, id`,
      [personId],
    );
  }

  it('records a mother and her unborn baby in one family, involving the recording organisation', async () => {
    const trust = await createOrganisation(db, 'nhs-trust');
    const midwife = await actor('practitioner', trust.id);
    const mother = await services.people.create(midwife, {
      nhsNumber: '943 476 5919',
      givenName: 'Amira',
      familyName: 'Testperson',
      dateOfBirth: '1998-04-02',
      relationship: 'mother',
    });
    assert.equal(mother.nhsNumber, '9434765919');
    const unborn = await services.people.create(midwife, {
      givenName: 'Baby',
      familyName: 'Testperson',
      expectedDeliveryDate: addDays(londonToday(), 120),
      motherId: mother.id,
    });
    assert.equal(unborn.familyId, mother.familyId);
    assert.equal(unborn.relationship, 'baby');
    assert.equal(unborn.motherId, mother.id);
    assert.equal((await services.people.readable(midwife, unborn.id)).id, unborn.id);
    assert.ok((await audited(unborn.id)).some((a) => a.event === 'person.viewed' && a.actor === midwife.id));
  });

  it('refuses a wrong NHS check digit, a duplicate NHS number, and an unborn baby without a mother', async () => {
    const midwife = await actor('practitioner');
    await assert.rejects(
      services.people.create(midwife, { nhsNumber: '9434765918', givenName: 'A', familyName: 'B' }),
      (err: { fields?: { path: string }[] }) => err.fields?.[0]?.path === 'nhsNumber',
    );
    await services.people.create(midwife, { nhsNumber: '4010232137', givenName: 'A', familyName: 'B' });
    await assert.rejects(
      services.people.create(midwife, { nhsNumber: '401 023 2137', givenName: 'C', familyName: 'D' }),
      /already recorded|validation/i,
    );
    await assert.rejects(
      services.people.create(midwife, {
        givenName: 'Baby',
        familyName: 'B',
        expectedDeliveryDate: addDays(londonToday(), 100),
      }),
      (err: { fields?: { path: string }[] }) => err.fields?.some((f) => f.path === 'motherId') ?? false,
    );
  });

  it('asks an uninvolved practitioner for a reason, then opens the record, audits it and tells the involved leads', async () => {
    const trust = await createOrganisation(db, 'nhs-trust');
    const midwife = await actor('practitioner', trust.id);
    const trustLead = await actor('organisation-lead', trust.id);
    const mother = await services.people.create(midwife, {
      givenName: 'Jo',
      familyName: 'Example',
      relationship: 'mother',
    });
    const outsider = await actor('practitioner');
    await assert.rejects(services.people.readable(outsider, mother.id), BreakGlassNeeded);
    await assert.rejects(services.people.breakGlass(outsider, mother.id, { reason: 'short' }), /reason/);
    await services.people.breakGlass(outsider, mother.id, {
      reason: 'Attending the emergency department with the baby tonight',
    });
    assert.equal((await services.people.readable(outsider, mother.id)).id, mother.id);
    const events = (await audited(mother.id)).map((a) => a.event);
    assert.ok(events.includes('person.break-glass'));
    const told = await db.query<{ kind: string }>('SELECT kind FROM notifications WHERE user_id = $1', [
      trustLead.id,
    ]);
    assert.deepEqual(
      told.map((n) => n.kind),
      ['record-opened'],
    );
  });

  it('shows board members and reviewers nothing, and the business unit only with family-records access', async () => {
    const midwife = await actor('practitioner');
    const person = await services.people.create(midwife, { givenName: 'Sam', familyName: 'Sample' });
    for (const role of ['board-member', 'reviewer', 'business-unit'] as const) {
      await assert.rejects(services.people.readable(await actor(role), person.id), /not found/, role);
    }
    const manager = await actor('business-unit');
    await db.query('UPDATE users SET family_records_access = true WHERE id = $1', [manager.id]);
    assert.equal((await services.people.readable(manager, person.id)).id, person.id);
  });

  it('lists a record’s recent accesses, newest first', async () => {
    const midwife = await actor('practitioner');
    const person = await services.people.create(midwife, { givenName: 'Lee', familyName: 'Sample' });
    await services.people.readable(midwife, person.id);
    const accesses = await services.people.recentAccesses(midwife, person.id);
    assert.ok(accesses.length >= 2);
    assert.equal(accesses[0]!.userName.length > 0, true);
  });

  it('lets someone working with the family add another organisation, whose staff then see it; audited', async () => {
    const trust = await createOrganisation(db, 'nhs-trust');
    const community = await createOrganisation(db, 'nhs-trust');
    const midwife = await actor('practitioner', trust.id);
    const healthVisitor = await actor('practitioner', community.id);
    const mother = await services.people.create(midwife, {
      givenName: 'Kay',
      familyName: 'Handover',
      relationship: 'mother',
    });
    await assert.rejects(services.people.readable(healthVisitor, mother.id), BreakGlassNeeded);
    await assert.rejects(
      services.people.addOrganisation(healthVisitor, mother.id, { organisationId: community.id }),
      BreakGlassNeeded,
      'someone not involved cannot involve themselves',
    );
    await assert.rejects(
      services.people.addOrganisation(midwife, mother.id, { organisationId: 'not-an-id' }),
      (err: { fields?: { path: string }[] }) => err.fields?.[0]?.path === 'organisationId',
    );
    await services.people.addOrganisation(midwife, mother.id, { organisationId: community.id });
    assert.equal((await services.people.readable(healthVisitor, mother.id)).id, mother.id);
    assert.ok((await audited(mother.id)).some((a) => a.event === 'person.organisation-added'));
    await assert.rejects(
      services.people.addOrganisation(await actor('board-member'), mother.id, {
        organisationId: community.id,
      }),
      /not found/,
    );
  });
});
