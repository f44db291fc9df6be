import { addMonthsClamped } from '../clocks/index.ts';
import { RECURRENCE_MONTHS } from './actions.types.ts';

/**
 * The due date of the next occurrence: the previous due date plus the recurrence (a 31st lands on
 * the month's last day). If that date has already passed (the occurrence was closed late, or came
 * from an older plan), the cycle rolls on until it reaches today or later: a new occurrence that is
 * overdue the moment it exists asks for work that can no longer be on time, and would only add red
 * to the tracker. Each step counts from the previous due date, not from the last clamped date, so
 * rolling on from a 31st does not drift to the 28th.
 */
export function nextDueDate(previousDueDate: string, months: number, today: string): string {
  for (let n = 1; ; n++) {
    const due = addMonthsClamped(previousDueDate, n * months);
    if (due >= today) return due;
  }
}

/** "every month", "every 6 months". */
export function recurrenceLabel(months: number): string {
  return months === 1 ? 'every month' : `every ${months} months`;
}

/** The "Repeat" choices for forms: does not repeat, then each allowed interval. */
export const RECURRENCE_ITEMS = [
  { value: '', text: 'Does not repeat' },
  ...RECURRENCE_MONTHS.map((m) => ({ value: String(m), text: `Every ${m === 1 ? 'month' : `${m} months`}` })),
];

/** A form's "Repeat" answer for the service: blank is "does not repeat"; anything else is checked there. */
export function recurrenceFromForm(raw: unknown): number | null | string {
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (!text) return null;
  return /^\d+$/.test(text) ? Number(text) : text;
}
