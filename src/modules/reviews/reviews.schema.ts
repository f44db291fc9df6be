import { z } from 'zod';
import { isoDate, pastDate, uuid } from '../../platform/schema.ts';
import {
  AGE_BANDS,
  ASSURANCE_STATUSES,
  PANEL_RESPONSES,
  POINT_KINDS,
  PUBLICATION_DECISIONS,
  REVIEW_STATUSES,
  REVIEW_TYPES,
} from './reviews.types.ts';

/** Words that may start a pseudonym ("Child Q", "Baby T") without it being taken for a name. */
const PSEUDONYM_WORDS = new Set(['child', 'baby', 'sibling', 'young']);
/** A capital letter, then letters (with apostrophes or hyphens: O'Neil, Mary-Jane), at least one lower case. */
const CAPITALISED = /^\p{Lu}[\p{L}\p{M}'’-]*\p{Ll}[\p{L}\p{M}'’-]*$/u;

/**
 * The contract's rule: two or more capitalised words, none of them Child, Baby, Sibling or
 * Young, look like a forename and surname and are refused. Initials and codes pass. Words are
 * split on spaces and punctuation, so "Smith, John" counts as two words.
 */
export function looksLikeAName(value: string): boolean {
  const words = value.split(/[\s.,;:()"]+/u).filter(Boolean);
  if (words.some((w) => PSEUDONYM_WORDS.has(w.toLowerCase()))) return false;
  return words.filter((w) => CAPITALISED.test(w)).length >= 2;
}

export const subjectRefSchema = z
  .string({ error: "Enter the child's reference" })
  .trim()
  .min(1, "Enter the child's reference")
  .max(20, "The child's reference must be 20 characters or fewer")
  .refine(
    (v) => !looksLikeAName(v),
    "Enter a reference such as initials or a pseudonym (for example NS or Child Q), not the child's name",
  );

const text = (max: number, label: string) =>
  z.string().max(max, `${label} must be ${max} characters or fewer`);
const optionalDate = (label: string) => pastDate(label).nullable().optional();

const reviewFields = {
  type: z.enum(REVIEW_TYPES, { error: 'Select the kind of review' }),
  subjectRef: subjectRefSchema,
  ageBand: z.enum(AGE_BANDS, { error: "Select the child's age band" }).nullable().optional(),
  incidentDate: pastDate('the incident date'),
  awareDate: pastDate('the date the local authority became aware'),
  panelNotifiedDate: optionalDate('the date the National Panel was notified'),
  lcsprDecisionDate: optionalDate('the date of the decision to hold a local review'),
  rapidReviewSentDate: optionalDate('the date the rapid review was sent to the National Panel'),
  reportSentDate: optionalDate('the date the final report was sent to the Panel and the Secretary of State'),
  publishedDate: optionalDate('the date the report was published'),
  plannedPublicationDate: isoDate('the planned publication date').nullable().optional(),
  summary: text(20_000, 'The summary').optional(),
  conclusion: text(5_000, 'The overall conclusion').optional(),
  immediateActions: text(20_000, 'The immediate actions').optional(),
  panelResponse: z
    .enum(PANEL_RESPONSES, { error: "Select the National Panel's response" })
    .nullable()
    .optional(),
  panelResponseDate: optionalDate("the date of the National Panel's response"),
  panelResponseNote: text(5_000, "The note on the Panel's response").optional(),
  publicationDecision: z
    .enum(PUBLICATION_DECISIONS, { error: 'Select a publication decision' })
    .nullable()
    .optional(),
  publicationReason: text(5_000, 'The reason').optional(),
  reviewerIds: z.array(uuid('a reviewer')).max(10).optional(),
};

export const ReviewCreateSchema = z.object(reviewFields).strict();
export type ReviewCreateInput = z.output<typeof ReviewCreateSchema>;

export const versionSchema = z.coerce
  .number({ error: 'Send the version you last read' })
  .int('Send the version you last read')
  .min(1, 'Send the version you last read');

export const ReviewUpdateSchema = z
  .object({
    version: versionSchema,
    ...reviewFields,
    type: reviewFields.type.optional(),
    subjectRef: subjectRefSchema.optional(),
    incidentDate: reviewFields.incidentDate.optional(),
    awareDate: reviewFields.awareDate.optional(),
    status: z.enum(REVIEW_STATUSES, { error: 'Select a status' }).optional(),
  })
  .strict();
export type ReviewUpdateInput = z.output<typeof ReviewUpdateSchema>;

export const PointCreateSchema = z
  .object({
    kind: z.enum(POINT_KINDS, { error: 'Select what you are adding' }),
    text: z
      .string({ error: 'Enter the text' })
      .trim()
      .min(1, 'Enter the text')
      .max(5_000, 'The text must be 5,000 characters or fewer'),
  })
  .strict();

export const RecommendationCreateSchema = z
  .object({
    text: z
      .string({ error: 'Enter the recommendation' })
      .trim()
      .min(1, 'Enter the recommendation')
      .max(5_000, 'The recommendation must be 5,000 characters or fewer'),
    learningPointIds: z.array(uuid('a learning point')).max(50).optional(),
  })
  .strict();

// ---- API response shapes ----
const person = z.object({ id: z.string(), name: z.string() });

export const ReviewResponse = z.object({
  id: z.string(),
  type: z.enum(REVIEW_TYPES),
  status: z.enum(REVIEW_STATUSES),
  subjectRef: z.string(),
  ageBand: z.enum(AGE_BANDS).nullable(),
  incidentDate: z.string(),
  awareDate: z.string(),
  panelNotifiedDate: z.string().nullable(),
  lcsprDecisionDate: z.string().nullable(),
  rapidReviewSentDate: z.string().nullable(),
  reportSentDate: z.string().nullable(),
  publishedDate: z.string().nullable(),
  plannedPublicationDate: z.string().nullable(),
  summary: z.string(),
  conclusion: z.string(),
  immediateActions: z.string(),
  panelResponse: z.enum(PANEL_RESPONSES).nullable(),
  panelResponseDate: z.string().nullable(),
  panelResponseNote: z.string(),
  publicationDecision: z.enum(PUBLICATION_DECISIONS).nullable(),
  publicationReason: z.string(),
  reviewers: z.array(person),
  deadlines: z.record(z.string(), z.string()),
  version: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const PointResponse = z.object({
  id: z.string(),
  reviewId: z.string(),
  kind: z.enum(POINT_KINDS),
  number: z.number().int(),
  text: z.string(),
});

export const RecommendationResponse = z.object({
  id: z.string(),
  reviewId: z.string(),
  number: z.number().int(),
  text: z.string(),
  learningPointIds: z.array(z.string()),
  assuranceStatus: z.enum(ASSURANCE_STATUSES),
  assuranceNote: z.string(),
  assuredByName: z.string().nullable(),
  assuredAt: z.date().nullable(),
  actionCount: z.number().int(),
  openActionCount: z.number().int(),
  version: z.number().int(),
  createdAt: z.date(),
});

export const AssuranceSchema = z
  .object({
    version: versionSchema,
    assuranceStatus: z.enum(ASSURANCE_STATUSES, { error: 'Select the recommendation’s status' }),
    assuranceNote: z.string().trim().max(5_000, 'The note must be 5,000 characters or fewer').optional(),
  })
  .strict();

/**
 * PATCH bodies are checked in two steps: `version` first (a stale one is a 409 before any other
 * rule, as the contract says), then every field by the service. This schema documents the fields
 * without rejecting them early.
 */
export function loosePatchOf(schema: z.ZodObject) {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(schema.shape)) {
    shape[key] =
      key === 'version'
        ? versionSchema
        : z
            .unknown()
            .optional()
            .describe(describeField(field as z.ZodType));
  }
  return z.object(shape);
}

function describeField(field: z.ZodType): string {
  const json = z.toJSONSchema(field, { unrepresentable: 'any', io: 'input' }) as {
    type?: string;
    enum?: unknown[];
  };
  if (json.enum) return `one of ${json.enum.join(', ')}`;
  return json.type ?? 'see the create schema';
}
