import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseBankHolidayFile, type BankHoliday } from './bank-holiday-file.ts';

/**
 * Working days in England and Wales: Monday to Friday, less bank holidays (including substitute
 * days). Dates are 'YYYY-MM-DD' strings; arithmetic is on UTC midnights, so clocks never shift.
 */
export interface WorkingDayCalendar {
  isWorkingDay(date: string): boolean;
  /** The date `n` working days after `date` (before it, for negative `n`). `date` itself is day 0. */
  addWorkingDays(date: string, n: number): string;
  /** The last bank holiday the calendar knows: arithmetic beyond it would be a guess. */
  coveredUntil: string;
}

const DAY = 86_400_000;
const toDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
const toIso = (d: Date) => d.toISOString().slice(0, 10);

export function createWorkingDayCalendar(bankHolidays: Iterable<string>): WorkingDayCalendar {
  const holidays = new Set(bankHolidays);
  const isWorkingDay = (date: string) => {
    const weekday = toDate(date).getUTCDay();
    return weekday !== 0 && weekday !== 6 && !holidays.has(date);
  };
  return {
    isWorkingDay,
    addWorkingDays(date, n) {
      const step = n >= 0 ? 1 : -1;
      let current = toDate(date);
      for (let remaining = Math.abs(n); remaining > 0;) {
        current = new Date(current.getTime() + step * DAY);
        if (isWorkingDay(toIso(current))) remaining--;
      }
      return toIso(current);
    },
    coveredUntil: [...holidays].sort().at(-1) ?? '',
  };
}

export const BANK_HOLIDAYS_FILE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../reference-data/bank-holidays.json',
);

/** Reads a file in the format of the official GOV.UK bank-holidays.json feed (England and Wales). */
export function readBankHolidays(file = BANK_HOLIDAYS_FILE): BankHoliday[] {
  return parseBankHolidayFile(readFileSync(file));
}

/** Adds calendar months; a day the month lacks becomes its last day (31 August + 6 months → 28 or 29 February). */
export function addMonthsClamped(date: string, months: number): string {
  const d = toDate(date);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return toIso(target);
}
