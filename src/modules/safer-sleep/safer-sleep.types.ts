/** How local frameworks group safer-sleep risk. */
export const FACTOR_GROUPS = ['predisposing', 'situational', 'family-vulnerability'] as const;
export type FactorGroup = (typeof FACTOR_GROUPS)[number];
export const FACTOR_GROUP_LABELS: Record<FactorGroup, string> = {
  predisposing: 'Predisposing',
  situational: 'Situational ("out of routine")',
  'family-vulnerability': 'Family vulnerability',
};

/** A risk factor an assessment can record (configurable by the business unit). */
export interface SaferSleepFactor {
  code: string;
  text: string;
  group: FactorGroup;
  sortOrder: number;
  active: boolean;
  version: number;
}

/** The contacts at which safer-sleep advice is given. New-birth visits count as postnatal. */
export const CONTACT_TYPES = ['antenatal', 'new-birth', 'postnatal', 'other'] as const;
export type ContactType = (typeof CONTACT_TYPES)[number];
export const CONTACT_TYPE_LABELS: Record<ContactType, string> = {
  antenatal: 'Antenatal',
  'new-birth': 'New birth visit',
  postnatal: 'Postnatal',
  other: 'Other contact',
};

export const RISK_LEVELS = ['low', 'raised', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
export const RISK_LEVEL_LABELS: Record<RiskLevel, string> = { low: 'Low', raised: 'Raised', high: 'High' };

/** Standard safer-sleep advice (the Lullaby Trust's key messages). */
export const ADVICE = [
  'back-to-sleep',
  'own-cot',
  'clear-cot',
  'room-temperature',
  'smoke-free',
  'never-sofa',
  'no-bed-sharing-when',
  'out-of-routine-plan',
] as const;
export type Advice = (typeof ADVICE)[number];
export const ADVICE_LABELS: Record<Advice, string> = {
  'back-to-sleep': 'Always put the baby on their back to sleep',
  'own-cot': 'Own cot or Moses basket in the parents’ room for the first 6 months',
  'clear-cot': 'Firm, flat mattress; no pillows, duvets, bumpers or toys; feet to foot',
  'room-temperature': 'Keep the head uncovered and the room at 16–20 °C',
  'smoke-free': 'Keep the baby smoke-free, in pregnancy and after birth',
  'never-sofa': 'Never sleep with the baby on a sofa or armchair',
  'no-bed-sharing-when': 'Never share a bed after alcohol, drugs or sedating medication, or when very tired',
  'out-of-routine-plan': 'Plan where the baby will sleep when routines change',
};

/** "Out of routine" situations (the National Panel's review) a practitioner may discuss. */
export const OUT_OF_ROUTINE = ['visiting', 'holidays', 'illness', 'moving-house', 'celebrations'] as const;
export type OutOfRoutine = (typeof OUT_OF_ROUTINE)[number];
export const OUT_OF_ROUTINE_LABELS: Record<OutOfRoutine, string> = {
  visiting: 'Visiting or staying with others',
  holidays: 'Holidays',
  illness: 'Illness (the baby’s or a parent’s)',
  'moving-house': 'Moving house',
  celebrations: 'Celebrations and parties',
};

export const PERSON_RELATIONSHIPS = ['mother', 'father-or-partner', 'carer', 'sibling', 'other'] as const;
export type AssessedRelationship = (typeof PERSON_RELATIONSHIPS)[number];

/** One person present at, or advised during, an assessment. */
export interface AssessmentPerson {
  personId: string | null;
  name: string;
  relationship: AssessedRelationship;
  present: boolean;
  advised: boolean;
}

export interface Assessment {
  id: string;
  personId: string;
  contactId: string;
  contactType: ContactType;
  contactDate: string;
  organisationId: string;
  organisationName: string;
  practitionerId: string;
  practitionerName: string;
  factors: string[];
  advice: Advice[];
  adviceOther: string;
  outOfRoutine: OutOfRoutine[];
  outOfRoutineNotes: string;
  riskLevel: RiskLevel;
  plan: string;
  flagRaised: boolean;
  people: AssessmentPerson[];
  createdAt: Date;
}

export interface Contact {
  id: string;
  personId: string;
  organisationId: string;
  organisationName: string;
  practitionerId: string;
  practitionerName: string;
  contactDate: string;
  contactType: ContactType;
  hasAssessment: boolean;
}

/** A share: `count` of `total`, hidden (null) when the total is too small to publish. */
export interface Share {
  count: number | null;
  total: number | null;
  percent: number | null;
  suppressed: boolean;
}

export interface MeasureRow {
  month: string;
  organisationId: string;
  organisationName: string;
  antenatal: Share;
  postnatal: Share;
  fatherOrPartnerAdvised: Share;
}

/** Cells counting fewer than this many contacts (or assessments) are hidden. */
export const SMALL_NUMBER = 5;
