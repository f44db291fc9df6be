import type { Db } from '../../platform/db/index.ts';
import { Conflict, Forbidden, NotFound } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { parseOrThrow } from '../../platform/http/forms.ts';
import { auditActorOf, type AuditRepository } from '../audit/index.ts';
import type { SaferSleepRepository } from './safer-sleep.repository.ts';
import { FactorAddSchema, FactorChangeSchema } from './safer-sleep.schema.ts';
import type { SaferSleepFactor } from './safer-sleep.types.ts';

/** A code made from the factor's words, kept when it is renamed (assessments store codes). */
export function codeFor(text: string, taken: Set<string>): string {
  const base =
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .replace(/^[^a-z]+/, '')
      .slice(0, 50) || 'factor';
  let code = base.length >= 2 ? base : `factor-${base}`;
  for (let n = 2; taken.has(code); n++) code = `${base}-${n}`;
  return code;
}

/** The business unit's list of safer-sleep risk factors (a policy setting). Every change audited. */
export function createFactorsService({
  db,
  saferSleep,
  audit,
}: {
  db: Db;
  saferSleep: SaferSleepRepository;
  audit: AuditRepository;
}) {
  const mustManage = (actor: Actor) => {
    if (actor.role !== 'business-unit')
      throw new Forbidden('Only the partnership business unit changes the safer-sleep risk factors');
  };

  async function get(actor: Actor, code: string): Promise<SaferSleepFactor> {
    mustManage(actor);
    const factor = await saferSleep.factor(db, code);
    if (!factor) throw new NotFound('Risk factor');
    return factor;
  }

  return {
    get,

    async list(actor: Actor): Promise<SaferSleepFactor[]> {
      mustManage(actor);
      return saferSleep.factors(db);
    },

    async add(actor: Actor, input: unknown): Promise<SaferSleepFactor> {
      mustManage(actor);
      const data = parseOrThrow(FactorAddSchema, input);
      const all = await saferSleep.factors(db);
      const code = codeFor(data.text, new Set(all.map((f) => f.code)));
      const inGroup = all.filter((f) => f.group === data.group).map((f) => f.sortOrder);
      const sortOrder = (inGroup.length ? Math.max(...inGroup) : all.length * 10) + 10;
      await db.transaction(async (tx) => {
        await saferSleep.insertFactor(tx, { code, text: data.text, group: data.group, sortOrder });
        await audit.insert(tx, auditActorOf(actor), {
          event: 'safer-sleep.factor-added',
          subjectType: 'safer-sleep-factor',
          subjectId: code,
          after: { text: data.text, group: data.group, sortOrder },
        });
      });
      return (await saferSleep.factor(db, code))!;
    },

    /** Renames, regroups, moves or retires a factor. A stale version is a conflict. */
    async change(actor: Actor, code: string, input: unknown): Promise<SaferSleepFactor> {
      const before = await get(actor, code);
      const data = parseOrThrow(FactorChangeSchema, input);
      if (data.version !== before.version) throw new Conflict(undefined, before);
      await db.transaction(async (tx) => {
        if (!(await saferSleep.updateFactor(tx, code, data))) throw new Conflict(undefined, before);
        await audit.insert(tx, auditActorOf(actor), {
          event: 'safer-sleep.factor-changed',
          subjectType: 'safer-sleep-factor',
          subjectId: code,
          before: {
            text: before.text,
            group: before.group,
            sortOrder: before.sortOrder,
            active: before.active,
          },
          after: { text: data.text, group: data.group, sortOrder: data.sortOrder, active: data.active },
        });
      });
      return (await saferSleep.factor(db, code))!;
    },
  };
}
export type FactorsService = ReturnType<typeof createFactorsService>;
