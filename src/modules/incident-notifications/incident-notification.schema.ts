import { z } from 'zod';
import { pastDate, uuid } from '../../platform/schema.ts';
import { AGE_BANDS, subjectRefSchema } from '../reviews/index.ts';
import {
  ABUSE_OR_NEGLECT,
  ETHNICITIES,
  INCIDENT_CATEGORIES,
  MAX_CHILDREN,
  OUTCOMES,
  SEXES,
  SOCIAL_CARE_STATUSES,
} from './incident-notification.types.ts';

export const TOO_MANY_CHILDREN = `A notification can include up to ${MAX_CHILDREN} children. Give brief details of any other children in the description.`;

export const ChildSchema = z
  .object({
    // The same rule as the review's reference: never a name.
    reference: subjectRefSchema,
    ageBand: z.enum(AGE_BANDS, { error: "Select the child's age band" }),
    sex: z.enum(SEXES, { error: "Select the child's sex" }),
    ethnicity: z.enum(ETHNICITIES, { error: "Select the child's ethnic group" }),
    outcome: z.enum(OUTCOMES, { error: 'Select whether the child died or was seriously harmed' }),
    socialCare: z.enum(SOCIAL_CARE_STATUSES, {
      error: "Select the child's involvement with children’s social care",
    }),
  })
  .strict();

export const NotificationSchema = z
  .object({
    version: z.coerce.number().int().min(1).optional(),
    incidentCategory: z.enum(INCIDENT_CATEGORIES, { error: 'Select the kind of incident' }),
    description: z
      .string({ error: 'Describe the incident' })
      .trim()
      .min(1, 'Describe the incident')
      .max(2_000, 'The description must be 2,000 characters or fewer'),
    abuseOrNeglect: z.enum(ABUSE_OR_NEGLECT, {
      error: 'Select whether abuse or neglect is known or suspected',
    }),
    organisationIds: z.array(uuid('agencies from the list')).max(50).optional(),
    otherAgencies: z
      .string()
      .trim()
      .max(1_000, 'Other agencies must be 1,000 characters or fewer')
      .optional(),
    ofstedNotifiedDate: pastDate('the date Ofsted was notified').nullable().optional(),
    submittedBy: z.string().trim().max(200, 'Who submitted it must be 200 characters or fewer').optional(),
    children: z
      .array(ChildSchema, { error: 'Add at least one child' })
      .min(1, 'Add at least one child')
      .max(MAX_CHILDREN, TOO_MANY_CHILDREN),
  })
  .strict()
  .superRefine((n, ctx) => {
    const seen = new Set<string>();
    n.children.forEach((child, i) => {
      const key = child.reference.toLowerCase();
      if (seen.has(key))
        ctx.addIssue({
          code: 'custom',
          path: ['children', i, 'reference'],
          message: 'Give each child a different reference',
        });
      seen.add(key);
    });
    // Only a looked-after child's death is notified without abuse or neglect known or suspected.
    const lookedAfterDeath = n.children.some((c) => c.socialCare === 'looked-after' && c.outcome === 'died');
    if (n.abuseOrNeglect === 'neither' && !lookedAfterDeath) {
      ctx.addIssue({
        code: 'custom',
        path: ['abuseOrNeglect'],
        message: 'Abuse or neglect must be known or suspected, unless a looked-after child has died',
      });
    }
  });
export type NotificationInput = z.output<typeof NotificationSchema>;

// ---- API shapes ----
/**
 * The PUT body, checked in two steps like a PATCH: `version` first (a stale one is a 409 before
 * any other rule), then every field by the service. Each field documents what it takes.
 */
const described = (text: string) => z.unknown().optional().describe(text);
export const NotificationBody = z.object({
  version: z
    .number()
    .int()
    .optional()
    .describe('The version you last read; leave it out when recording the notification the first time'),
  incidentCategory: described(`one of ${INCIDENT_CATEGORIES.join(', ')}`),
  description: described('A short description of the incident (at most 2,000 characters)'),
  abuseOrNeglect: described(`one of ${ABUSE_OR_NEGLECT.join(', ')}`),
  organisationIds: described('ids of the partner organisations involved'),
  otherAgencies: described('other agencies involved, in words'),
  ofstedNotifiedDate: described('YYYY-MM-DD: when Ofsted was notified, where that applies'),
  submittedBy: described('name and role of whoever submitted the notification'),
  children: described(
    `1 to ${MAX_CHILDREN} children, in order: {reference, ageBand, sex, ethnicity, outcome, socialCare}`,
  ),
});

const ChildResponse = z.object({
  reference: z.string(),
  ageBand: z.enum(AGE_BANDS),
  sex: z.enum(SEXES),
  ethnicity: z.enum(ETHNICITIES),
  outcome: z.enum(OUTCOMES),
  socialCare: z.enum(SOCIAL_CARE_STATUSES),
});

export const NotificationResponse = z.object({
  id: z.string(),
  reviewId: z.string(),
  incidentDate: z.string().describe("The review's incident date"),
  awareDate: z.string().describe("The review's date the local authority became aware"),
  panelNotifiedDate: z
    .string()
    .nullable()
    .describe("The review's date the Panel was notified: record it with PATCH /api/v1/reviews/{id}"),
  incidentCategory: z.enum(INCIDENT_CATEGORIES),
  description: z.string(),
  abuseOrNeglect: z.enum(ABUSE_OR_NEGLECT),
  agencies: z.array(z.object({ id: z.string(), name: z.string() })),
  otherAgencies: z.string(),
  ofstedNotifiedDate: z.string().nullable(),
  submittedBy: z.string(),
  children: z.array(ChildResponse),
  version: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
