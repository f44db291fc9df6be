import { addDays, londonToday } from '../../platform/clock.ts';
import type { Db, Queryable } from '../../platform/db/index.ts';
import { Forbidden, NotFound, ValidationFailed } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { parseOrThrow } from '../../platform/http/forms.ts';
import { isUuid } from '../../platform/schema.ts';
import { auditActorOf, type AuditRepository } from '../audit/index.ts';
import type { NewNotification } from '../notifications/index.ts';
import type { PeopleRepository } from './people.repository.ts';
import { BreakGlassSchema, PersonCreateSchema, PersonSearchSchema } from './people.schema.ts';
import { personChanges } from './person-changes.service.ts';
import type { Person, RecordAccess, Relationship } from './people.types.ts';

interface Deps {
  db: Db;
  people: PeopleRepository;
  /** Whether an organisation of the partnership exists (for adding one to a family). */
  organisationExists?(id: string): Promise<boolean>;
  audit: AuditRepository;
  notify(tx: Queryable, message: NewNotification): Promise<unknown>;
  /** Active organisation-lead user ids of an organisation (told when someone breaks the glass). */
  leadsOf(tx: Queryable, organisationId: string): Promise<string[]>;
}

/** How long a "break glass" opening lasts before the reason must be given again. */
export const BREAK_GLASS_HOURS = 24;

/** Roles that work with families and may open a record they are not involved with, giving a reason. */
const FRONT_LINE = new Set(['practitioner', 'organisation-lead']);

