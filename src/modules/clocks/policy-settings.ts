/**
 * The partnership's policy settings: every clock length and reminder interval an administrator
 * may change, with its default (the law or guidance), the range Lantern accepts, and the words
 * the settings page shows. The one place these are defined.
 */
export const POLICY_SETTINGS = [
  {
    key: 'panelNotificationWorkingDays',
    name: 'Working days to notify the National Panel',
    group: 'clocks',
    default: 5,
    min: 1,
    max: 30,
    suffix: 'working days',
    label: 'Notify the National Panel within',
    hint: 'Counted from the day the local authority became aware. Working Together 2023 sets 5 working days.',
  },
  {
    key: 'rapidReviewWorkingDays',
    name: 'Working days to complete the rapid review',
    group: 'clocks',
    default: 15,
    min: 1,
    max: 60,
    suffix: 'working days',
    label: 'Complete the rapid review within',
    hint: 'Counted from the day the Panel was notified. The Panel’s guidance sets 15 working days.',
  },
  {
    key: 'publicationMonths',
    name: 'Months to publish a local review',
    group: 'clocks',
    default: 6,
    min: 1,
    max: 24,
    suffix: 'months',
    label: 'Publish a local review within',
    hint: 'Counted from the decision to hold a local child safeguarding practice review. Working Together 2023 expects 6 months.',
  },
  {
    key: 'reportToPanelWorkingDays',
    name: 'Working days between sending the final report and publication',
    group: 'clocks',
    default: 7,
    min: 0,
    max: 30,
    suffix: 'working days',
    label: 'Send the final report to the Panel and the Secretary of State before publication by',
    hint: 'Working Together 2023 sets at least 7 working days before publication.',
  },
  {
    key: 'agencyReturnWorkingDays',
    name: 'Working days for agencies to return chronologies',
    group: 'reminders',
    default: 10,
    min: 1,
    max: 30,
    suffix: 'working days',
    label: 'Agencies return chronologies for a rapid review within',
    hint: 'Counted from the Panel notification. The usual rapid review plan allows 10 working days.',
  },
  {
    key: 'reminderDaysBeforeDue',
    name: 'Days before the due date to remind the owner',
    group: 'reminders',
    default: 7,
    min: 0,
    max: 60,
    suffix: 'days',
    label: 'Remind the owner of an action or information request before it is due by',
    hint: 'Calendar days before the due date. 0 means no reminder before the due date. Default 7 days.',
  },
  {
    key: 'escalateToLeadAfterDaysOverdue',
    name: 'Days overdue before the organisation lead is told',
    group: 'reminders',
    default: 1,
    min: 1,
    max: 60,
    suffix: 'days',
    label: 'Tell the owner’s organisation lead when it is overdue by',
    hint: 'Calendar days after the due date: 1 is the first day it is overdue. Default 1 day.',
  },
  {
    key: 'escalateToBusinessUnitAfterFurtherDays',
    name: 'Further days before the business unit is told',
    group: 'reminders',
    default: 14,
    min: 1,
    max: 90,
    suffix: 'days',
    label: 'Tell the partnership business unit after a further',
    hint: 'Calendar days after the organisation lead was told. Default 14 days.',
  },
  {
    key: 'unbornLatestOnTimeWeeks',
    name: 'Latest on-time referral to the Unborn Baby Network',
    group: 'unborn',
    default: 16,
    min: 8,
    max: 30,
    suffix: 'weeks of pregnancy',
    label: 'A referral is on time if made by',
    hint: 'Referrals after this are highlighted as late and counted in the late-referral measure. Areas ask for referral by 12 to 16 weeks.',
  },
  {
    key: 'unbornStrategyWorkingDays',
    name: 'Working days to hold the strategy discussion',
    group: 'unborn',
    default: 5,
    min: 1,
    max: 30,
    suffix: 'working days',
    label: 'Hold the strategy discussion within',
    hint: 'Counted from the referral date.',
  },
  {
    key: 'unbornAssessmentWeeks',
    name: 'Pre-birth assessment complete by',
    group: 'unborn',
    default: 28,
    min: 12,
    max: 40,
    suffix: 'weeks of pregnancy',
    label: 'Complete the pre-birth assessment by',
    hint: 'Gestation, counted back from the expected date of delivery.',
  },
  {
    key: 'unbornConferenceWeeks',
    name: 'Pre-birth child protection conference no later than',
    group: 'unborn',
    default: 34,
    min: 12,
    max: 40,
    suffix: 'weeks of pregnancy',
    label: 'Hold a pre-birth child protection conference, if needed, no later than',
    hint: 'Ideally 3 months before the due date (about 27 weeks); no later than about 34 weeks.',
  },
  {
    key: 'unbornBirthPlanWeeks',
    name: 'Birth plan agreed by',
    group: 'unborn',
    default: 36,
    min: 12,
    max: 40,
    suffix: 'weeks of pregnancy',
    label: 'Agree the birth plan by',
    hint: 'Gestation, counted back from the expected date of delivery.',
  },
  {
    key: 'unbornDischargePlanWeeks',
    name: 'Discharge plan agreed by',
    group: 'unborn',
    default: 37,
    min: 12,
    max: 40,
    suffix: 'weeks of pregnancy',
    label: 'Agree the discharge plan by',
    hint: 'Before the baby is born: 37 weeks is full term.',
  },
  {
    key: 'auditRetentionYears',
    name: 'Years to keep the audit log',
    group: 'records',
    default: 7,
    min: 1,
    max: 100,
    suffix: 'years',
    label: 'Keep audit log entries for',
    hint: 'Entries older than this are removed each night, oldest first. Default 7 years; the privacy notice tells people audit records are kept for at least 6.',
  },
  {
    key: 'reviewRetentionYears',
    name: 'Years to keep a closed review',
    group: 'records',
    default: 15,
    min: 1,
    max: 100,
    suffix: 'years',
    label: 'Keep a review’s file after the review is closed for',
    hint: 'Then it is listed as due for disposal; a person decides. Default 15 years, as many councils keep case review files; a published report stays in the library.',
  },
  {
    key: 'familyRecordChildAge',
    name: 'Age of the youngest child until which a family record is kept',
    group: 'records',
    default: 25,
    min: 18,
    max: 100,
    suffix: 'years of age',
    label: 'Keep a family record at least until every child in it has reached',
    hint: 'Default 25, following the NHS Records Management Code of Practice for children’s records (until the 25th birthday).',
  },
  {
    key: 'familyRecordYearsAfterLastEntry',
    name: 'Years to keep a family record after its last entry',
    group: 'records',
    default: 8,
    min: 1,
    max: 100,
    suffix: 'years',
    label: 'And at least, after the last entry on the family record, for',
    hint: 'Covers unborn babies and people without a date of birth. Default 8 years, as the NHS Code of Practice keeps the records of a child who has died.',
  },
] as const satisfies readonly PolicySetting[];

