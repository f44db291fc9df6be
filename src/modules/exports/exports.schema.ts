import { z } from 'zod';
import { ACTION_SORTS, ACTION_STATUSES } from '../actions/index.ts';

export const TRACKER_FORMATS = ['csv', 'xlsx'] as const;
export type TrackerFormat = (typeof TRACKER_FORMATS)[number];
export const PLAN_FORMATS = ['xlsx', 'pdf'] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];

const booleanParam = z.enum(['true', 'false'], { error: 'Use true or false' }).transform((v) => v === 'true');

/** The filters of `GET /api/v1/actions` (without paging: the file holds every matching action). */
export const TrackerExportQuery = z.object({
  format: z
    .enum(TRACKER_FORMATS, { error: `format must be one of ${TRACKER_FORMATS.join(', ')}` })
    .default('csv')
    .describe('csv (UTF-8 with a byte-order mark) or xlsx (one worksheet per review); csv when left out'),
  reviewId: z.string().uuid('reviewId must be a review id').optional(),
  organisationId: z.string().uuid('organisationId must be an organisation id').optional(),
  status: z
    .enum(ACTION_STATUSES, { error: `status must be one of ${ACTION_STATUSES.join(', ')}` })
    .optional(),
  overdue: booleanParam.optional(),
  dueWithinDays: z.coerce.number().int().min(0).max(366, 'dueWithinDays must be 366 or fewer').optional(),
  sort: z
    .enum(ACTION_SORTS, { error: `sort must be one of ${ACTION_SORTS.join(', ')}` })
    .optional()
    .describe(
      'the tracker order; when left out, rows go review by review, then by recommendation and due date',
    ),
});

export const ActionPlanQuery = z.object({
  format: z.enum(PLAN_FORMATS, { error: `format must be one of ${PLAN_FORMATS.join(', ')}` }),
});

export const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
} as const;

/** A downloaded file, documented in OpenAPI by content type. */
export function fileResponse(description: string, formats: readonly (keyof typeof CONTENT_TYPES)[]) {
  const binary = z.string().meta({ format: 'binary' });
  return {
    description,
    content: Object.fromEntries(formats.map((f) => [CONTENT_TYPES[f].split(';')[0]!, { schema: binary }])),
  };
}
