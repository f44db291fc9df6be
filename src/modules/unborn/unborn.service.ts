import { z } from 'zod';
import { londonToday } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { parseOrThrow } from '../../platform/http/forms.ts';
import { isUuid, pastDate } from '../../platform/schema.ts';
import { auditActorOf, type AuditRepository } from '../audit/index.ts';
import type { ClocksService, Policy } from '../clocks/index.ts';
import type { FlagsService, PeopleService } from '../people/index.ts';
import {
  CLOSE_OUTCOMES,
  CONCERNS,
  gestationInWords,
  gestationOn,
  isLate,
  MILESTONE_KEYS,
  milestonesFor,
  type Milestone,
} from './pathway.ts';
import type { ReferralRow, UnbornRepository } from './unborn.repository.ts';

interface Deps {
  db: Db;
  unborn: UnbornRepository;
  audit: AuditRepository;
  people: Pick<PeopleService, 'readable' | 'accessFor'>;
  flags: Pick<FlagsService, 'raise'>;
  clocks: Pick<ClocksService, 'current'>;
  organisationExists(id: string): Promise<boolean>;
}

export interface Referral extends ReferralRow {
  late: boolean;
  gestationText: string;
  milestones: Milestone[];
  overdue: Milestone[];
}

const bool = z.preprocess((v) => v === true || v === 'yes' || v === 'true', z.boolean());
const wholeNumber = (label: string, max: number) =>
  z.coerce
    .number({ error: `${label} must be a number` })
    .int(`${label} must be a whole number`)
    .min(0, `${label} must be 0 or more`)
    .max(max, `${label} must be ${max} or fewer`);

const ReferralSchema = z.object({
  referralDate: pastDate('the referral date'),
  gestationWeeks: wholeNumber('Weeks of pregnancy', 44).optional(),
  gestationDays: wholeNumber('Days', 6).optional(),
  concerns: z
    .array(z.enum(Object.keys(CONCERNS) as [string, ...string[]], { error: 'Select concerns from the list' }))
    .min(1, 'Select at least one concern'),
  concernOther: z.string().trim().max(1_000, 'Describe the concern in 1,000 characters or fewer').optional(),
  referringOrganisationId: z
    .string({ error: 'Select the referring organisation' })
    .uuid('Select the referring organisation'),
  fatherOrPartner: z.string().trim().max(200, 'The name must be 200 characters or fewer').optional(),
  bothParentsAssessed: bool.optional(),
  raiseFlag: bool.optional(),
});

const MilestoneSchema = z.object({
  doneDate: pastDate('the date it was done').optional(),
  notNeededReason: z.string().trim().max(1_000, 'The reason must be 1,000 characters or fewer').optional(),
  version: z.coerce.number({ error: 'The form is out of date: reload the page' }).int(),
});

const CloseSchema = z.object({
  outcome: z.enum(Object.keys(CLOSE_OUTCOMES) as [string, ...string[]], {
    error: 'Select why the referral is closing',
  }),
  reason: z.string().trim().max(1_000, 'The reason must be 1,000 characters or fewer').optional(),
  version: z.coerce.number({ error: 'The form is out of date: reload the page' }).int(),
});

/** Only people who work with families refer or record; the business unit oversees. */
const assertFrontLine = (actor: Actor) => {
  if (actor.role !== 'practitioner' && actor.role !== 'organisation-lead')
    throw new Forbidden('Only practitioners and organisation leads record the unborn baby pathway');
};

