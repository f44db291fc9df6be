import { z } from 'zod';
import { REVIEW_TYPES } from '../reviews/index.ts';
import { FIELD_LABELS, IMPORT_FIELDS, REQUIRED_FIELDS, type ImportField } from './imports.types.ts';

/** A column chosen from the mapping page's list: its index, posted as text. */
const column = (field: ImportField) => {
  const message = `Select the column that holds the ${FIELD_LABELS[field].toLowerCase()}`;
  const index = z
    .string({ error: message })
    .regex(/^\d{1,3}$/, 'Select a column from the list')
    .transform(Number);
  return REQUIRED_FIELDS.includes(field) ? index : index.optional();
};

/** The mapping form: which column holds each Lantern field, and the kind of review by default. */
export const MappingSchema = z
  .object({
    ...(Object.fromEntries(IMPORT_FIELDS.map((f) => [f, column(f)])) as Record<
      ImportField,
      ReturnType<typeof column>
    >),
    defaultReviewType: z.enum(REVIEW_TYPES, { error: 'Select the kind of review' }),
  })
  .strict();
export type MappingInput = z.output<typeof MappingSchema>;
