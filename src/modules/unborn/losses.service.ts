import { z } from 'zod';
import type { Db } from '../../platform/db/index.ts';
import { Forbidden, ValidationFailed } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { parseOrThrow } from '../../platform/http/forms.ts';
import { pastDate } from '../../platform/schema.ts';
import { auditActorOf, type AuditRepository } from '../audit/index.ts';
import type { FlagsService, PeopleService, Person } from '../people/index.ts';
import type { LossesRepository, LossRow, SupportRow } from './losses.repository.ts';

export const LOSS_KINDS = {
  miscarriage: 'Miscarriage',
  'termination-for-fetal-anomaly': 'Termination for fetal anomaly',
  stillbirth: 'Stillbirth',
  'neonatal-death': 'Neonatal death',
  'death-of-a-multiple': 'Death of a twin or other baby of a multiple birth',
  sudi: 'Sudden unexpected death in infancy',
} as const;

export const SUPPORT_KINDS = {
  'bereavement-midwife': 'Bereavement midwife',
  counselling: 'Counselling',
  charity: 'Sands, the Lullaby Trust or Child Bereavement UK',
  'gp-follow-up': 'GP follow-up',
  'school-support': 'Support at school (for a sibling)',
} as const;

export const SUPPORT_RESPONSES = {
  accepted: 'Accepted',
  declined: 'Declined',
  'not-yet': 'Not yet answered',
} as const;

const bool = z.preprocess((v) => v === true || v === 'yes' || v === 'true', z.boolean());

const LossSchema = z.object({
  kind: z.enum(Object.keys(LOSS_KINDS) as [string, ...string[]], { error: 'Select what happened' }),
  lossDate: pastDate('the date of the loss'),
  babyPersonId: z.string().uuid('Select the baby from the family').optional(),
  babyName: z.string().trim().max(100, 'The name must be 100 characters or fewer').optional(),
  laterPregnancyPlan: z.string().trim().max(2_000, 'The plan must be 2,000 characters or fewer').optional(),
  support: z
    .array(
      z.object({
        personId: z.string().uuid('Select a family member'),
        offered: z.array(z.enum(Object.keys(SUPPORT_KINDS) as [string, ...string[]])).default([]),
        response: z.enum(['accepted', 'declined', 'not-yet']).default('not-yet'),
      }),
    )
    .default([]),
  raiseFlag: bool.optional(),
  consent: bool.optional(),
  flagOn: z.array(z.string().uuid('Select family members from the list')).default([]),
});

export interface Loss extends LossRow {
  kindText: string;
  support: SupportRow[];
}

interface Deps {
  db: Db;
  losses: LossesRepository;
  audit: AuditRepository;
  people: Pick<PeopleService, 'readable' | 'familyOf'>;
  flags: Pick<FlagsService, 'raise'>;
}

/** The mother of the family: the person herself, the baby's mother, or the family's mother. */
const motherIn = (person: Person, family: Person[]) =>
  person.relationship === 'mother'
    ? person
    : (family.find((p) => p.id === person.motherId) ?? family.find((p) => p.relationship === 'mother'));

export function createLossesService({ db, losses, audit, people, flags }: Deps) {
  async function withSupport(rows: LossRow[]): Promise<Loss[]> {
    const support = await losses.support(
      db,
      rows.map((r) => r.id),
    );
    return rows.map((r) => ({
      ...r,
      kindText: LOSS_KINDS[r.kind as keyof typeof LOSS_KINDS] ?? r.kind,
      support: support.filter((s) => s.lossId === r.id),
    }));
  }

  return {
    /** The family's losses, newest first, with the support offered to each member. Audited read. */
    async forPerson(actor: Actor, personId: string) {
      const person = await people.readable(actor, personId, 'bereavement');
      const family = await people.familyOf(actor, personId);
      return {
        person,
        family,
        mother: motherIn(person, family),
        losses: await withSupport(await losses.forFamily(db, person.familyId)),
      };
    },

    /** The family's losses for the person page, which has already read (and audited) the record. */
    async onRecord(person: { familyId: string }) {
      return withSupport(await losses.forFamily(db, person.familyId));
    },

    /**
     * Records a loss with the support offered to each family member. Raising the purple butterfly
     * (on the mother and any members chosen) needs the family's consent; it is raised in the same
     * transaction, so a refused flag records nothing.
     */
    async record(actor: Actor, personId: string, input: unknown): Promise<Loss> {
      const person = await people.readable(actor, personId, 'bereavement');
      if (actor.role !== 'practitioner' && actor.role !== 'organisation-lead')
        throw new Forbidden('Only practitioners and organisation leads record a loss');
      const family = await people.familyOf(actor, personId);
      const data = parseOrThrow(LossSchema, input);
      const inFamily = (id: string) => family.some((p) => p.id === id);
      const errors: { path: string; message: string }[] = [];
      if (data.babyPersonId && !inFamily(data.babyPersonId))
        errors.push({ path: 'babyPersonId', message: 'Select the baby from the family' });
      if (data.support.some((s) => !inFamily(s.personId)))
        errors.push({ path: 'support', message: 'Support can be recorded only for members of this family' });
      if (data.raiseFlag && !data.consent)
        errors.push({
          path: 'consent',
          message: 'Record that the family agreed to the purple butterfly, or do not raise it',
        });
      if (data.flagOn.some((id) => !inFamily(id)))
        errors.push({ path: 'flagOn', message: 'Select family members from the list' });
      if (errors.length) throw new ValidationFailed(errors);
      const mother = motherIn(person, family);
      const flagged = data.raiseFlag ? [...new Set([...(mother ? [mother.id] : []), ...data.flagOn])] : [];

      const id = await db.transaction(async (tx) => {
        const lossId = await losses.insert(tx, {
          familyId: person.familyId,
          kind: data.kind,
          lossDate: data.lossDate,
          babyPersonId: data.babyPersonId ?? null,
          babyName: data.babyPersonId ? '' : data.babyName || 'Baby',
          laterPregnancyPlan: data.laterPregnancyPlan ?? '',
          userId: actor.id,
          organisationId: actor.organisationId,
        });
        for (const s of data.support) await losses.insertSupport(tx, { lossId, ...s });
        await audit.insert(tx, auditActorOf(actor), {
          event: 'loss.recorded',
          subjectType: 'person',
          subjectId: personId,
          after: {
            lossId,
            kind: data.kind,
            lossDate: data.lossDate,
            supportFor: data.support.map((s) => s.personId),
          },
        });
        for (const flagPerson of flagged)
          await flags.raise(
            actor,
            flagPerson,
            {
              type: 'purple-butterfly',
              consent: true,
              note: `${LOSS_KINDS[data.kind as keyof typeof LOSS_KINDS]} recorded ${data.lossDate}`,
            },
            tx,
          );
        return lossId;
      });
      const rows = await losses.forFamily(db, person.familyId);
      return (await withSupport(rows.filter((r) => r.id === id)))[0]!;
    },
  };
}
export type LossesService = ReturnType<typeof createLossesService>;
