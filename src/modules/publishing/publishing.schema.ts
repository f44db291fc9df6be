import { z } from 'zod';

export const MAX_TEXT = 500_000;

export const PastedTextSchema = z.object({
  text: z
    .string({ error: 'Paste the text, or choose a file' })
    .trim()
    .min(1, 'Paste the text, or choose a file')
    .max(MAX_TEXT, 'The text must be 500,000 characters or fewer'),
});

export const EditTextSchema = z.object({
  text: z
    .string({ error: 'Enter the report’s text' })
    .trim()
    .min(1, 'Enter the report’s text')
    .max(MAX_TEXT, 'The text must be 500,000 characters or fewer'),
});

export const AcceptSchema = z.object({
  reason: z
    .string({ error: 'Give the reason this can be published' })
    .trim()
    .min(1, 'Give the reason this can be published')
    .max(2_000, 'Keep the reason to 2,000 characters or fewer'),
});

export const SettingsSchema = z.object({
  allowed: z
    .array(z.string().trim().max(100, 'Keep each reference to 100 characters or fewer'))
    .max(100, 'List 100 references or fewer'),
  briefingId: z.string().nullable(),
  publicTitle: z
    .string()
    .trim()
    .max(150, 'Keep the public title to 150 characters or fewer')
    .nullish()
    .transform((v) => v || null),
});
