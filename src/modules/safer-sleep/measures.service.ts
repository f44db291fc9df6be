import { londonToday } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import { Forbidden } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { parseOrThrow } from '../../platform/http/forms.ts';
import { firstDayOf, measureRows } from './measures.ts';
import type { SaferSleepRepository } from './safer-sleep.repository.ts';
import { MeasuresQuery } from './safer-sleep.schema.ts';
import { SMALL_NUMBER } from './safer-sleep.types.ts';

/**
 * The safer-sleep practice measures. Aggregates only (no person-level data, small numbers
 * hidden), so the business unit and board members see every organisation; an organisation's
 * lead sees their own, and an ICB's lead also those of the providers it commissions (as they
 * see those providers' actions).
 */
export function createSaferSleepMeasuresService({
  db,
  saferSleep,
}: {
  db: Db;
  saferSleep: SaferSleepRepository;
}) {
  return {
    async byMonth(actor: Actor, input: unknown = {}) {
      const { months } = parseOrThrow(MeasuresQuery, input);
      const everyone = actor.role === 'business-unit' || actor.role === 'board-member';
      if (!everyone && actor.role !== 'organisation-lead')
        throw new Forbidden(
          'The practice measures are for the business unit, the board and organisation leads',
        );
      const from = firstDayOf(months, londonToday());
      const counts = await saferSleep.measureCounts(db, from, everyone ? undefined : actor.organisationId);
      const commissioner = !everyone && (await saferSleep.commissionsAny(db, actor.organisationId));
      return {
        months,
        from: from.slice(0, 7),
        smallNumber: SMALL_NUMBER,
        scope: everyone ? 'partnership' : actor.organisationName,
        /** The figures include the organisations the actor's organisation commissions. */
        withCommissioned: commissioner,
        items: measureRows(counts),
      };
    },
  };
}
export type SaferSleepMeasuresService = ReturnType<typeof createSaferSleepMeasuresService>;
