import { z } from 'zod';
import { isoDate, pastDate, uuid } from '../../platform/schema.ts';
import { isValidNhsNumber, normaliseNhsNumber } from './nhs-number.ts';
import { RELATIONSHIPS } from './people.types.ts';

export const nhsNumberSchema = z
  .string({ error: 'Enter the NHS number' })
  .trim()
  .transform(normaliseNhsNumber)
  .refine((v) => /^\d{10}$/.test(v), 'An NHS number is 10 digits, for example 943 476 5919')
  .refine((v) => isValidNhsNumber(v), 'Enter a real NHS number: this one’s check digit is wrong');

const name = (label: string) =>
  z
    .string({ error: `Enter the ${label}` })
    .trim()
    .min(1, `Enter the ${label}`)
    .max(100, `The ${label} must be 100 characters or fewer`);

export const PersonCreateSchema = z
  .object({
    nhsNumber: nhsNumberSchema.optional(),
    givenName: name('given name'),
    familyName: name('family name'),
    dateOfBirth: pastDate('the date of birth').optional(),
    expectedDeliveryDate: isoDate('the expected date of delivery').optional(),
    motherId: uuid('the mother').optional(),
    /** Join an existing family (the family of someone the caller may see). */
    familyId: uuid('the family').optional(),
    relationship: z.enum(RELATIONSHIPS, { error: 'Select how they are related to the baby' }).optional(),
  })
  .strict();
export type PersonCreateInput = z.output<typeof PersonCreateSchema>;

export const BreakGlassSchema = z.object({
  reason: z
    .string({ error: 'Give the reason you need to see this record' })
    .trim()
    .min(10, 'Give the reason you need to see this record, in a sentence')
    .max(1000, 'The reason must be 1,000 characters or fewer'),
});
