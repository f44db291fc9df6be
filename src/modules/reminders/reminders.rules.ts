import { addDays } from '../../platform/clock.ts';

/** How early owners are reminded and how soon overdue items are escalated (policy settings). */
export interface ReminderPolicy {
  /** Days before the due date that the owner is reminded (0: no early reminder). */
  reminderDaysBeforeDue: number;
  /** Days overdue before the owner's organisation lead is told. */
  escalateToLeadAfterDaysOverdue: number;
  /** Further days after that before the partnership business unit is told. */
  escalateToBusinessUnitAfterFurtherDays: number;
}

export const DEFAULT_REMINDER_POLICY: ReminderPolicy = {
  reminderDaysBeforeDue: 7,
  escalateToLeadAfterDaysOverdue: 1,
  escalateToBusinessUnitAfterFurtherDays: 14,
};

export type ReminderStage =
  'due-soon' | 'due-today' | 'overdue' | 'escalated-lead' | 'escalated-business-unit' | `chase-${number}`;

/** How often an overdue information request is chased again while it stays unanswered. */
export const CHASE_EVERY_DAYS = 7;

/**
 * The reminder steps an open item with this due date has reached today. "Due soon" and "due
 * today" are only worth sending on their day (a late "due soon" is noise); the overdue steps
 * accumulate, so a job that was down for a week still escalates what it missed.
 */
export function stagesReached(dueDate: string, today: string, policy: ReminderPolicy): ReminderStage[] {
  const stages: ReminderStage[] = [];
  if (today < dueDate) {
    if (policy.reminderDaysBeforeDue > 0 && today >= addDays(dueDate, -policy.reminderDaysBeforeDue))
      stages.push('due-soon');
    return stages;
  }
  if (today === dueDate) return ['due-today'];
  stages.push('overdue');
  // Nothing is overdue on its due date, so the earliest the lead hears is the day after.
  const leadDay = addDays(dueDate, Math.max(1, policy.escalateToLeadAfterDaysOverdue));
  if (today >= leadDay) stages.push('escalated-lead');
  if (today >= addDays(leadDay, policy.escalateToBusinessUnitAfterFurtherDays))
    stages.push('escalated-business-unit');
  return stages;
}

/** Repeat chases of an overdue item: one each CHASE_EVERY_DAYS after it became overdue. */
export function chasesReached(dueDate: string, today: string): ReminderStage[] {
  const chases: ReminderStage[] = [];
  for (let n = 1; addDays(dueDate, 1 + n * CHASE_EVERY_DAYS) <= today; n++) chases.push(`chase-${n}`);
  return chases;
}

/** The ISO week (e.g. 2026-W48) and its Monday, which key the weekly digest. */
export function isoWeekOf(date: string): { week: string; monday: string } {
  const d = new Date(`${date}T00:00:00Z`);
  const weekday = (d.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const monday = addDays(date, -weekday);
  const thursday = new Date(`${addDays(monday, 3)}T00:00:00Z`);
  const year = thursday.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(year, 0, 4));
  const firstMonday = new Date(firstThursday.getTime() - ((firstThursday.getUTCDay() + 6) % 7) * 86_400_000);
  const week = Math.floor((thursday.getTime() - firstMonday.getTime()) / (7 * 86_400_000)) + 1;
  return { week: `${year}-W${String(week).padStart(2, '0')}`, monday };
}
