import { z } from 'zod';
import { pastDate } from '../../platform/schema.ts';
import {
  ADVICE,
  CONTACT_TYPES,
  FACTOR_GROUPS,
  OUT_OF_ROUTINE,
  PERSON_RELATIONSHIPS,
  RISK_LEVELS,
} from './safer-sleep.types.ts';

const contactType = z.enum(CONTACT_TYPES, { error: 'Select the type of contact' });
const contactDate = pastDate('the date of the contact');
const notes = (label: string) =>
  z.string().trim().max(2_000, `${label} must be 2,000 characters or fewer`).optional();

/** One person present or advised: a family member on record (`personId`) or someone else by name. */
export const AssessmentPersonSchema = z
  .object({
    personId: z.string().uuid('Select a family member from the list').optional(),
    name: z.string().trim().max(200, 'The name must be 200 characters or fewer').optional(),
    relationship: z
      .enum(PERSON_RELATIONSHIPS, { error: 'Select how they are related to the baby' })
      .optional(),
    present: z.boolean().default(false),
    advised: z.boolean().default(false),
  })
  .strict();

export const AssessmentSchema = z
  .object({
    contactType,
    contactDate,
    factors: z.array(z.string()).max(100).default([]),
    advice: z.array(z.enum(ADVICE, { error: 'Select advice from the list' })).default([]),
    adviceOther: notes('Other advice'),
    outOfRoutine: z.array(z.enum(OUT_OF_ROUTINE, { error: 'Select situations from the list' })).default([]),
    outOfRoutineNotes: notes('The notes on routines'),
    riskLevel: z.enum(RISK_LEVELS, { error: 'Select the risk level' }),
    plan: z
      .string({ error: 'Enter the plan agreed with the family' })
      .trim()
      .min(1, 'Enter the plan agreed with the family')
      .max(4_000, 'The plan must be 4,000 characters or fewer'),
    people: z.array(AssessmentPersonSchema).max(30).default([]),
    /** High risk only: raise the safer-sleep-risk flag (the default when left out). */
    raiseFlag: z.boolean().optional(),
  })
  .strict();
export type AssessmentInput = z.output<typeof AssessmentSchema>;

export const ContactSchema = z.object({ contactType, contactDate }).strict();

const factorText = z
  .string({ error: 'Enter the risk factor' })
  .trim()
  .min(1, 'Enter the risk factor')
  .max(200, 'The risk factor must be 200 characters or fewer');
const group = z.enum(FACTOR_GROUPS, { error: 'Select the group' });

export const FactorAddSchema = z.object({ text: factorText, group }).strict();
export const FactorChangeSchema = z
  .object({
    text: factorText,
    group,
    sortOrder: z.coerce
      .number({ error: 'Enter the position as a number' })
      .int('Enter the position as a whole number')
      .min(0, 'The position must be 0 or more')
      .max(10_000, 'The position must be 10,000 or less'),
    active: z.boolean(),
    version: z.coerce.number({ error: 'The form is out of date: reload the page' }).int(),
  })
  .strict();

export const MeasuresQuery = z.object({
  months: z.coerce
    .number({ error: 'Months must be a number' })
    .int('Months must be a whole number')
    .min(1, 'Months must be 1 or more')
    .max(36, 'Months must be 36 or fewer')
    .default(12),
});

// ---- API responses ----
const share = z.object({
  count: z.number().int().nullable(),
  total: z.number().int().nullable(),
  percent: z.number().int().nullable(),
  suppressed: z.boolean(),
});

export const MeasuresResponse = z.object({
  months: z.number().int(),
  from: z.string().describe('First month counted, YYYY-MM'),
  smallNumber: z.number().int().describe('Cells with fewer contacts (or assessments) than this are hidden'),
  items: z.array(
    z.object({
      month: z.string(),
      organisationId: z.string(),
      organisationName: z.string(),
      antenatal: share,
      postnatal: share,
      fatherOrPartnerAdvised: share,
    }),
  ),
});

export const AssessmentResponse = z.object({
  id: z.string(),
  personId: z.string(),
  contactId: z.string(),
  contactType: z.enum(CONTACT_TYPES),
  contactDate: z.string(),
  organisationId: z.string(),
  organisationName: z.string(),
  practitionerId: z.string(),
  practitionerName: z.string(),
  factors: z.array(z.object({ code: z.string(), text: z.string(), group: z.enum(FACTOR_GROUPS) })),
  advice: z.array(z.enum(ADVICE)),
  adviceOther: z.string(),
  outOfRoutine: z.array(z.enum(OUT_OF_ROUTINE)),
  outOfRoutineNotes: z.string(),
  riskLevel: z.enum(RISK_LEVELS),
  plan: z.string(),
  flagRaised: z.boolean(),
  people: z.array(
    z.object({
      personId: z.string().nullable(),
      name: z.string(),
      relationship: z.enum(PERSON_RELATIONSHIPS),
      present: z.boolean(),
      advised: z.boolean(),
    }),
  ),
  createdAt: z.string(),
});
