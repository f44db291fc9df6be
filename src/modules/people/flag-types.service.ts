import { z } from 'zod';
import type { Db } from '../../platform/db/index.ts';
import { Conflict, NotFound, ValidationFailed } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { parseOrThrow } from '../../platform/http/forms.ts';
import { auditActorOf, type AuditRepository } from '../audit/index.ts';
import type { FlagsRepository, FlagType } from './flags.repository.ts';

/** The roles that work with family records, and so may be allowed to raise or end a flag. */
export const FLAG_ROLES = ['practitioner', 'organisation-lead'] as const;

const text = (label: string, max: number) =>
  z
    .string({ error: `Enter the ${label}` })
    .trim()
    .min(1, `Enter the ${label}`)
    .max(max, `The ${label} must be ${max.toLocaleString('en-GB')} characters or fewer`);
const roles = (what: string) =>
  z.array(z.enum(FLAG_ROLES), { error: `Select who may ${what} it` }).min(1, `Select who may ${what} it`);

const SettingsSchema = z.object({
  name: text('name', 80),
  symbol: text('symbol', 8),
  meaning: text('meaning', 500),
  guidance: text('guidance', 1_000),
  raiseRoles: roles('raise'),
  endRoles: roles('end'),
  visibleDaysAfterEnd: z.coerce
    .number({ error: 'Enter the number of days, from 0 to 3650' })
    .int('Enter a whole number of days')
    .min(0, 'Enter the number of days, from 0 to 3650')
    .max(3650, 'Enter the number of days, from 0 to 3650'),
  showOnBabies: z.boolean(),
  needsConsent: z.boolean(),
  active: z.boolean(),
});
const NewSchema = SettingsSchema.extend({
  code: z
    .string({ error: 'Enter a code' })
    .trim()
    .regex(
      /^[a-z][a-z0-9-]{1,40}$/,
      'The code is 2 to 41 lower-case letters, digits and hyphens, like safer-sleep-risk',
    ),
});
const EditSchema = SettingsSchema.extend({
  version: z.coerce.number({ error: 'The form is out of date: reload the page' }).int(),
});

/** The business unit's settings of the flag types: change what each means and who may use it, or add one. */
export function createFlagTypesService({
  db,
  flags,
  audit,
}: {
  db: Db;
  flags: FlagsRepository;
  audit: AuditRepository;
}) {
  const onlyBusinessUnit = (actor: Actor) => {
    if (actor.role !== 'business-unit') throw new NotFound('Page');
  };

  return {
    async get(actor: Actor, code: string): Promise<FlagType> {
      onlyBusinessUnit(actor);
      const type = await flags.type(db, code);
      if (!type) throw new NotFound('Flag type');
      return type;
    },

    /** Saves a type's settings; a stale `version` is a 409 before anything else is checked. Audited. */
    async update(actor: Actor, code: string, input: Record<string, unknown>): Promise<FlagType> {
      const before = await this.get(actor, code);
      if (Number(input.version) !== before.version) throw new Conflict();
      const { version, ...settings } = parseOrThrow(EditSchema, input);
      return db.transaction(async (tx) => {
        if (!(await flags.updateType(tx, { code, ...settings }, version))) throw new Conflict();
        const after = (await flags.type(tx, code))!;
        await audit.insert(tx, auditActorOf(actor), {
          event: 'flag-type.changed',
          subjectType: 'flag-type',
          subjectId: code,
          before,
          after,
        });
        return after;
      });
    },

    async add(actor: Actor, input: unknown): Promise<FlagType> {
      onlyBusinessUnit(actor);
      const data = parseOrThrow(NewSchema, input);
      return db.transaction(async (tx) => {
        if (!(await flags.insertType(tx, data)))
          throw new ValidationFailed([
            { path: 'code', message: 'A flag type with this code already exists' },
          ]);
        const added = (await flags.type(tx, data.code))!;
        await audit.insert(tx, auditActorOf(actor), {
          event: 'flag-type.added',
          subjectType: 'flag-type',
          subjectId: data.code,
          after: added,
        });
        return added;
      });
    },
  };
}
export type FlagTypesService = ReturnType<typeof createFlagTypesService>;
