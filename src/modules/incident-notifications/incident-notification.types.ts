import type { AgeBand } from '../reviews/index.ts';

/**
 * What happened, in broad categories like those of the Panel's notification form. The short
 * description says the rest.
 */
export const INCIDENT_CATEGORIES = [
  'sudden-unexpected-death-in-infancy',
  'non-accidental-injury',
  'neglect',
  'sexual-abuse',
  'suicide',
  'killed-by-parent-or-carer',
  'extra-familial-harm',
  'other',
] as const;
export type IncidentCategory = (typeof INCIDENT_CATEGORIES)[number];
export const INCIDENT_CATEGORY_LABELS: Record<IncidentCategory, string> = {
  'sudden-unexpected-death-in-infancy': 'Sudden unexpected death in infancy',
  'non-accidental-injury': 'Non-accidental injury',
  neglect: 'Neglect',
  'sexual-abuse': 'Sexual abuse or exploitation',
  suicide: 'Suicide or suspected suicide',
  'killed-by-parent-or-carer': 'Killed by a parent or carer',
  'extra-familial-harm': 'Harm outside the home (for example criminal exploitation or knife crime)',
  other: 'Other',
};

/**
 * Abuse or neglect must be known or suspected for a notification, except that the death of a
 * looked-after child is notified either way (Children Act 2004, s16C; Working Together 2023).
 */
export const ABUSE_OR_NEGLECT = ['known', 'suspected', 'neither'] as const;
export type AbuseOrNeglect = (typeof ABUSE_OR_NEGLECT)[number];
export const ABUSE_OR_NEGLECT_LABELS: Record<AbuseOrNeglect, string> = {
  known: 'Known',
  suspected: 'Suspected',
  neither: 'Neither known nor suspected (death of a looked-after child)',
};

export const SEXES = ['female', 'male', 'not-known'] as const;
export type Sex = (typeof SEXES)[number];
export const SEX_LABELS: Record<Sex, string> = { female: 'Female', male: 'Male', 'not-known': 'Not known' };

/** Broad ethnic groups, as GOV.UK's list has them. */
export const ETHNICITIES = ['white', 'mixed', 'asian', 'black', 'other', 'not-known'] as const;
export type Ethnicity = (typeof ETHNICITIES)[number];
export const ETHNICITY_LABELS: Record<Ethnicity, string> = {
  white: 'White',
  mixed: 'Mixed or multiple ethnic groups',
  asian: 'Asian or Asian British',
  black: 'Black, Black British, Caribbean or African',
  other: 'Other ethnic group',
  'not-known': 'Not known',
};

export const OUTCOMES = ['died', 'seriously-harmed'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const OUTCOME_LABELS: Record<Outcome, string> = {
  died: 'Died',
  'seriously-harmed': 'Seriously harmed',
};

/** The child's involvement with children's social care when the incident happened, highest first. */
export const SOCIAL_CARE_STATUSES = [
  'looked-after',
  'child-protection-plan',
  'child-in-need',
  'previously-known',
  'not-known',
] as const;
export type SocialCareStatus = (typeof SOCIAL_CARE_STATUSES)[number];
export const SOCIAL_CARE_LABELS: Record<SocialCareStatus, string> = {
  'looked-after': 'Looked after',
  'child-protection-plan': 'On a child protection plan',
  'child-in-need': 'Open to children’s social care (child in need)',
  'previously-known': 'Known before, but not open at the time',
  'not-known': 'Not known to children’s social care',
};

/** The Panel's form takes details of up to 4 children per incident. */
export const MAX_CHILDREN = 4;

export interface NotifiedChild {
  /** Anonymised reference (initials, a code or a pseudonym), never a name. */
  reference: string;
  ageBand: AgeBand;
  sex: Sex;
  ethnicity: Ethnicity;
  outcome: Outcome;
  socialCare: SocialCareStatus;
}

export interface IncidentNotification {
  id: string;
  reviewId: string;
  incidentCategory: IncidentCategory;
  description: string;
  abuseOrNeglect: AbuseOrNeglect;
  /** Partner organisations involved with the child or family. */
  agencies: { id: string; name: string }[];
  /** Agencies outside the partnership, in words. */
  otherAgencies: string;
  ofstedNotifiedDate: string | null;
  /** Name and role of whoever submitted the notification on the Panel's system. */
  submittedBy: string;
  children: NotifiedChild[];
  version: number;
  createdAt: Date;
  updatedAt: Date;
}
