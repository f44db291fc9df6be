import { z } from 'zod';
import { isoDate, pageParam, pageSizeParam, uuid } from '../../platform/schema.ts';
import { ACTION_SORTS, ACTION_STATUSES, RECURRENCE_MONTHS } from './actions.types.ts';

const description = z
  .string({ error: 'Enter a description of the action' })
  .trim()
  .min(1, 'Enter a description of the action')
  .max(5_000, 'The description must be 5,000 characters or fewer');
const note = (message: string) =>
  z.string({ error: message }).trim().min(1, message).max(5_000, 'Keep it to 5,000 characters or fewer');

const RECURRENCE_MESSAGE =
  'Select how often the action repeats: every 1, 2, 3, 4, 6 or 12 months, or not at all';
/** Months between occurrences, or null for an action that does not repeat. */
const recurrenceMonths = z
  .number({ error: RECURRENCE_MESSAGE })
  .int(RECURRENCE_MESSAGE)
  .refine((m) => (RECURRENCE_MONTHS as readonly number[]).includes(m), RECURRENCE_MESSAGE)
  .nullable();

/** A due date in the past is accepted: legacy action plans are imported, and the action is then overdue. */
export const ActionCreateSchema = z
  .object({
    organisationId: uuid('the organisation that owns the action'),
    description,
    dueDate: isoDate('the due date'),
    ownerUserId: uuid('an owner').nullable().optional(),
    recurrenceMonths: recurrenceMonths.optional(),
  })
  .strict();

export const ActionUpdateSchema = z
  .object({
    version: z.coerce.number({ error: 'Send the version you last read' }).int().min(1),
    status: z.enum(ACTION_STATUSES, { error: 'Select a status' }).optional(),
    /** Why the business unit sent an action back or reopened it. */
    reason: z.string().trim().max(5_000).optional(),
    description: description.optional(),
    dueDate: isoDate('the due date').optional(),
    /** Required when the due date changes, so slippage is explained. */
    dueDateReason: z.string().trim().max(5_000).optional(),
    organisationId: uuid('the organisation that owns the action').optional(),
    ownerUserId: uuid('an owner').nullable().optional(),
    recurrenceMonths: recurrenceMonths.optional(),
  })
  .strict();
export type ActionUpdateInput = z.output<typeof ActionUpdateSchema>;

export const ProgressSchema = z.object({ note: note('Enter the progress update') }).strict();

const booleanParam = z.enum(['true', 'false'], { error: 'Use true or false' }).transform((v) => v === 'true');

export const ActionListQuery = z.object({
  reviewId: z.string().uuid('reviewId must be a review id').optional(),
  organisationId: z.string().uuid('organisationId must be an organisation id').optional(),
  ownerUserId: z.string().uuid('ownerUserId must be a user id').optional(),
  status: z
    .enum(ACTION_STATUSES, { error: `status must be one of ${ACTION_STATUSES.join(', ')}` })
    .optional(),
  overdue: booleanParam.optional(),
  dueWithinDays: z.coerce.number().int().min(0).max(366, 'dueWithinDays must be 366 or fewer').optional(),
  sort: z.enum(ACTION_SORTS, { error: `sort must be one of ${ACTION_SORTS.join(', ')}` }).default('newest'),
  page: pageParam,
  pageSize: pageSizeParam,
});

export const ActionResponse = z.object({
  id: z.string(),
  recommendationId: z.string().nullable(),
  recommendationNumber: z.number().int().nullable(),
  reviewId: z.string().nullable(),
  subjectRef: z.string().nullable(),
  forumMeetingId: z.string().nullable().describe('Set for an action agreed at a forum meeting'),
  forumId: z.string().nullable(),
  origin: z
    .string()
    .describe('Where the action comes from: "Baby T, recommendation 2" or "GP Forum, 12 March 2026"'),
  organisationId: z.string(),
  organisationName: z.string(),
  ownerUserId: z.string().nullable(),
  ownerName: z.string().nullable(),
  description: z.string(),
  dueDate: z.string(),
  originalDueDate: z.string(),
  status: z.enum(ACTION_STATUSES),
  overdue: z.boolean(),
  closedAt: z.date().nullable(),
  timesMoved: z.number().int(),
  recurrenceMonths: z.number().int().nullable(),
  previousOccurrenceId: z.string().nullable(),
  nextOccurrenceId: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const ActionUpdateResponse = z.object({
  id: z.string(),
  kind: z.string(),
  note: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  authorUserId: z.string(),
  authorName: z.string(),
  createdAt: z.date(),
});