export function createUnbornService({ db, unborn, audit, people, flags, clocks, organisationExists }: Deps) {
  async function withMilestones(rows: ReferralRow[]): Promise<Referral[]> {
    const [{ policy, calendar }, records] = await Promise.all([
      clocks.current(),
      unborn.milestones(
        db,
        rows.map((r) => r.id),
      ),
    ]);
    const today = londonToday();
    return rows.map((r) => {
      const milestones = milestonesFor(
        r,
        records.filter((m) => m.referralId === r.id),
        policy,
        calendar,
        today,
      );
      return {
        ...r,
        late: isLate(r.gestationDays, policy),
        gestationText: gestationInWords(r.gestationDays),
        milestones,
        overdue: r.closedAt ? [] : milestones.filter((m) => m.status === 'overdue'),
      };
    });
  }

  async function referralOf(actor: Actor, personId: string, referralId: string, what: string) {
    await people.readable(actor, personId, what);
    const row = isUuid(referralId) ? await unborn.find(db, referralId) : undefined;
    if (!row || row.personId !== personId) throw new NotFound('Referral');
    return row;
  }

  return {
    policy: async (): Promise<Policy> => (await clocks.current()).policy,

    /** The unborn baby's record and its referrals (the open one first). A read of the record: audited. */
    async forPerson(actor: Actor, personId: string) {
      const person = await people.readable(actor, personId, 'unborn referral');
      return { person, referrals: await withMilestones(await unborn.forPerson(db, personId)) };
    },

    /** The open referral for the person page, which has already read (and audited) the record. */
    async openReferralOnRecord(person: { id: string }): Promise<Referral | undefined> {
      const referrals = await withMilestones(await unborn.forPerson(db, person.id));
      return referrals.find((r) => !r.closedAt);
    },

    /**
     * Refers an unborn baby to the network. Gestation at referral comes from the expected date of
     * delivery unless the referrer gives it. Offers the network flag, raised in the same transaction.
     */
    async refer(actor: Actor, personId: string, input: unknown): Promise<Referral> {
      const person = await people.readable(actor, personId, 'unborn referral');
      assertFrontLine(actor);
      const data = parseOrThrow(ReferralSchema, input);
      const edd = person.expectedDeliveryDate;
      if (!edd || !person.motherId || person.dateOfBirth)
        throw new ValidationFailed([
          { path: 'referralDate', message: 'Only an unborn baby linked to its mother can be referred' },
        ]);
      const errors: { path: string; message: string }[] = [];
      if (data.referralDate > edd)
        errors.push({
          path: 'referralDate',
          message: 'The referral date must be before the expected date of delivery',
        });
      if (data.concerns.includes('other') && !data.concernOther)
        errors.push({ path: 'concernOther', message: 'Describe the other concern' });
      if (!(await organisationExists(data.referringOrganisationId)))
        errors.push({ path: 'referringOrganisationId', message: 'Select the referring organisation' });
      if (errors.length) throw new ValidationFailed(errors);
      const overridden = data.gestationWeeks !== undefined;
      const gestationDays = overridden
        ? data.gestationWeeks! * 7 + (data.gestationDays ?? 0)
        : gestationOn(edd, data.referralDate);
      if (gestationDays < 0 || gestationDays > 308)
        throw new ValidationFailed([
          {
            path: 'referralDate',
            message: 'The referral date and expected date of delivery do not fit a pregnancy',
          },
        ]);

      const id = await db.transaction(async (tx) => {
        const newId = await unborn.insertReferral(tx, {
          personId,
          referralDate: data.referralDate,
          gestationDays,
          gestationOverridden: overridden,
          concerns: data.concerns,
          concernOther: data.concerns.includes('other') ? (data.concernOther ?? '') : '',
          referrerId: actor.id,
          referringOrganisationId: data.referringOrganisationId,
          fatherOrPartner: data.fatherOrPartner ?? '',
          bothParentsAssessed: data.bothParentsAssessed ?? false,
        });
        if (!newId)
          throw new ValidationFailed([
            { path: 'referralDate', message: 'This unborn baby already has an open referral' },
          ]);
        await audit.insert(tx, auditActorOf(actor), {
          event: 'unborn-referral.created',
          subjectType: 'person',
          subjectId: personId,
          after: {
            referralId: newId,
            referralDate: data.referralDate,
            gestationDays,
            concerns: data.concerns,
          },
        });
        if (data.raiseFlag)
          await flags.raise(
            actor,
            personId,
            { type: 'unborn-baby-network', note: 'Referred to the Unborn Baby Network' },
            tx,
          );
        return newId;
      });
      return (await withMilestones([(await unborn.find(db, id))!]))[0]!;
    },

    /** Marks a milestone done on a date, or not needed with a reason. Audited; stale version → 409. */
    async recordMilestone(actor: Actor, personId: string, referralId: string, key: string, input: unknown) {
      const row = await referralOf(actor, personId, referralId, 'unborn referral');
      const sent = Number((input as { version?: unknown } | null)?.version);
      if (sent !== row.version) throw new Conflict();
      assertFrontLine(actor);
      if (!(MILESTONE_KEYS as string[]).includes(key)) throw new NotFound('Milestone');
      const data = parseOrThrow(MilestoneSchema, input);
      if (!data.doneDate === !data.notNeededReason)
        throw new ValidationFailed([
          { path: 'doneDate', message: 'Enter the date it was done, or say why it is not needed' },
        ]);
      await db.transaction(async (tx) => {
        if (!(await unborn.bump(tx, referralId, data.version))) throw new Conflict();
        await unborn.recordMilestone(tx, {
          referralId,
          milestone: key,
          doneDate: data.doneDate ?? null,
          notNeededReason: data.doneDate ? '' : data.notNeededReason!,
          userId: actor.id,
        });
        await audit.insert(tx, auditActorOf(actor), {
          event: 'unborn-referral.milestone-recorded',
          subjectType: 'person',
          subjectId: personId,
          details: {
            referralId,
            milestone: key,
            doneDate: data.doneDate ?? null,
            notNeededReason: data.notNeededReason ?? null,
          },
        });
      });
      return (await withMilestones([(await unborn.find(db, referralId))!]))[0]!;
    },

    /** Closes a referral (born with a discharge plan, moved away, no longer needed). Audited. */
    async close(actor: Actor, personId: string, referralId: string, input: unknown) {
      const row = await referralOf(actor, personId, referralId, 'unborn referral');
      const sent = Number((input as { version?: unknown } | null)?.version);
      if (sent !== row.version) throw new Conflict();
      assertFrontLine(actor);
      const data = parseOrThrow(CloseSchema, input);
      if (data.outcome !== 'born-with-discharge-plan' && !data.reason)
        throw new ValidationFailed([{ path: 'reason', message: 'Say why the referral is closing' }]);
      await db.transaction(async (tx) => {
        if (!(await unborn.bump(tx, referralId, data.version))) throw new Conflict();
        await unborn.close(tx, referralId, data.outcome, data.reason ?? '');
        await audit.insert(tx, auditActorOf(actor), {
          event: 'unborn-referral.closed',
          subjectType: 'person',
          subjectId: personId,
          details: { referralId, outcome: data.outcome, reason: data.reason ?? '' },
        });
      });
      return (await withMilestones([(await unborn.find(db, referralId))!]))[0]!;
    },

    /**
     * The network view: every open referral the actor's organisation is involved with (the business
     * unit only with family-records access), soonest expected delivery first. The view is audited.
     */
    async network(actor: Actor): Promise<Referral[]> {
      const open = await unborn.open(db);
      const visible: ReferralRow[] = [];
      for (const r of open) if ((await people.accessFor(actor, r.personId)) === 'involved') visible.push(r);
      await db.transaction((tx) =>
        audit.insert(tx, auditActorOf(actor), {
          event: 'unborn-network.viewed',
          subjectType: 'unborn-network',
          subjectId: 'open',
          details: { referralIds: visible.map((r) => r.id) },
        }),
      );
      return withMilestones(visible);
    },

    /**
     * The late-referral measure: by month and referring organisation, the share of referrals made by
     * the configured gestation. Aggregates only; a cell under 5 referrals is suppressed.
     */
    async measure(_actor: Actor, months = 12) {
      const { policy } = await clocks.current();
      const today = londonToday();
      const from = `${addMonthsStart(today, -(months - 1))}`;
      const rows = await unborn.measure(db, from, policy.unbornLatestOnTimeWeeks * 7);
      return {
        onTimeWeeks: policy.unbornLatestOnTimeWeeks,
        from,
        items: rows.map((r) => measureCell(r)),
      };
    },
  };
}
export type UnbornService = ReturnType<typeof createUnbornService>;

/** The threshold under which a count could identify a family. */
export const SUPPRESS_UNDER = 5;

export function measureCell(r: {
  month: string;
  organisationId: string;
  organisationName: string;
  referrals: number;
  onTime: number;
}) {
  const suppressed = r.referrals < SUPPRESS_UNDER;
  return {
    month: r.month,
    monthText: new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
      new Date(`${r.month}-01T00:00:00Z`),
    ),
    organisationId: r.organisationId,
    organisationName: r.organisationName,
    suppressed,
    referrals: suppressed ? null : r.referrals,
    onTime: suppressed ? null : r.onTime,
    percentOnTime: suppressed ? null : Math.round((100 * r.onTime) / r.referrals),
  };
}

/** The first day of the month `delta` months from the month of `date`. */
function addMonthsStart(date: string, delta: number): string {
  const d = new Date(`${date.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + delta);
  return d.toISOString().slice(0, 10);
}
