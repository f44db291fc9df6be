import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../platform/db/index.ts';
import { Forbidden, NotFound, ValidationFailed } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { parseOrThrow } from '../../platform/http/forms.ts';
import { isUuid } from '../../platform/schema.ts';
import { auditActorOf, type AuditRepository } from '../audit/index.ts';
import type { Organisation, OrganisationsService } from '../organisations/index.ts';
import type { SystemToken, SystemTokensRepository } from './system-tokens.repository.ts';

/**
 * Organisations whose systems may hold a token: health and children's social care, the settings
 * CP-IS serves (an unscheduled-care system checking a child's flags). Police and schools use
 * Lantern's pages, not a system-to-system lookup.
 */
export const SYSTEM_TOKEN_ORGANISATION_TYPES = [
  'nhs-trust',
  'icb',
  'gp-practice',
  'local-authority',
] as const;

/** Tokens are stored as a SHA-256 hash only, like users' API tokens. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

const CreateSchema = z.object({
  organisationId: z.string({ error: 'Select an organisation' }).trim().min(1, 'Select an organisation'),
  name: z
    .string({ error: 'Enter a name for the token' })
    .trim()
    .min(1, 'Enter a name for the token, such as the system that will use it')
    .max(100, 'The name must be 100 characters or fewer'),
});

function assertBusinessUnit(actor: Actor) {
  if (actor.role !== 'business-unit')
    throw new Forbidden('Only the partnership business unit can manage system tokens');
}

export function createSystemTokensService({
  db,
  tokens,
  audit,
  organisations,
}: {
  db: Db;
  tokens: SystemTokensRepository;
  audit: AuditRepository;
  organisations: Pick<OrganisationsService, 'list'>;
}) {
  async function eligibleOrganisations(actor: Actor): Promise<Organisation[]> {
    const all = await organisations.list(actor);
    return all.filter((o) => (SYSTEM_TOKEN_ORGANISATION_TYPES as readonly string[]).includes(o.type));
  }

  return {
    eligibleOrganisations,

    async list(actor: Actor): Promise<SystemToken[]> {
      assertBusinessUnit(actor);
      return tokens.list(db);
    },

    /** Issues a token for an organisation's system. The token is returned once and never again. */
    async create(actor: Actor, input: unknown): Promise<{ token: string; record: SystemToken }> {
      assertBusinessUnit(actor);
      const data = parseOrThrow(CreateSchema, input);
      const organisation = (await eligibleOrganisations(actor)).find((o) => o.id === data.organisationId);
      if (!organisation)
        throw new ValidationFailed([
          { path: 'organisationId', message: 'Select a health or children’s services organisation' },
        ]);
      const token = `lst_${randomBytes(32).toString('base64url')}`;
      const id = await db.transaction(async (tx) => {
        const newId = await tokens.insert(tx, {
          tokenHash: hashToken(token),
          organisationId: organisation.id,
          name: data.name,
          userId: actor.id,
        });
        await audit.insert(tx, auditActorOf(actor), {
          event: 'system-token.created',
          subjectType: 'organisation',
          subjectId: organisation.id,
          details: { tokenId: newId, name: data.name, organisation: organisation.name },
        });
        return newId;
      });
      return { token, record: (await tokens.find(db, id))! };
    },

    /** Revokes a token at once: the next call with it is refused. */
    async revoke(actor: Actor, id: string): Promise<SystemToken> {
      assertBusinessUnit(actor);
      const existing = isUuid(id) ? await tokens.find(db, id) : undefined;
      if (!existing) throw new NotFound('System token');
      await db.transaction(async (tx) => {
        if (!(await tokens.revoke(tx, id, actor.id))) return;
        await audit.insert(tx, auditActorOf(actor), {
          event: 'system-token.revoked',
          subjectType: 'organisation',
          subjectId: existing.organisationId,
          details: { tokenId: id, name: existing.name, organisation: existing.organisationName },
        });
      });
      return (await tokens.find(db, id))!;
    },
  };
}
export type SystemTokensService = ReturnType<typeof createSystemTokensService>;