export interface PolicySetting {
  key: string;
  /** A short name for error messages and the audit log. */
  name: string;
  group: 'clocks' | 'reminders' | 'unborn' | 'records';
  default: number;
  min: number;
  max: number;
  suffix: 'working days' | 'months' | 'days' | 'weeks of pregnancy' | 'years' | 'years of age';
  label: string;
  hint: string;
}

export type PolicyKey = (typeof POLICY_SETTINGS)[number]['key'];

/** Every policy value in force: a stored setting where there is one, otherwise the default. */
export type Policy = Record<PolicyKey, number>;

export const POLICY_GROUPS = [
  { id: 'clocks', title: 'Statutory clocks' },
  { id: 'reminders', title: 'Reminders and escalation' },
  { id: 'unborn', title: 'Unborn baby pathway' },
  { id: 'records', title: 'Records retention' },
] as const;

export const POLICY_KEYS: PolicyKey[] = POLICY_SETTINGS.map((s) => s.key);

export const DEFAULT_POLICY = Object.fromEntries(POLICY_SETTINGS.map((s) => [s.key, s.default])) as Policy;

export const isPolicyKey = (key: string): key is PolicyKey => (POLICY_KEYS as string[]).includes(key);

/** The policy in force given the stored rows; a row for a key Lantern no longer knows is ignored. */
export function policyFrom(rows: { key: string; value: number }[]): Policy {
  const policy = { ...DEFAULT_POLICY };
  for (const row of rows) if (isPolicyKey(row.key)) policy[row.key] = row.value;
  return policy;
}
