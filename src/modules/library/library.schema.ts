import { z } from 'zod';
import { pageParam } from '../../platform/schema.ts';
import { AGE_BANDS, OUTCOMES, REVIEW_TYPES } from './library.types.ts';

const version = z.coerce.number({ error: 'Send the version you last read' }).int().min(1);
const thisYear = new Date().getUTCFullYear();

/** Blank form fields arrive as '' — the same as not given. */
const blankAsUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

export const metadataFields = {
  title: z
    .string({ error: 'Enter the review’s title' })
    .trim()
    .min(1, 'Enter the review’s title')
    .max(300, 'Keep the title to 300 characters or fewer'),
  area: z.string().trim().max(200, 'Keep the area to 200 characters or fewer').optional(),
  year: z.preprocess(
    blankAsUndefined,
    z.coerce
      .number({ error: 'Enter the year as a number, like 2021' })
      .int('Enter the year as a whole number, like 2021')
      .min(1970, 'The year must be 1970 or later')
      .max(thisYear, `The year must be ${thisYear} or earlier`)
      .nullable()
      .optional(),
  ),
  reviewType: z.preprocess(
    blankAsUndefined,
    z.enum(REVIEW_TYPES, { error: 'Select the kind of review' }).optional(),
  ),
  ageBand: z.preprocess(
    blankAsUndefined,
    z.enum(AGE_BANDS, { error: 'Select the child’s age band' }).nullable().optional(),
  ),
  outcome: z.preprocess(blankAsUndefined, z.enum(OUTCOMES, { error: 'Select the outcome' }).optional()),
  sourceUrl: z.preprocess(
    blankAsUndefined,
    z
      .string()
      .trim()
      .max(2_000, 'The link must be 2,000 characters or fewer')
      .regex(
        /^https?:\/\/[^\s]+$/,
        'Enter a link starting with https://, like https://www.example.org/review',
      )
      .nullable()
      .optional(),
  ),
};

export const MetadataSchema = z.object(metadataFields).strict();
export const CreateFromTextSchema = z
  .object({
    ...metadataFields,
    text: z
      .string({ error: 'Enter the review’s text' })
      .trim()
      .min(1, 'Enter the review’s text')
      .max(5_000_000, 'The text must be 5,000,000 characters or fewer'),
  })
  .strict();
export const UpdateSchema = z.object({ ...metadataFields, version }).strict();
export const PatchSchema = z
  .object({
    title: metadataFields.title.optional(),
    area: metadataFields.area,
    year: metadataFields.year,
    reviewType: metadataFields.reviewType,
    ageBand: metadataFields.ageBand,
    outcome: metadataFields.outcome,
    sourceUrl: metadataFields.sourceUrl,
    version,
  })
  .strict();

const many = z.preprocess(
  (v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]),
  z.array(z.string().max(200, 'Each value must be 200 characters or fewer')).max(50),
);

/** The search's query string (page and API alike). */
export const SearchQuery = z.object({
  q: z.string().trim().max(500, 'Keep the search to 500 characters or fewer').optional().default(''),
  year: z.preprocess(
    (v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]),
    z
      .array(
        z.coerce
          .number({ error: 'Year must be a number' })
          .int('Year must be a whole number')
          .min(1970, 'Year must be 1970 or later')
          .max(2100, 'Year must be 2100 or earlier'),
      )
      .max(50),
  ),
  area: many,
  type: z.preprocess(
    (v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]),
    z.array(z.enum(REVIEW_TYPES, { error: 'Type must be one of the review types' })).max(10),
  ),
  ageBand: z.preprocess(
    (v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]),
    z.array(z.enum(AGE_BANDS, { error: 'Age band must be one of the age bands' })).max(10),
  ),
  theme: many,
  page: pageParam,
  pageSize: z.coerce.number().int().min(1).max(200, 'Page size must be 200 or fewer').default(50),
});

export const LibraryReviewResponse = z.object({
  id: z.string(),
  title: z.string(),
  area: z.string(),
  year: z.number().int().nullable(),
  reviewType: z.enum(REVIEW_TYPES),
  ageBand: z.enum(AGE_BANDS).nullable(),
  outcome: z.enum(OUTCOMES),
  sourceUrl: z.string().nullable(),
  fileName: z.string().nullable(),
  contentType: z.string().nullable(),
  sizeBytes: z.number().int().nullable(),
  downloadUrl: z.string().nullable(),
  themes: z.array(z.string()),
  text: z.string(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const SearchItemResponse = z.object({
  id: z.string(),
  title: z.string(),
  area: z.string(),
  year: z.number().int().nullable(),
  snippet: z.string(),
  themes: z.array(z.string()),
});

export const LibraryReviewParams = z.object({ libraryReviewId: z.string() });
