import { z } from 'zod';
import type { Db, Queryable } from '../../platform/db/index.ts';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { parseOrThrow } from '../../platform/http/forms.ts';
import { isUuid } from '../../platform/schema.ts';
import { auditActorOf, type AuditRepository } from '../audit/index.ts';
import type { Flag, FlagsRepository, FlagType } from './flags.repository.ts';
import type { PeopleService } from './people.service.ts';
import type { Person } from './people.types.ts';

const RaiseSchema = z
  .object({
    type: z.string({ error: 'Select the kind of flag' }).trim().min(1, 'Select the kind of flag'),
    note: z.string().trim().max(2_000, 'The note must be 2,000 characters or fewer').optional(),
    consent: z.boolean().optional(),
  })
  .strict();

const EndSchema = z.object({
  reason: z
    .string({ error: 'Give the reason the flag ends' })
    .trim()
    .min(1, 'Give the reason the flag ends')
    .max(1_000, 'The reason must be 1,000 characters or fewer'),
  version: z.coerce.number({ error: 'The form is out of date: reload the page' }).int(),
});

export function createFlagsService({
  db,
  flags,
  audit,
  people,
}: {
  db: Db;
  flags: FlagsRepository;
  audit: AuditRepository;
  people: Pick<PeopleService, 'readable'>;
}) {
  /** Who may raise or end a flag of this type: the roles the type names (the business unit never). */
  const allowed = (actor: Actor, roles: string[]) => roles.includes(actor.role);

  const withTypes = async (shown: (Flag & { onMother: boolean })[]) => {
    const byCode = new Map((await flags.types(db)).map((t) => [t.code, t]));
    return shown.map((flag) => ({ flag, type: byCode.get(flag.typeCode)! }));
  };

  return {
    types: () => flags.types(db),

    /** The active flag types the actor's role may raise (the choices on the "Raise a flag" page). */
    async raisableTypes(actor: Actor): Promise<FlagType[]> {
      return (await flags.types(db)).filter((t) => t.active && allowed(actor, t.raiseRoles));
    },

    /** Every flag type with its settings, for the business unit's settings page; anyone else 404. */
    async typesForAdmin(actor: Actor): Promise<FlagType[]> {
      if (actor.role !== 'business-unit') throw new NotFound('Page');
      return flags.types(db);
    },

    /**
     * The flags shown on a record the caller has just read through `people.readable` or
     * `people.record` (which checked access and audited the read), so the page audits one view.
     */
    shownOnRecordOf: (person: Person) => flags.shownOn(db, person.id).then(withTypes),

    /** Whether the actor's role may end a flag of this type (to offer the "End" button). */
    mayEnd: (actor: Actor, type: FlagType) => allowed(actor, type.endRoles),

    /** The flags a person's record shows first, with their types. Reading them is a read of the record. */
    async shownOn(
      actor: Actor,
      personId: string,
    ): Promise<{ flag: Flag & { onMother: boolean }; type: FlagType }[]> {
      await people.readable(actor, personId, 'flags');
      return withTypes(await flags.shownOn(db, personId));
    },

    /**
     * Raises a flag on a person, in the caller's transaction when given one (a safer-sleep
     * assessment or a bereavement record raises its flag with the record). Audited.
     */
    async raise(actor: Actor, personId: string, input: unknown, tx?: Queryable): Promise<Flag> {
      const data = parseOrThrow(RaiseSchema, input);
      const type = await flags.type(tx ?? db, data.type);
      if (!type || !type.active)
        throw new ValidationFailed([{ path: 'type', message: 'Select the kind of flag from the list' }]);
      await people.readable(actor, personId, 'flags', tx ?? db);
      if (!allowed(actor, type.raiseRoles))
        throw new Forbidden(`Your role cannot raise the "${type.name}" flag`);
      if (type.needsConsent && data.consent !== true)
        throw new ValidationFailed([
          { path: 'consent', message: `Record that the family agreed to the "${type.name}" flag` },
        ]);
      const work = async (q: Queryable) => {
        const id = await flags.insert(q, {
          personId,
          typeCode: type.code,
          note: data.note ?? '',
          consent: type.needsConsent ? true : (data.consent ?? null),
          userId: actor.id,
          organisationId: actor.organisationId,
        });
        if (!id)
          throw new ValidationFailed([
            { path: 'type', message: `This record already has an active "${type.name}" flag` },
          ]);
        await audit.insert(q, auditActorOf(actor), {
          event: 'flag.raised',
          subjectType: 'person',
          subjectId: personId,
          details: { flagId: id, type: type.code },
        });
        return (await flags.find(q, id))!;
      };
      return tx ? work(tx) : db.transaction(work);
    },

    /** Ends a flag (it stays visible for its type's period after). Audited; stale version → 409. */
    /** One flag with its type, for its "End" page; reading it is a read of the person's record. */
    async get(actor: Actor, flagId: string): Promise<{ flag: Flag; type: FlagType }> {
      if (!isUuid(flagId)) throw new NotFound('Flag');
      const flag = await flags.find(db, flagId);
      if (!flag) throw new NotFound('Flag');
      await people.readable(actor, flag.personId, 'flags');
      return { flag, type: (await flags.type(db, flag.typeCode))! };
    },

    async end(actor: Actor, flagId: string, input: unknown): Promise<Flag> {
      if (!isUuid(flagId)) throw new NotFound('Flag');
      const flag = await flags.find(db, flagId);
      if (!flag) throw new NotFound('Flag');
      await people.readable(actor, flag.personId, 'flags');
      const data = parseOrThrow(EndSchema, input);
      if (data.version !== flag.version) throw new Conflict();
      const type = (await flags.type(db, flag.typeCode))!;
      if (!allowed(actor, type.endRoles)) throw new Forbidden(`Your role cannot end the "${type.name}" flag`);
      return db.transaction(async (tx) => {
        if (!(await flags.end(tx, flagId, actor.id, data.reason, data.version))) throw new Conflict();
        await audit.insert(tx, auditActorOf(actor), {
          event: 'flag.ended',
          subjectType: 'person',
          subjectId: flag.personId,
          details: { flagId, type: flag.typeCode, reason: data.reason },
        });
        return (await flags.find(tx, flagId))!;
      });
    },
  };
}
export type FlagsService = ReturnType<typeof createFlagsService>;
