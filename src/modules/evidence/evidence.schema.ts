import { z } from 'zod';
import { isoDate } from '../../platform/schema.ts';

export const EvidenceSubmitSchema = z
  .object({
    title: z
      .string({ error: 'Enter a title for the evidence' })
      .trim()
      .min(1, 'Enter a title for the evidence')
      .max(200, 'The title must be 200 characters or fewer'),
    text: z.string().trim().max(20_000, 'The description must be 20,000 characters or fewer').optional(),
    effectiveDate: isoDate('the date the evidence takes effect'),
  })
  .strict();

export const EvidenceVersionSchema = EvidenceSubmitSchema.omit({ title: true });

export const EvidenceReviewSchema = z
  .object({
    decision: z.enum(['accept', 'return'], { error: 'Select whether to accept the evidence or return it' }),
    note: z.string().trim().max(5_000, 'The note must be 5,000 characters or fewer').optional(),
  })
  .strict();

const version = z.object({
  versionNumber: z.number().int(),
  text: z.string(),
  fileName: z.string().nullable(),
  contentType: z.string().nullable(),
  sizeBytes: z.number().int().nullable(),
  effectiveDate: z.string(),
  uploadedByName: z.string(),
  uploadedAt: z.date(),
});

export const EvidenceResponse = z.object({
  id: z.string(),
  actionId: z.string(),
  title: z.string(),
  status: z.enum(['submitted', 'accepted', 'returned']),
  reviewNote: z.string(),
  reviewedByName: z.string().nullable(),
  reviewedAt: z.date().nullable(),
  createdByName: z.string(),
  createdAt: z.date(),
  version: z.number().int(),
  versions: z.array(version),
});
