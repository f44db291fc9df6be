import { z } from 'zod';
import type { Db } from '../../platform/db/index.ts';
import { Conflict, Forbidden } from '../../platform/errors.ts';
import { parseOrThrow } from '../../platform/http/forms.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { auditActorOf, type AuditRepository } from '../audit/index.ts';
import type { ClocksRepository } from './clocks.repository.ts';
import {
  POLICY_SETTINGS,
  policyFrom,
  type Policy,
  type PolicyKey,
  type PolicySetting,
} from './policy-settings.ts';

interface Deps {
  db: Db;
  clocks: ClocksRepository;
  audit: AuditRepository;
}

/** The policy in force, with the version a change must send back and who last changed each value. */
export interface PolicyState {
  values: Policy;
  version: number;
  changes: Partial<Record<PolicyKey, { by: string | null; at: Date | null }>>;
}

/**
 * A whole number within the setting's range. Left out means "leave as it is"; sent blank (an
 * emptied form field) means the user must enter something.
 */
const settingValue = (s: PolicySetting) =>
  z
    .unknown()
    .transform((value, ctx): number | undefined => {
      if (value === undefined) return undefined;
      const text = typeof value === 'number' || typeof value === 'string' ? String(value).trim() : null;
      const issue = (message: string) => {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      };
      if (text === '' || text === null) return issue(`Enter the ${s.name.toLowerCase()}`);
      if (!/^-?\d+$/.test(text)) return issue(`${s.name} must be a whole number, like ${s.default}`);
      const n = Number(text);
      if (n < s.min || n > s.max) return issue(`${s.name} must be between ${s.min} and ${s.max}`);
      return n;
    })
    .optional();

/** Every setting optional (a PATCH changes only what it names), each checked against its range. */
export const PolicyUpdateSchema = z.object({
  version: z.coerce.number({ error: 'Send the version you read' }).int(),
  ...(Object.fromEntries(POLICY_SETTINGS.map((s) => [s.key, settingValue(s)])) as Record<
    PolicyKey,
    ReturnType<typeof settingValue>
  >),
});

const assertBusinessUnit = (actor: Actor) => {
  if (actor.role !== 'business-unit')
    throw new Forbidden('Only the partnership business unit can change policy settings');
};

export function createPolicyService({ db, clocks, audit }: Deps) {
  async function state(): Promise<PolicyState> {
    const [rows, version] = await Promise.all([clocks.policyRows(db), clocks.policyVersion(db)]);
    const changes: PolicyState['changes'] = {};
    for (const r of rows) changes[r.key as PolicyKey] = { by: r.updatedByName, at: r.updatedAt };
    return { values: policyFrom(rows), version, changes };
  }

  return {
    /** The policy in force. Read on each call: several app instances share the table. */
    async current(): Promise<Policy> {
      return policyFrom(await clocks.policyRows(db));
    },

    state,

    /** The policy with its version, for the settings form (business unit only; others 403). */
    async editable(actor: Actor): Promise<PolicyState> {
      assertBusinessUnit(actor);
      return state();
    },

    /**
     * Changes settings (business unit only). A stale `version` gets 409 before anything else of the
     * body is checked; each changed key writes one `policy.changed` audit row in the same transaction.
     */
    async update(actor: Actor, input: unknown): Promise<PolicyState> {
      // The contract's order: a stale version is 409 before any other rule (everyone may read the policy).
      const sent = Number((input as { version?: unknown } | null)?.version);
      const before = await state();
      if (sent !== before.version)
        throw new Conflict('The policy was changed by someone else after you opened it', before);
      assertBusinessUnit(actor);
      const { version: _v, ...values } = parseOrThrow(PolicyUpdateSchema, input);
      await db.transaction(async (tx) => {
        await clocks.lockPolicy(tx);
        const current = policyFrom(await clocks.policyRows(tx));
        if ((await clocks.policyVersion(tx)) !== sent) throw new Conflict(undefined, before);
        for (const [key, value] of Object.entries(values) as [PolicyKey, number | undefined][]) {
          if (value === undefined || value === current[key]) continue;
          await clocks.setPolicy(tx, key, value, actor.id);
          await audit.insert(tx, auditActorOf(actor), {
            event: 'policy.changed',
            subjectType: 'policy',
            subjectId: key,
            before: { [key]: current[key] },
            after: { [key]: value },
          });
        }
      });
      return state();
    },
  };
}
export type PolicyService = ReturnType<typeof createPolicyService>;
