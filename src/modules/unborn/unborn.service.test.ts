import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createServices, type Services } from '../../composition.ts';
import { loadConfig } from '../../config.ts';
import { addDays, londonToday } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import type { Role } from '../../platform/http/current-user.ts';
import { createTestDb } from '../../../test/test-db.ts';
import { createActor, createOrganisation } from '../../../test/factories.ts';

describe('unborn baby pathway and bereavement', () => {
  let db: Db;
  let services: Services;
  before(async () => {
    db = await createTestDb();
    services = createServices(db, loadConfig({ NODE_ENV: 'test' }));
  });
  after(() => db.close());

  const actor = (role: Role, organisationId?: string) => createActor(db, role, organisationId);

  async function family(daysToGo = 180) {
    const org = await createOrganisation(db, 'nhs-trust');
    const midwife = await actor('practitioner', org.id);
    const mother = await services.people.create(midwife, {
      givenName: 'M',
      familyName: 'Pathway',
      relationship: 'mother',
    });
    const father = await services.people.create(midwife, {
      givenName: 'F',
      familyName: 'Pathway',
      relationship: 'father-or-partner',
      familyId: mother.familyId,
    });
    const sibling = await services.people.create(midwife, {
      givenName: 'S',
      familyName: 'Pathway',
      relationship: 'sibling',
      familyId: mother.familyId,
      dateOfBirth: '2021-03-01',
    });
    const baby = await services.people.create(midwife, {
      givenName: 'Baby',
      familyName: 'Pathway',
      expectedDeliveryDate: addDays(londonToday(), daysToGo),
      motherId: mother.id,
    });
    return { org, midwife, mother, father, sibling, baby };
  }

  const events = async (personId: string, like: string) =>
    (
      await db.query<{ event: string }>(
        `SELECT event FROM audit_events WHERE subject_id = $1 AND event LIKE $2 ORDER BY id`,
        [personId, like],
      )
    ).map((r) => r.event);

  it('refers with gestation worked out from the expected date, highlights a late one, and raises the flag with it', async () => {
    const { org, midwife, baby } = await family(150); // 280 - 150 = 130 days = 18+4
    const referral = await services.unborn.refer(midwife, baby.id, {
      referralDate: londonToday(),
      concerns: ['domestic-abuse'],
      referringOrganisationId: org.id,
      fatherOrPartner: 'F Pathway',
      bothParentsAssessed: true,
      raiseFlag: true,
    });
    assert.equal(referral.gestationDays, 130);
    assert.equal(referral.gestationText, '18 weeks and 4 days');
    assert.equal(referral.late, true);
    const shown = await services.flags.shownOn(midwife, baby.id);
    assert.deepEqual(
      shown.map((s) => s.type.code),
      ['unborn-baby-network'],
    );
    assert.deepEqual(await events(baby.id, 'unborn-referral.%'), ['unborn-referral.created']);
    assert.deepEqual(await events(baby.id, 'flag.%'), ['flag.raised']);
  });

  it('records nothing when the flag cannot be raised (one transaction), and refuses a second open referral', async () => {
    const { org, midwife, baby } = await family();
    await services.flags.raise(midwife, baby.id, { type: 'unborn-baby-network' });
    const input = {
      referralDate: londonToday(),
      concerns: ['young-parent'],
      referringOrganisationId: org.id,
      raiseFlag: true,
    };
    await assert.rejects(services.unborn.refer(midwife, baby.id, input), /validation/i);
    assert.equal((await services.unborn.forPerson(midwife, baby.id)).referrals.length, 0);
    await services.unborn.refer(midwife, baby.id, { ...input, raiseFlag: false });
    await assert.rejects(
      services.unborn.refer(midwife, baby.id, input),
      (e: { fields?: { message: string }[] }) =>
        /already has an open referral/.test(e.fields?.[0]?.message ?? ''),
    );
  });

  it('marks a milestone done (audited), refuses a stale version, and closes with a reason', async () => {
    const { org, midwife, baby } = await family();
    const r = await services.unborn.refer(midwife, baby.id, {
      referralDate: londonToday(),
      concerns: ['other'],
      concernOther: 'Housing',
      referringOrganisationId: org.id,
    });
    assert.equal(r.late, false);
    const done = await services.unborn.recordMilestone(midwife, baby.id, r.id, 'strategy-discussion', {
      doneDate: londonToday(),
      version: r.version,
    });
    assert.equal(done.milestones[0]!.status, 'done');
    await assert.rejects(
      services.unborn.recordMilestone(midwife, baby.id, r.id, 'birth-plan', {
        doneDate: londonToday(),
        version: r.version,
      }),
      /changed by someone else|conflict/i,
    );
    const skipped = await services.unborn.recordMilestone(midwife, baby.id, r.id, 'pre-birth-conference', {
      notNeededReason: 'Assessment found no need',
      version: done.version,
    });
    assert.equal(skipped.milestones[2]!.statusText, 'Not needed');
    await assert.rejects(
      services.unborn.close(midwife, baby.id, r.id, { outcome: 'moved-away', version: skipped.version }),
      /validation/i,
    );
    await services.unborn.close(midwife, baby.id, r.id, {
      outcome: 'moved-away',
      reason: 'To another area',
      version: skipped.version,
    });
    assert.deepEqual(await events(baby.id, 'unborn-referral.%'), [
      'unborn-referral.created',
      'unborn-referral.milestone-recorded',
      'unborn-referral.milestone-recorded',
      'unborn-referral.closed',
    ]);
  });

  it('keeps referrals need-to-know: uninvolved must break glass, the board sees nothing, the network lists only involved', async () => {
    const { org, midwife, baby } = await family();
    await services.unborn.refer(midwife, baby.id, {
      referralDate: londonToday(),
      concerns: ['young-parent'],
      referringOrganisationId: org.id,
    });
    const outsider = await actor('practitioner');
    await assert.rejects(
      services.unborn.forPerson(outsider, baby.id),
      (e: { statusCode?: number; breakGlass?: boolean }) => e.breakGlass === true,
    );
    await assert.rejects(services.unborn.forPerson(await actor('board-member'), baby.id), /not found/i);
    assert.ok(!(await services.unborn.network(outsider)).some((r) => r.personId === baby.id));
    assert.ok((await services.unborn.network(midwife)).some((r) => r.personId === baby.id));
    assert.equal((await services.unborn.network(await actor('business-unit'))).length, 0);
  });

  it('records a loss with support for each member, and the purple butterfly only with consent', async () => {
    const { midwife, mother, father, sibling } = await family();
    const input = {
      kind: 'stillbirth',
      lossDate: addDays(londonToday(), -700),
      babyName: 'Baby Rose',
      support: [
        { personId: mother.id, offered: ['bereavement-midwife', 'charity'], response: 'accepted' },
        { personId: father.id, offered: ['counselling'], response: 'declined' },
        { personId: sibling.id, offered: ['school-support'], response: 'not-yet' },
      ],
      laterPregnancyPlan: 'Early booking; named midwife',
      raiseFlag: true,
      flagOn: [father.id],
    };
    await assert.rejects(
      services.losses.record(midwife, mother.id, input),
      (e: { fields?: { path: string }[] }) => e.fields?.[0]?.path === 'consent',
    );
    assert.equal((await services.losses.forPerson(midwife, mother.id)).losses.length, 0);
    const loss = await services.losses.record(midwife, sibling.id, { ...input, consent: true });
    assert.deepEqual(
      loss.support.map((s) => [s.relationship, s.response]),
      [
        ['mother', 'accepted'],
        ['father-or-partner', 'declined'],
        ['sibling', 'not-yet'],
      ],
    );
    assert.deepEqual(
      (await services.flags.shownOn(midwife, mother.id)).map((s) => [s.type.code, s.flag.consent]),
      [['purple-butterfly', true]],
    );
    assert.equal((await services.flags.shownOn(midwife, father.id)).length, 1);
    assert.deepEqual(await events(sibling.id, 'loss.%'), ['loss.recorded']);
    await assert.rejects(services.losses.forPerson(await actor('board-member'), mother.id), /not found/i);
  });

  it('counts referrals on time by month and organisation', async () => {
    const { org, midwife } = await family();
    for (let i = 0; i < 5; i++) {
      const f = await family(i < 3 ? 200 : 100);
      await services.unborn.refer(f.midwife, f.baby.id, {
        referralDate: londonToday(),
        concerns: ['young-parent'],
        referringOrganisationId: org.id,
      });
    }
    const measure = await services.unborn.measure(midwife, 12);
    const cell = measure.items.find((c) => c.organisationId === org.id)!;
    assert.deepEqual([cell.referrals, cell.onTime, cell.percentOnTime], [5, 3, 60]);
  });
});
