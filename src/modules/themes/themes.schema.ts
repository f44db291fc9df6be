import { z } from 'zod';
import { DECISIONS, THEME_STATUSES } from './themes.types.ts';

const version = z.coerce.number({ error: 'Send the version you last read' }).int().min(1);

/** Keywords arrive as a list (API) or as text with one per line (the page's textarea). */
const keywords = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(/\r?\n/) : v),
  z
    .array(
      z
        .string({ error: 'Enter each keyword as text' })
        .trim()
        .max(100, 'Keep each keyword to 100 characters or fewer'),
    )
    .max(100, 'Enter 100 keywords or fewer')
    .transform((list) => [...new Set(list.filter((k) => k !== ''))])
    .refine(
      (list) => list.every((k) => /[\p{L}\p{N}]/u.test(k)),
      'Each keyword must contain a letter or a number',
    ),
);

const themeFields = {
  name: z
    .string({ error: 'Enter the theme’s name' })
    .trim()
    .min(1, 'Enter the theme’s name')
    .max(100, 'Keep the name to 100 characters or fewer'),
  description: z.string().trim().max(1_000, 'Keep the description to 1,000 characters or fewer').optional(),
  keywords: keywords.optional(),
};

export const ThemeAddSchema = z.object(themeFields).strict();
export const ThemeChangeSchema = z
  .object({ ...themeFields, active: z.boolean().optional(), version })
  .strict();

export const DecisionSchema = z
  .object({
    theme: z.string({ error: 'Select a theme' }).trim().min(1, 'Select a theme').max(100),
    decision: z.enum(DECISIONS, { error: 'Choose confirmed or rejected' }),
  })
  .strict();

const year = (label: string) =>
  z.coerce
    .number({ error: `Enter ${label} as a year, like 2021` })
    .int(`Enter ${label} as a year, like 2021`)
    .min(1970, `Enter ${label} as a year from 1970`)
    .max(2100, `Enter ${label} as a year before 2100`);

export const YearRangeQuery = z
  .object({ fromYear: year('the first year').optional(), toYear: year('the last year').optional() })
  .refine((r) => r.fromYear === undefined || r.toYear === undefined || r.fromYear <= r.toYear, {
    path: ['toYear'],
    message: 'The last year must be the same as or after the first year',
  });

export const ReviewsBehindQuery = z.object({
  theme: z.string({ error: 'Select a theme' }).min(1, 'Select a theme').max(100),
  with: z.string().min(1).max(100).optional(),
  /** A year, or `unknown` for reviews that give none. */
  year: z.union([z.literal('unknown'), year('the year')]).optional(),
  fromYear: year('the first year').optional(),
  toYear: year('the last year').optional(),
});

export const LibraryReviewParams = z.object({ libraryReviewId: z.string() });

export const ThemeResponse = z.object({
  code: z.string(),
  name: z.string(),
  description: z.string(),
  keywords: z.array(z.string()),
  active: z.boolean(),
  sortOrder: z.number().int(),
  version: z.number().int(),
});

const SpanResponse = z.object({ start: z.number().int(), end: z.number().int() });
export const ReviewThemeResponse = z.object({
  code: z.string(),
  name: z.string(),
  status: z.enum(THEME_STATUSES),
  score: z.number(),
  passages: z.array(SpanResponse.extend({ text: z.string(), marks: z.array(SpanResponse).optional() })),
  decidedByName: z.string().nullable(),
  decidedAt: z.string().nullable(),
});

export const AnalysisResponse = z.object({
  byYear: z.array(
    z.object({ theme: z.string(), year: z.number().int().nullable(), reviews: z.number().int() }),
  ),
  coOccurrence: z.array(z.object({ theme: z.string(), with: z.string(), reviews: z.number().int() })),
});
