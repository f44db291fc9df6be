import { z } from 'zod';
import { londonToday } from '../../platform/clock.ts';
import { isoDate } from '../../platform/schema.ts';
import { REQUEST_ASKS, REQUEST_STATUSES } from './requests.types.ts';

const asks = z
  .array(z.enum(REQUEST_ASKS, { error: 'Select what you are asking for' }), {
    error: 'Select what you are asking for',
  })
  .min(1, 'Select what you are asking for');
const note = z.string().trim().max(5_000, 'The note must be 5,000 characters or fewer').optional();
/** A due date may be today but not earlier: a request due yesterday would be overdue as it is sent. */
const dueDate = isoDate('the due date')
  .refine(
    (v) => !/^\d{4}-\d{2}-\d{2}$/.test(v) || v >= londonToday(),
    'The due date must be today or in the future',
  )
  .optional();
const otherNeedsNote = (value: { asks: string[]; note?: string | undefined }, ctx: z.RefinementCtx) => {
  if (value.asks.includes('other') && !value.note)
    ctx.addIssue({ code: 'custom', path: ['note'], message: 'Say what else you are asking for in the note' });
};

/** Sending to one or more organisations (the page's checkboxes). */
export const RequestSendSchema = z
  .object({
    organisationIds: z
      .array(z.string(), { error: 'Select at least one organisation to ask' })
      .min(1, 'Select at least one organisation to ask'),
    asks,
    note,
    dueDate,
  })
  .strict()
  .superRefine(otherNeedsNote);

/** The API sends to one organisation at a time. */
export const RequestCreateBody = z
  .object({
    organisationId: z.string({ error: 'Select the organisation to ask' }),
    asks,
    note,
    dueDate,
  })
  .strict()
  .superRefine(otherNeedsNote);

export const AnswerSchema = z
  .object({
    answer: z.string().trim().max(100_000, 'The answer must be 100,000 characters or fewer').optional(),
    version: z.coerce.number().int().optional(),
  })
  .strict();

export const ReturnBody = z
  .object({
    text: z.string().trim().max(100_000, 'The answer must be 100,000 characters or fewer').optional(),
  })
  .strict();

export const WithdrawSchema = z
  .object({
    reason: z
      .string({ error: 'Say why the request is being withdrawn' })
      .trim()
      .min(1, 'Say why the request is being withdrawn')
      .max(2_000, 'The reason must be 2,000 characters or fewer'),
  })
  .strict();

export const RequestResponse = z.object({
  id: z.string(),
  reviewId: z.string(),
  subjectRef: z.string(),
  organisationId: z.string(),
  organisationName: z.string(),
  asks: z.array(z.enum(REQUEST_ASKS)),
  note: z.string(),
  dueDate: z.string(),
  status: z.enum(REQUEST_STATUSES),
  overdue: z.boolean(),
  statusText: z.string(),
  requestedByName: z.string(),
  sentAt: z.date(),
  returnedByName: z.string().nullable(),
  returnedAt: z.date().nullable(),
  withdrawnByName: z.string().nullable(),
  withdrawnAt: z.date().nullable(),
  withdrawnReason: z.string(),
  version: z.number().int(),
});

export const RequestDetailResponse = RequestResponse.extend({
  answer: z.string().nullable(),
  files: z.array(
    z.object({
      id: z.string(),
      fileName: z.string(),
      contentType: z.string(),
      sizeBytes: z.number().int(),
      uploadedByName: z.string(),
      uploadedAt: z.date(),
    }),
  ),
});
