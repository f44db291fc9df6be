import { londonToday } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import { Conflict, Forbidden, ValidationFailed } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { parseOrThrow } from '../../platform/http/forms.ts';
import { auditActorOf, type AuditRepository } from '../audit/index.ts';
import type { PeopleRepository } from './people.repository.ts';
import { OrganisationAddSchema, PersonUpdateSchema } from './people.schema.ts';
import type { Person } from './people.types.ts';
import { auditOf, changeErrors, changesOf } from './person-changes.ts';

/**
 * Roles that change a record they may work on (correct it, add an organisation): those who may
 * record a person. The business unit reaches a record only with family-records access.
 */
const CHANGERS = new Set(['practitioner', 'organisation-lead', 'business-unit']);

const NHS_NUMBER_TAKEN = {
  path: 'nhsNumber',
  message: 'Another person’s record already has this NHS number: check it, or find that record',
};

/** PostgreSQL's unique_violation: two saves raced for one NHS number. */
const isUniqueViolation = (err: unknown) => (err as { code?: unknown } | null)?.code === '23505';

interface Deps {
  db: Db;
  people: PeopleRepository;
  audit: AuditRepository;
  organisationExists(id: string): Promise<boolean>;
  /** The person when the actor may work on the record now (404, or the break-glass 403). */
  workable(actor: Actor, id: string): Promise<Person>;
  /** The person when the actor may read the record now, the read audited. */
  readable(actor: Actor, id: string, what: string): Promise<Person>;
}

/**
 * Changes to a person's record by those who work on it: correcting their details and adding an
 * organisation that works with the family. Part of the people service (it shares its access rules).
 */
export function personChanges({ db, people, audit, organisationExists, workable, readable }: Deps) {
  function assertMayChange(actor: Actor): void {
    if (!CHANGERS.has(actor.role)) throw new Forbidden('Your role cannot change family records');
  }

  return {
    /**
     * Records that another organisation works with this person (a health visitor's trust, a GP
     * practice): from then on its staff see the family's records without breaking the glass.
     * Only someone who may already work on the record (involved, or who broke the glass) adds one.
     */
    async addOrganisation(actor: Actor, id: string, input: unknown): Promise<{ added: boolean }> {
      const person = await workable(actor, id);
      assertMayChange(actor);
      const { organisationId } = parseOrThrow(OrganisationAddSchema, input);
      if (!(await organisationExists(organisationId)))
        throw new ValidationFailed([
          { path: 'organisationId', message: 'Select an organisation from the list' },
        ]);
      // Already involved with the family: its staff already see the records, so nothing changes.
      if (await people.isFamilyInvolved(db, person.familyId, organisationId)) return { added: false };
      await db.transaction(async (tx) => {
        await people.involve(tx, id, organisationId, actor.id);
        await audit.insert(tx, auditActorOf(actor), {
          event: 'person.organisation-added',
          subjectType: 'person',
          subjectId: id,
          details: { organisationId },
        });
      });
      return { added: true };
    },

    /**
     * Corrects a person's details (names, NHS number, dates, who they are in the family). Order
     * of checks: the actor must be able to work on the record (404, or 403 to break the glass),
     * their copy must be current (409), their role must change records (403), then the values
     * (400). Recording a date of birth on an unborn baby records the birth. Audited with what
     * changed, before and after; saving without a change writes nothing.
     */
    async update(actor: Actor, id: string, input: unknown): Promise<Person> {
      const before = await workable(actor, id);
      const version = Number((input as { version?: unknown } | null)?.version);
      if (before.version !== version) throw new Conflict(undefined, before);
      assertMayChange(actor);
      const data = parseOrThrow(PersonUpdateSchema, input);
      const changes = changesOf(before, data);
      const errors = changeErrors(before, changes, londonToday());
      if (changes.nhsNumber && (await people.findByNhsNumber(db, changes.nhsNumber)))
        errors.push(NHS_NUMBER_TAKEN);
      if (errors.length) throw new ValidationFailed(errors);
      if (Object.keys(changes).length === 0) return before;
      await db
        .transaction(async (tx) => {
          if (!(await people.update(tx, id, version, changes)))
            throw new Conflict(undefined, await people.find(tx, id));
          await audit.insert(tx, auditActorOf(actor), {
            event: 'person.updated',
            subjectType: 'person',
            subjectId: id,
            ...auditOf(before, changes),
          });
        })
        .catch((err: unknown) => {
          throw isUniqueViolation(err) ? new ValidationFailed([NHS_NUMBER_TAKEN]) : err;
        });
      return (await people.find(db, id))!;
    },

    /** The person, to correct their details: a read of the record, audited. */
    async forEdit(actor: Actor, id: string): Promise<Person> {
      const person = await readable(actor, id, 'details to correct');
      assertMayChange(actor);
      return person;
    },

    /** Whether the actor's role changes the records it may work on (for showing "Change" links). */
    mayChange: (actor: Actor) => CHANGERS.has(actor.role),
  };
}
