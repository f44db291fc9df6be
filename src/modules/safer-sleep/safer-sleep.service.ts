import type { Db } from '../../platform/db/index.ts';
import { Forbidden, ValidationFailed, type FieldError } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { parseOrThrow } from '../../platform/http/forms.ts';
import { auditActorOf, type AuditRepository } from '../audit/index.ts';
import type { FlagsService, PeopleService, Person } from '../people/index.ts';
import type { SaferSleepRepository } from './safer-sleep.repository.ts';
import { AssessmentSchema, ContactSchema, type AssessmentInput } from './safer-sleep.schema.ts';
import type { Assessment, AssessmentPerson } from './safer-sleep.types.ts';

interface Deps {
  db: Db;
  saferSleep: SaferSleepRepository;
  audit: AuditRepository;
  people: Pick<PeopleService, 'readable' | 'familyOf'>;
  flags: Pick<FlagsService, 'raise'>;
}

/** Front-line roles record contacts and assessments; others may only read what they can see. */
const FRONT_LINE = new Set(['practitioner', 'organisation-lead']);
export const SAFER_SLEEP_FLAG = 'safer-sleep-risk';

export function createSaferSleepService({ db, saferSleep, audit, people, flags }: Deps) {
  /** The baby's record, if the actor may record on it (audited as a read). */
  async function babyForRecording(actor: Actor, personId: string, what: string): Promise<Person> {
    const person = await people.readable(actor, personId, what);
    if (!FRONT_LINE.has(actor.role))
      throw new Forbidden('Only practitioners and organisation leads record contacts with families');
    if (person.relationship !== 'baby')
      throw new Forbidden('Safer-sleep assessments and contacts are recorded on the baby’s record');
    return person;
  }

  /** Who was present and advised, checked against the family on record; each person once. */
  function checkPeople(input: AssessmentInput, family: Person[], errors: FieldError[]): AssessmentPerson[] {
    const members = new Map(family.filter((p) => p.relationship !== 'baby').map((p) => [p.id, p]));
    const out: AssessmentPerson[] = [];
    input.people.forEach((p, i) => {
      if (!p.present && !p.advised) return;
      if (p.personId) {
        const member = members.get(p.personId);
        if (!member)
          return errors.push({
            path: `people.${i}.personId`,
            message: 'Select a family member from the list',
          });
        const relationship = member.relationship === 'baby' ? 'other' : member.relationship;
        out.push({ ...p, personId: member.id, name: '', relationship });
        return;
      }
      if (!p.name)
        errors.push({
          path: `people.${i}.name`,
          message: 'Enter the name of the other person present or advised',
        });
      if (!p.relationship)
        errors.push({ path: `people.${i}.relationship`, message: 'Select how they are related to the baby' });
      if (p.name && p.relationship)
        out.push({ ...p, personId: null, name: p.name, relationship: p.relationship });
    });
    if (!out.some((p) => p.advised))
      errors.push({ path: 'people', message: 'Select who was given the advice: at least one person' });
    return out;
  }

  return {
    /** Risk factors in use, for the assessment form. */
    activeFactors: () => saferSleep.factors(db, { activeOnly: true }),

    /**
     * Records a safer-sleep assessment on a baby's (or unborn baby's) record, with its contact.
     * A high risk raises the safer-sleep-risk flag in the same transaction unless the practitioner
     * unticked it (or the baby already has one). Audited as `safer-sleep.assessed`.
     */
    async assess(actor: Actor, personId: string, input: unknown): Promise<Assessment> {
      const baby = await babyForRecording(actor, personId, 'safer-sleep assessment');
      const data = parseOrThrow(AssessmentSchema, input);
      const errors: FieldError[] = [];
      const active = new Set((await saferSleep.factors(db, { activeOnly: true })).map((f) => f.code));
      if (data.factors.some((code) => !active.has(code)))
        errors.push({ path: 'factors', message: 'Select risk factors from the list' });
      if (!data.advice.length && !data.adviceOther)
        errors.push({ path: 'advice', message: 'Select the advice given, or describe it' });
      const family = await people.familyOf(actor, personId);
      const assessed = checkPeople(data, family, errors);
      if (errors.length) throw new ValidationFailed(errors);

      const raise =
        data.riskLevel === 'high' &&
        data.raiseFlag !== false &&
        !(await saferSleep.hasActiveFlag(db, baby.id, SAFER_SLEEP_FLAG));
      const id = await db.transaction(async (tx) => {
        const contactId = await saferSleep.insertContact(tx, {
          personId: baby.id,
          organisationId: actor.organisationId,
          practitionerId: actor.id,
          contactDate: data.contactDate,
          contactType: data.contactType,
        });
        const assessmentId = await saferSleep.insertAssessment(tx, {
          personId: baby.id,
          contactId,
          factors: [...new Set(data.factors)],
          advice: [...new Set(data.advice)],
          adviceOther: data.adviceOther ?? '',
          outOfRoutine: [...new Set(data.outOfRoutine)],
          outOfRoutineNotes: data.outOfRoutineNotes ?? '',
          riskLevel: data.riskLevel,
          plan: data.plan,
          recordedBy: actor.id,
          people: assessed,
        });
        let flagId: string | null = null;
        if (raise) {
          const note = `High risk found at the safer-sleep assessment of ${data.contactDate}. Plan: ${data.plan}`;
          flagId = (
            await flags.raise(actor, baby.id, { type: SAFER_SLEEP_FLAG, note: note.slice(0, 2_000) }, tx)
          ).id;
          await saferSleep.linkFlag(tx, assessmentId, flagId);
        }
        await audit.insert(tx, auditActorOf(actor), {
          event: 'safer-sleep.assessed',
          subjectType: 'person',
          subjectId: baby.id,
          details: {
            assessmentId,
            contactId,
            contactType: data.contactType,
            riskLevel: data.riskLevel,
            flagId,
          },
        });
        return assessmentId;
      });
      return (await saferSleep.find(db, id))!;
    },

    /** Records a contact without an assessment (the measures' denominator). Audited. */
    async recordContact(actor: Actor, personId: string, input: unknown): Promise<{ id: string }> {
      const baby = await babyForRecording(actor, personId, 'contact');
      const data = parseOrThrow(ContactSchema, input);
      const id = await db.transaction(async (tx) => {
        const contactId = await saferSleep.insertContact(tx, {
          personId: baby.id,
          organisationId: actor.organisationId,
          practitionerId: actor.id,
          ...data,
        });
        await audit.insert(tx, auditActorOf(actor), {
          event: 'contact.recorded',
          subjectType: 'person',
          subjectId: baby.id,
          details: { contactId, contactType: data.contactType, contactDate: data.contactDate },
        });
        return contactId;
      });
      return { id };
    },

    /** The form's choices: the baby and the family members who could be present or advised. */
    async formFor(actor: Actor, personId: string) {
      const baby = await babyForRecording(actor, personId, 'safer-sleep assessment form');
      const family = (await people.familyOf(actor, personId)).filter((p) => p.relationship !== 'baby');
      return { baby, family, factors: await saferSleep.factors(db, { activeOnly: true }) };
    },

    /** A baby's assessments, newest first, and their contacts. Every read is audited. */
    async history(actor: Actor, personId: string) {
      const person = await people.readable(actor, personId, 'safer-sleep assessments');
      const [assessments, contacts, factors] = await Promise.all([
        saferSleep.listFor(db, person.id),
        saferSleep.contactsFor(db, person.id),
        saferSleep.factors(db),
      ]);
      return { person, assessments, contacts, factors, canRecord: FRONT_LINE.has(actor.role) };
    },

    /** The last assessment, for the person page's safer-sleep summary. Audited as a read. */
    async latest(actor: Actor, personId: string): Promise<Assessment | null> {
      const person = await people.readable(actor, personId, 'safer-sleep summary');
      return (await saferSleep.listFor(db, person.id, 1))[0] ?? null;
    },

    factors: () => saferSleep.factors(db),

    /**
     * The latest assessment for the person page, which has already read (and audited) the record
     * through people.record: one audit row per page view, not one per section.
     */
    async latestOnRecord(person: { id: string }): Promise<Assessment | null> {
      return (await saferSleep.listFor(db, person.id, 1))[0] ?? null;
    },
  };
}
export type SaferSleepService = ReturnType<typeof createSaferSleepService>;
