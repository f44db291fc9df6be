import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createServices, type Services } from '../../composition.ts';
import { loadConfig } from '../../config.ts';
import { addDays, londonToday } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import type { Role } from '../../platform/http/current-user.ts';
import { createTestDb } from '../../../test/test-db.ts';
import { createActor, createOrganisation } from '../../../test/factories.ts';

describe('record flags', () => {
  let db: Db;
  let services: Services;
  before(async () => {
    db = await createTestDb();
    services = createServices(db, loadConfig({ NODE_ENV: 'test' }));
  });
  after(() => db.close());

  const actor = (role: Role, organisationId?: string) => createActor(db, role, organisationId);

  async function family() {
    const org = await createOrganisation(db, 'nhs-trust');
    const midwife = await actor('practitioner', org.id);
    const mother = await services.people.create(midwife, {
      givenName: 'M',
      familyName: 'Flagtest',
      relationship: 'mother',
    });
    const baby = await services.people.create(midwife, {
      givenName: 'Baby',
      familyName: 'Flagtest',
      expectedDeliveryDate: addDays(londonToday(), 90),
      motherId: mother.id,
    });
    return { org, midwife, mother, baby };
  }

  it('raises a purple butterfly on the mother only with the family’s consent, and shows it on her unborn baby', async () => {
    const { midwife, mother, baby } = await family();
    await assert.rejects(
      services.flags.raise(midwife, mother.id, { type: 'purple-butterfly' }),
      (err: { fields?: { path: string }[] }) => err.fields?.[0]?.path === 'consent',
    );
    await services.flags.raise(midwife, mother.id, {
      type: 'purple-butterfly',
      consent: true,
      note: 'Stillbirth 2024',
    });
    const onBaby = await services.flags.shownOn(midwife, baby.id);
    assert.deepEqual(
      onBaby.map((f) => [f.type.code, f.flag.onMother]),
      [['purple-butterfly', true]],
    );
    const audit = await db.query<{ event: string }>(
      `SELECT event FROM audit_events WHERE subject_type = 'person' AND subject_id = $1 AND event LIKE 'flag.%'`,
      [mother.id],
    );
    assert.deepEqual(
      audit.map((a) => a.event),
      ['flag.raised'],
    );
  });

  it('keeps one active flag of a type, lets only the named roles raise it, and ends it with a reason', async () => {
    const { org, midwife, baby } = await family();
    const flag = await services.flags.raise(midwife, baby.id, { type: 'safer-sleep-risk' });
    await assert.rejects(
      services.flags.raise(midwife, baby.id, { type: 'safer-sleep-risk' }),
      /validation|already/i,
    );
    await assert.rejects(
      services.flags.raise(midwife, baby.id, { type: 'child-protection-plan' }),
      /cannot raise/,
    );
    const lead = await actor('organisation-lead', org.id);
    await services.flags.raise(lead, baby.id, { type: 'child-protection-plan' });
    await assert.rejects(
      services.flags.end(midwife, flag.id, { reason: 'Moved', version: 99 }),
      /changed by someone else/,
    );
    const ended = await services.flags.end(midwife, flag.id, {
      reason: 'Cot in use; advice taken',
      version: flag.version,
    });
    assert.ok(ended.endedAt);
    // Safer-sleep flags stay visible for 30 days after they end.
    const shown = await services.flags.shownOn(midwife, baby.id);
    assert.ok(shown.some((s) => s.flag.id === flag.id && s.flag.endedAt));
  });

  it('shows nothing to someone who may not see the record', async () => {
    const { baby } = await family();
    await assert.rejects(services.flags.shownOn(await actor('board-member'), baby.id), /not found/);
  });
});
