import { z } from 'zod';
import type { Db } from '../../platform/db/index.ts';
import { Forbidden, NotFound, ValidationFailed } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { parseOrThrow } from '../../platform/http/forms.ts';
import { auditActorOf, type AuditRepository } from '../audit/index.ts';
import type { OrganisationsRepository } from './organisations.repository.ts';
import { ORGANISATION_TYPES, type Organisation, type OrganisationSettings } from './organisations.types.ts';

const OrganisationSchema = z
  .object({
    name: z
      .string({ error: 'Enter the organisation’s name' })
      .trim()
      .min(1, 'Enter the organisation’s name')
      .max(200),
    type: z.enum(ORGANISATION_TYPES, { error: 'Select the kind of organisation' }),
    commissionedBy: z.string().uuid('Select a commissioner from the list').nullable().optional(),
  })
  .strict();

interface Deps {
  db: Db;
  organisations: OrganisationsRepository;
  audit: AuditRepository;
}

export function createOrganisationsService({ db, organisations, audit }: Deps) {
  const assertBusinessUnit = (actor: Actor) => {
    if (actor.role !== 'business-unit')
      throw new Forbidden('Only the partnership business unit manages organisations');
  };

  /** Only an Integrated Care Board commissions (and oversees) other organisations. */
  async function checkCommissioner(id: string | null | undefined, self?: string): Promise<void> {
    if (!id) return;
    const commissioner = await organisations.findById(db, id);
    if (!commissioner || commissioner.type !== 'icb' || commissioner.id === self) {
      throw new ValidationFailed([
        { path: 'commissionedBy', message: 'Select an Integrated Care Board from the list' },
      ]);
    }
  }

  async function checkNameFree(name: string, self?: string): Promise<void> {
    const existing = await organisations.findByName(db, name);
    if (existing && existing.id !== self) {
      throw new ValidationFailed([
        { path: 'name', message: 'An organisation with this name already exists' },
      ]);
    }
  }

  async function getSettings(actor: Actor, id: string): Promise<OrganisationSettings> {
    assertBusinessUnit(actor);
    const found = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)
      ? await organisations.findSettings(db, id)
      : undefined;
    if (!found) throw new NotFound('Organisation');
    return found;
  }

  return {
    /** The partnership's organisations: names and types are not sensitive, so every signed-in user may list them. */
    async list(_actor: Actor): Promise<Organisation[]> {
      return organisations.list(db);
    },
    async find(id: string): Promise<Organisation | undefined> {
      return organisations.findById(db, id);
    },

    async listSettings(actor: Actor): Promise<OrganisationSettings[]> {
      assertBusinessUnit(actor);
      return organisations.listSettings(db);
    },

    getSettings,

    async create(actor: Actor, input: unknown): Promise<Organisation> {
      assertBusinessUnit(actor);
      const data = parseOrThrow(OrganisationSchema, input);
      await checkNameFree(data.name);
      await checkCommissioner(data.commissionedBy);
      return db.transaction(async (tx) => {
        const created = await organisations.insert(tx, {
          ...data,
          commissionedBy: data.commissionedBy ?? null,
        });
        await audit.insert(tx, auditActorOf(actor), {
          event: 'organisation.created',
          subjectType: 'organisation',
          subjectId: created.id,
          after: data,
        });
        return created;
      });
    },

    async update(actor: Actor, id: string, input: unknown): Promise<void> {
      const before = await getSettings(actor, id);
      const data = parseOrThrow(OrganisationSchema, input);
      await checkNameFree(data.name, id);
      await checkCommissioner(data.commissionedBy, id);
      await db.transaction(async (tx) => {
        await organisations.update(tx, id, { ...data, commissionedBy: data.commissionedBy ?? null });
        await audit.insert(tx, auditActorOf(actor), {
          event: 'organisation.updated',
          subjectType: 'organisation',
          subjectId: id,
          before: { name: before.name, type: before.type, commissionedBy: before.commissionedBy },
          after: data,
        });
      });
    },
  };
}
export type OrganisationsService = ReturnType<typeof createOrganisationsService>;