export function createPeopleService({
  db,
  people,
  audit,
  notify,
  leadsOf,
  organisationExists = async () => false,
}: Deps) {
  /**
   * Need-to-know: the organisations involved with the family see its records; the business unit
   * only if given family-records access; board members and reviewers never; other front-line
   * staff only by breaking the glass.
   */
  async function accessTo(actor: Actor, person: Person, q: Queryable = db): Promise<RecordAccess> {
    if (actor.role === 'board-member' || actor.role === 'reviewer') return 'none';
    if (actor.role === 'business-unit')
      return (await people.hasFamilyRecordsAccess(q, actor.id)) ? 'involved' : 'none';
    if (await people.isFamilyInvolved(q, person.familyId, actor.organisationId)) return 'involved';
    if (await people.hasActiveGrant(q, actor.id, person.id)) return 'granted';
    return FRONT_LINE.has(actor.role) ? 'break-glass' : 'none';
  }

  async function findOr404(id: string, q: Queryable = db): Promise<Person> {
    if (!isUuid(id)) throw new NotFound('Person');
    const person = await people.find(q, id);
    if (!person) throw new NotFound('Person');
    return person;
  }

  /**
   * The person, when the actor may work on their record now: 404 when they may not see it, the
   * break-glass 403 when they must give a reason first. Not a read of the record: nothing audited.
   */
  async function workable(actor: Actor, id: string): Promise<Person> {
    const person = await findOr404(id);
    const access = await accessTo(actor, person);
    if (access === 'none') throw new NotFound('Person');
    if (access === 'break-glass') throw new BreakGlassNeeded();
    return person;
  }

  /**
   * The person, if the actor may read their record now; every read is written to the audit log
   * (`what` says which part was read). No access at all: 404, as if there were no such record.
   * Access only by breaking the glass: 403 with `breakGlass` so the page can offer it.
   */
  async function readable(actor: Actor, id: string, what = 'record', q: Queryable = db): Promise<Person> {
    const person = await findOr404(id, q);
    const access = await accessTo(actor, person, q);
    if (access === 'none') throw new NotFound('Person');
    if (access === 'break-glass') throw new BreakGlassNeeded();
    await audit.insert(q, auditActorOf(actor), {
      event: 'person.viewed',
      subjectType: 'person',
      subjectId: person.id,
      details: { what, access },
    });
    return person;
  }

  async function seesFamilies(actor: Actor): Promise<boolean> {
    if (FRONT_LINE.has(actor.role)) return true;
    return actor.role === 'business-unit' && (await people.hasFamilyRecordsAccess(db, actor.id));
  }

  return {
    accessTo,
    readable,
    ...personChanges({ db, people, audit, organisationExists, workable, readable }),

    /** The person's record access for the actor, without reading (and auditing) the record. */
    async accessFor(actor: Actor, id: string): Promise<RecordAccess> {
      const person = await findOr404(id);
      return accessTo(actor, person);
    },

    /**
     * Records a person. The recording organisation becomes involved. An unborn baby (expected date
     * of delivery, no date of birth) must be linked to its mother; a baby joins its mother's family.
     */
    async create(actor: Actor, input: unknown): Promise<Person> {
      if (!FRONT_LINE.has(actor.role) && actor.role !== 'business-unit')
        throw new Forbidden('Only practitioners and organisation leads record family members');
      if (actor.role === 'business-unit' && !(await people.hasFamilyRecordsAccess(db, actor.id)))
        throw new Forbidden('Your role does not give you access to family records');
      const data = parseOrThrow(PersonCreateSchema, input);
      const errors: { path: string; message: string }[] = [];
      if (data.dateOfBirth && data.expectedDeliveryDate)
        errors.push({
          path: 'expectedDeliveryDate',
          message: 'Give the date of birth or, for an unborn baby, the expected date of delivery, not both',
        });
      const today = londonToday();
      if (data.expectedDeliveryDate && !data.dateOfBirth) {
        if (
          data.expectedDeliveryDate < addDays(today, -60) ||
          data.expectedDeliveryDate > addDays(today, 300)
        )
          errors.push({
            path: 'expectedDeliveryDate',
            message: 'The expected date of delivery must be within the next 10 months',
          });
        if (!data.motherId)
          errors.push({
            path: 'motherId',
            message: 'Record the mother first, then link the unborn baby to her',
          });
      }
      if (errors.length) throw new ValidationFailed(errors);

      const mother = data.motherId
        ? await readable(actor, data.motherId, 'link').catch(() => undefined)
        : undefined;
      if (data.motherId && !mother)
        throw new ValidationFailed([
          { path: 'motherId', message: 'Select a mother from records you can see' },
        ]);
      const relative = data.familyId ? (await people.familyMembers(db, data.familyId))[0] : undefined;
      if (data.familyId && (!relative || (await accessTo(actor, relative)) !== 'involved'))
        throw new ValidationFailed([{ path: 'familyId', message: 'Select a family you are involved with' }]);
      if (data.nhsNumber && (await people.findByNhsNumber(db, data.nhsNumber)))
        throw new ValidationFailed([
          {
            path: 'nhsNumber',
            message: 'Someone with this NHS number is already recorded: find them instead',
          },
        ]);
      const relationship: Relationship =
        data.relationship ?? (data.motherId || data.expectedDeliveryDate ? 'baby' : 'other');

      const id = await db.transaction(async (tx) => {
        const familyId = mother?.familyId ?? relative?.familyId ?? (await people.insertFamily(tx, actor.id));
        const newId = await people.insert(
          tx,
          {
            familyId,
            relationship,
            nhsNumber: data.nhsNumber ?? null,
            givenName: data.givenName,
            familyName: data.familyName,
            dateOfBirth: data.dateOfBirth ?? null,
            expectedDeliveryDate: data.dateOfBirth ? null : (data.expectedDeliveryDate ?? null),
            motherId: mother?.id ?? null,
          },
          actor.id,
        );
        await people.involve(tx, newId, actor.organisationId, actor.id);
        await audit.insert(tx, auditActorOf(actor), {
          event: 'person.created',
          subjectType: 'person',
          subjectId: newId,
          after: { familyId, relationship, motherId: mother?.id ?? null },
        });
        return newId;
      });
      return (await people.find(db, id))!;
    },

    /**
     * "Break glass": someone not involved opens a record, giving a reason. The opening lasts
     * BREAK_GLASS_HOURS, is audited, and the leads of every organisation involved are told.
     */
    async breakGlass(actor: Actor, id: string, input: unknown): Promise<void> {
      const person = await findOr404(id);
      const access = await accessTo(actor, person);
      if (access === 'none') throw new NotFound('Person');
      if (access !== 'break-glass') return;
      const { reason } = parseOrThrow(BreakGlassSchema, input);
      const organisations = await people.familyOrganisations(db, person.familyId);
      await db.transaction(async (tx) => {
        await people.insertGrant(tx, { userId: actor.id, personId: id, reason, hours: BREAK_GLASS_HOURS });
        await audit.insert(tx, auditActorOf(actor), {
          event: 'person.break-glass',
          subjectType: 'person',
          subjectId: id,
          details: { reason, organisation: actor.organisationName },
        });
        for (const org of organisations) {
          for (const userId of await leadsOf(tx, org.id)) {
            await notify(tx, {
              userId,
              kind: 'record-opened',
              subject: 'A family record your organisation is involved with was opened by someone outside it',
              body: `${actor.name} (${actor.organisationName}) opened a record your organisation is involved with, giving this reason: "${reason}". The record's access history shows every view.`,
              link: `/people/${id}`,
            });
          }
        }
      });
    },

    async familyOf(actor: Actor, id: string): Promise<Person[]> {
      const person = await readable(actor, id, 'family');
      return people.familyMembers(db, person.familyId);
    },

    /**
     * Finds people by NHS number, or by the start of the family name (with the start of the given
     * name and the date of birth when known), one page at a time. Each match says how the actor
     * stands to it; roles that never see family records get 404. Every search is audited, with
     * how it searched and how many matched.
     */
    async search(
      actor: Actor,
      input: unknown,
    ): Promise<{
      results: { person: Person; access: RecordAccess }[];
      total: number;
      page: number;
      pageSize: number;
    }> {
      if (!(await seesFamilies(actor))) throw new NotFound('Page');
      const q = parseOrThrow(PersonSearchSchema, input);
      const paging = { page: q.page, pageSize: q.pageSize };
      const byNhs = q.nhsNumber ? await people.findByNhsNumber(db, q.nhsNumber) : undefined;
      const { items, total } = q.nhsNumber
        ? { items: byNhs ? [byNhs] : [], total: byNhs ? 1 : 0 }
        : await people.search(
            db,
            { familyName: q.familyName!, givenName: q.givenName || undefined, dateOfBirth: q.dateOfBirth },
            paging,
          );
      const found = q.nhsNumber && q.page > 1 ? [] : items;
      const results = [];
      for (const person of found) results.push({ person, access: await accessTo(actor, person) });
      await audit.insert(db, auditActorOf(actor), {
        event: 'person.searched',
        subjectType: 'person',
        subjectId: null,
        details: { by: q.nhsNumber ? 'nhs-number' : 'name', matches: total, page: q.page },
      });
      // Everyone who may search (seesFamilies) stands at least at "break glass" to every record,
      // so this filter removes nothing today and `total` stays right; it guards a future role.
      return { results: results.filter((r) => r.access !== 'none'), total, ...paging };
    },

    /** Whether the actor's role ever sees family records (for the navigation and the search page). */
    seesFamilies,

    /**
     * Everything the person page shows about the person, read (and audited) once: the person, their
     * family and the organisations involved with the family.
     */
    async record(actor: Actor, id: string) {
      const person = await readable(actor, id, 'record');
      const [family, organisations, access] = await Promise.all([
        people.familyMembers(db, person.familyId),
        people.familyOrganisations(db, person.familyId),
        accessTo(actor, person),
      ]);
      return { person, family, organisations, access };
    },

    /** The members of a family the actor may read (to add someone to it, linked to the mother). */
    async familyById(actor: Actor, familyId: string): Promise<Person[]> {
      if (!isUuid(familyId)) throw new NotFound('Family');
      const members = await people.familyMembers(db, familyId);
      if (!members.length) throw new NotFound('Family');
      await readable(actor, members[0]!.id, 'family');
      return members;
    },

    async recentAccesses(actor: Actor, id: string) {
      await readable(actor, id, 'access history');
      return people.recentAccesses(db, id, 25);
    },
  };
}
export type PeopleService = ReturnType<typeof createPeopleService>;

/** The actor may open this record only by giving a reason (a 403 the pages turn into the form). */
export class BreakGlassNeeded extends Forbidden {
  readonly breakGlass = true;
  constructor() {
    super('You are not involved with this family. To see the record, give the reason you need it.');
  }
}
