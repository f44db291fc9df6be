import type { Db, Queryable } from '../../platform/db/index.ts';
import type { BankHoliday, EffectiveHoliday } from './bank-holiday-file.ts';
import type { ClocksRepository } from './clocks.repository.ts';
import { computeDeadlines, type ClockInputs, type Deadlines } from './deadlines.ts';
import { mergeHolidays } from './holiday-calendar.ts';
import { policyFrom, type Policy } from './policy-settings.ts';
import { createWorkingDayCalendar, readBankHolidays, type WorkingDayCalendar } from './working-days.ts';

interface Deps {
  db: Db;
  clocks: ClocksRepository;
  /** The bank holidays shipped with Lantern (read once); tests may pass their own. */
  shipped?: BankHoliday[];
}

interface CachedCalendar {
  importId: number;
  holidays: EffectiveHoliday[];
  calendar: WorkingDayCalendar;
}

/**
 * What other modules need of the statutory clocks: the policy in force and the working-day
 * calendar in force. Each call asks the database one cheap question (the policy rows and the
 * latest import's id), so several app instances agree as soon as an administrator changes either;
 * the merged calendar is rebuilt only when a new import has landed.
 * Inside a transaction pass its `tx`: the embedded database has one connection.
 */
export function createClocksService({ db, clocks, shipped }: Deps) {
  let shippedHolidays = shipped;
  let cached: CachedCalendar | undefined;

  async function calendarFor(q: Queryable, importId: number): Promise<CachedCalendar> {
    if (cached?.importId === importId) return cached;
    shippedHolidays ??= readBankHolidays();
    const holidays = mergeHolidays(shippedHolidays, importId ? await clocks.storedImports(q) : []);
    cached = { importId, holidays, calendar: createWorkingDayCalendar(holidays.map((h) => h.date)) };
    return cached;
  }

  async function state(q: Queryable) {
    const { policy, latestImportId } = await clocks.clockState(q);
    return { policy: policyFrom(policy), ...(await calendarFor(q, Number(latestImportId))) };
  }

  return {
    async policy(q: Queryable = db): Promise<Policy> {
      return (await state(q)).policy;
    },

    async calendar(q: Queryable = db): Promise<WorkingDayCalendar> {
      return (await state(q)).calendar;
    },

    /** The policy and calendar together, for a module that needs both (one query). */
    async current(q: Queryable = db): Promise<{ policy: Policy; calendar: WorkingDayCalendar }> {
      const { policy, calendar } = await state(q);
      return { policy, calendar };
    },

    /** Every bank holiday in force, with where it came from and whether it is provisional. */
    async holidays(q: Queryable = db): Promise<EffectiveHoliday[]> {
      return (await state(q)).holidays;
    },

    /** A review's named statutory dates under the policy and calendar in force. */
    async deadlinesFor(review: ClockInputs, q: Queryable = db): Promise<Deadlines> {
      const { policy, calendar } = await state(q);
      return computeDeadlines(review, calendar, policy);
    },
  };
}
export type ClocksService = ReturnType<typeof createClocksService>;
