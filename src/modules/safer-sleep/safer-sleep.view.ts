import {
  ADVICE,
  ADVICE_LABELS,
  CONTACT_TYPE_LABELS,
  CONTACT_TYPES,
  FACTOR_GROUP_LABELS,
  FACTOR_GROUPS,
  OUT_OF_ROUTINE,
  OUT_OF_ROUTINE_LABELS,
  RISK_LEVEL_LABELS,
  RISK_LEVELS,
} from './safer-sleep.types.ts';

/** Words the templates show for the module's codes. */
export const viewLabels = {
  contactTypes: CONTACT_TYPES.map((value) => ({ value, text: CONTACT_TYPE_LABELS[value] })),
  contactTypeLabels: CONTACT_TYPE_LABELS,
  riskLevels: RISK_LEVELS.map((value) => ({ value, text: RISK_LEVEL_LABELS[value] })),
  riskLevelLabels: RISK_LEVEL_LABELS,
  adviceItems: ADVICE.map((value) => ({ value, text: ADVICE_LABELS[value] })),
  adviceLabels: ADVICE_LABELS,
  routineItems: OUT_OF_ROUTINE.map((value) => ({ value, text: OUT_OF_ROUTINE_LABELS[value] })),
  routineLabels: OUT_OF_ROUTINE_LABELS,
  groups: FACTOR_GROUPS.map((value) => ({ value, text: FACTOR_GROUP_LABELS[value] })),
  groupLabels: FACTOR_GROUP_LABELS,
  personRelationships: [
    { value: 'father-or-partner', text: 'Father or partner' },
    { value: 'mother', text: 'Mother' },
    { value: 'carer', text: 'Other carer' },
    { value: 'sibling', text: 'Sibling' },
    { value: 'other', text: 'Someone else' },
  ],
  relationshipLabels: {
    mother: 'Mother',
    'father-or-partner': 'Father or partner',
    carer: 'Other carer',
    sibling: 'Sibling',
    other: 'Someone else',
  } as Record<string, string>,
};
