import { addDays } from '../../platform/clock.ts';
import type { Policy, WorkingDayCalendar } from '../clocks/index.ts';

/** A full-term pregnancy: gestation is counted back from the expected date of delivery at 40 weeks. */
export const TERM_DAYS = 280;

const DAY = 86_400_000;
const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);

/** Gestation in days on `date`: 40 weeks less the days still to go until the expected date of delivery. */
export function gestationOn(expectedDeliveryDate: string, date: string): number {
  return TERM_DAYS - daysBetween(date, expectedDeliveryDate);
}

/** The date on which the pregnancy reaches `weeks` weeks' gestation. */
export function dateAtWeeks(expectedDeliveryDate: string, weeks: number): string {
  return addDays(expectedDeliveryDate, weeks * 7 - TERM_DAYS);
}

/** "17 weeks and 3 days", as midwives write it (17+3). */
export function gestationInWords(days: number): string {
  const weeks = Math.floor(days / 7);
  const rest = days % 7;
  const w = `${weeks} ${weeks === 1 ? 'week' : 'weeks'}`;
  return rest ? `${w} and ${rest} ${rest === 1 ? 'day' : 'days'}` : w;
}

/** Late: made after the configured gestation (a referral at exactly 16+0 is on time). */
export const isLate = (gestationDays: number, policy: Pick<Policy, 'unbornLatestOnTimeWeeks'>) =>
  gestationDays > policy.unbornLatestOnTimeWeeks * 7;

export const MILESTONES = [
  { key: 'strategy-discussion', name: 'Strategy discussion', optional: false },
  { key: 'pre-birth-assessment', name: 'Pre-birth assessment', optional: false },
  { key: 'pre-birth-conference', name: 'Pre-birth child protection conference', optional: true },
  { key: 'birth-plan', name: 'Birth plan', optional: false },
  { key: 'discharge-plan', name: 'Discharge plan', optional: false },
] as const;
export type MilestoneKey = (typeof MILESTONES)[number]['key'];
export const MILESTONE_KEYS = MILESTONES.map((m) => m.key) as MilestoneKey[];

export interface MilestoneRecord {
  milestone: string;
  doneDate: string | null;
  notNeededReason: string;
}

export type MilestoneStatus = 'done' | 'not-needed' | 'due' | 'overdue';

export interface Milestone {
  key: MilestoneKey;
  name: string;
  optional: boolean;
  dueDate: string;
  status: MilestoneStatus;
  doneDate: string | null;
  notNeededReason: string;
  /** The status in words, e.g. "Done on 3 March 2026" is left to the page; this is the short form. */
  statusText: string;
}

const STATUS_TEXT: Record<MilestoneStatus, string> = {
  done: 'Done',
  'not-needed': 'Not needed',
  due: 'Due',
  overdue: 'Overdue',
};

/** Each milestone's due date under the policy in force, and where it stands today. */
export function milestonesFor(
  referral: { referralDate: string; expectedDeliveryDate: string },
  records: MilestoneRecord[],
  policy: Policy,
  calendar: WorkingDayCalendar,
  today: string,
): Milestone[] {
  const edd = referral.expectedDeliveryDate;
  const due: Record<MilestoneKey, string> = {
    'strategy-discussion': calendar.addWorkingDays(referral.referralDate, policy.unbornStrategyWorkingDays),
    'pre-birth-assessment': dateAtWeeks(edd, policy.unbornAssessmentWeeks),
    'pre-birth-conference': dateAtWeeks(edd, policy.unbornConferenceWeeks),
    'birth-plan': dateAtWeeks(edd, policy.unbornBirthPlanWeeks),
    'discharge-plan': dateAtWeeks(edd, policy.unbornDischargePlanWeeks),
  };
  return MILESTONES.map((m) => {
    const record = records.find((r) => r.milestone === m.key);
    const status: MilestoneStatus = record?.doneDate
      ? 'done'
      : record?.notNeededReason
        ? 'not-needed'
        : today > due[m.key]
          ? 'overdue'
          : 'due';
    return {
      ...m,
      dueDate: due[m.key],
      status,
      doneDate: record?.doneDate ?? null,
      notNeededReason: record?.notNeededReason ?? '',
      statusText: STATUS_TEXT[status],
    };
  });
}

export const CONCERNS = {
  'domestic-abuse': 'Domestic abuse',
  'parental-substance-misuse': 'Parental substance misuse',
  'parental-mental-health': 'Parental mental health',
  'previous-children': 'Previous children removed or on a plan',
  'learning-disability': 'Learning disability',
  'young-parent': 'Young parent',
  other: 'Other',
} as const;
export type Concern = keyof typeof CONCERNS;

export const CLOSE_OUTCOMES = {
  'born-with-discharge-plan': 'Baby born with a discharge plan',
  'moved-away': 'The family moved away',
  'no-longer-needed': 'No longer needed',
} as const;
