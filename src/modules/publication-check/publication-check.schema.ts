import { z } from 'zod';
import { FINDING_KINDS } from './publication-check.types.ts';

/** A whole report fits: the longest published reviews are well under 2 million characters. */
export const MAX_TEXT_LENGTH = 2_000_000;

/** JSON or a form with 2,000,000 characters of text can be several times that in bytes once escaped. */
export const CHECK_BODY_LIMIT = 16 * 1024 * 1024;

export const PublicationCheckSchema = z.object({
  text: z
    .string({ error: 'Enter the text to check' })
    .max(MAX_TEXT_LENGTH, 'The text must be 2,000,000 characters or fewer'),
  allowed: z
    .array(
      z
        .string({ error: 'Each allowed entry must be text' })
        .max(200, 'Keep each allowed entry to 200 characters or fewer'),
    )
    .max(200, 'List 200 allowed entries or fewer')
    .optional(),
});
export type PublicationCheckInput = z.infer<typeof PublicationCheckSchema>;

export const FindingResponse = z.object({
  kind: z.enum(FINDING_KINDS),
  text: z.string(),
  start: z.number().int(),
  end: z.number().int(),
});
export const PublicationCheckResponse = z.object({ findings: z.array(FindingResponse) });
