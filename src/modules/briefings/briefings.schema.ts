import { z } from 'zod';
import { pageParam, pageSizeParam, pastDate } from '../../platform/schema.ts';
import { BRIEFING_STATUSES, SECTIONS } from './briefings.types.ts';

const MAX_SECTION = 10_000;
const ids = (message: string) =>
  z
    .array(z.string().uuid(message), { error: message })
    .max(200, message)
    .transform((v) => [...new Set(v)]);

const sectionFields = Object.fromEntries(
  SECTIONS.map((s) => [
    s.key,
    z
      .string({ error: `${s.label} must be text` })
      .trim()
      .max(MAX_SECTION, `${s.label} must be ${MAX_SECTION.toLocaleString('en-GB')} characters or fewer`)
      .optional(),
  ]),
) as Record<(typeof SECTIONS)[number]['key'], z.ZodOptional<z.ZodString>>;

const titleField = z
  .string({ error: 'Enter a title' })
  .trim()
  .min(1, 'Enter a title')
  .max(200, 'The title must be 200 characters or fewer');

const contentFields = {
  title: titleField,
  ...sectionFields,
  learningPointIds: ids('Select learning points from the list').optional(),
  recommendationIds: ids('Select recommendations from the list').optional(),
};

export const versionField = z.coerce
  .number({ error: 'Send the version you last read' })
  .int('Send the version you last read')
  .min(1, 'Send the version you last read');

/** A new draft from a review: only the review is required; everything else is pre-filled from it. */
export const BriefingCreateSchema = z
  .object({
    reviewId: z.string({ error: 'Select a review' }).uuid('Select a review'),
    ...contentFields,
    title: titleField.optional(),
  })
  .strict();

/** Saving a draft: only what is sent changes; a title sent must not be empty; sections may stay empty until publishing. */
export const BriefingUpdateSchema = z
  .object({ version: versionField, ...contentFields, title: titleField.optional() })
  .strict();

export const PublishSchema = z
  .object({
    version: versionField,
    organisationIds: z
      .array(z.string().uuid('Select organisations from the list'), {
        error: 'Select at least one organisation',
      })
      .min(1, 'Select at least one organisation')
      .max(500)
      .transform((v) => [...new Set(v)]),
  })
  .strict();

export const ConfirmSharedSchema = z
  .object({
    sharedDate: pastDate('the date it was shared'),
    how: z.string().trim().max(500, 'How it was shared must be 500 characters or fewer').optional(),
  })
  .strict();

export const ListQuery = z.object({
  reviewId: z.string().optional(),
  page: pageParam,
  pageSize: pageSizeParam,
});

const point = z.object({ id: z.string(), number: z.number().int(), text: z.string() });

export const RecipientResponse = z.object({
  organisationId: z.string(),
  organisationName: z.string(),
  sharedDate: z.string().nullable().describe('The day the lead says it was shared with staff'),
  sharedHow: z.string(),
  confirmedByName: z.string().nullable(),
  confirmedAt: z.date().nullable(),
  acknowledgements: z.number().int().describe('Staff of this organisation who have read it'),
});

export const BriefingResponse = z.object({
  id: z.string(),
  version: z.number().int(),
  reviewId: z.string(),
  reviewRef: z.string(),
  status: z.enum(BRIEFING_STATUSES),
  title: z.string(),
  ...Object.fromEntries(SECTIONS.map((s) => [s.key, z.string().describe(s.label)])),
  learningPointIds: z.array(z.string()),
  recommendationIds: z.array(z.string()),
  learningPoints: z.array(point),
  recommendations: z.array(point),
  createdAt: z.date(),
  updatedAt: z.date(),
  publishedDate: z.string().nullable(),
  publishedByName: z.string().nullable(),
  recipients: z.array(RecipientResponse),
  reach: z.object({
    organisations: z.number().int(),
    confirmed: z.number().int(),
    acknowledgements: z.number().int(),
  }),
  acknowledgedByMe: z.boolean(),
});

export const BriefingListItemResponse = z.object({
  id: z.string(),
  title: z.string(),
  reviewId: z.string(),
  reviewRef: z.string(),
  status: z.enum(BRIEFING_STATUSES),
  publishedDate: z.string().nullable(),
  organisations: z.number().int(),
  confirmed: z.number().int(),
  acknowledgements: z.number().int(),
  updatedAt: z.date(),
});
