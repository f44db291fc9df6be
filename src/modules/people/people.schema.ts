import { z } from 'zod';
import { isoDate, pageParam, pageSizeParam, pastDate, uuid } from '../../platform/schema.ts';
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

/**
 * Corrects a person's details. Only the fields sent change; `null` clears the NHS number or a
 * date. `version` is the one last read.
 */
export const PersonUpdateSchema = z
  .object({
    version: z.coerce.number({ error: 'Send the version you last read' }).int().min(1),
    givenName: name('given name').optional(),
    familyName: name('family name').optional(),
    nhsNumber: nhsNumberSchema.nullable().optional(),
    dateOfBirth: pastDate('the date of birth').nullable().optional(),
    expectedDeliveryDate: isoDate('the expected date of delivery').nullable().optional(),
    relationship: z.enum(RELATIONSHIPS, { error: 'Select who they are in the family' }).optional(),
  })
  .strict();
export type PersonUpdateInput = z.output<typeof PersonUpdateSchema>;

export const OrganisationAddSchema = z.object({
  organisationId: uuid('an organisation from the list'),
});

/** Searched text: surrounding spaces dropped, inner runs of spaces made one. */
const searchText = (label: string) =>
  z
    .string()
    .transform((v) => v.trim().replace(/\s+/g, ' '))
    .pipe(z.string().max(100, `The ${label} must be 100 characters or fewer`))
    .optional();

/**
 * Find a person: by NHS number, or by the start of the family name (the start of the given name
 * and the date of birth narrow it), one page at a time.
 */
export const PersonSearchSchema = z
  .object({
    nhsNumber: nhsNumberSchema.optional(),
    familyName: searchText('family name'),
    givenName: searchText('given name'),
    dateOfBirth: isoDate('the date of birth').optional(),
    page: pageParam,
    pageSize: pageSizeParam,
  })
  .refine((q) => q.nhsNumber || q.familyName, {
    path: ['nhsNumber'],
    message: 'Enter an NHS number, or a family name',
  });

const dateOrNull = z.string().nullable();

/** A person as the API returns them, with how the caller stands to the record. */
export const PersonResponse = z.object({
  id: z.string(),
  familyId: z.string(),
  relationship: z.enum(RELATIONSHIPS),
  nhsNumber: z.string().nullable(),
  givenName: z.string(),
  familyName: z.string(),
  dateOfBirth: dateOrNull,
  expectedDeliveryDate: dateOrNull,
  motherId: z.string().nullable(),
  version: z.number().int(),
  access: z.enum(['involved', 'granted']),
  organisations: z.array(z.object({ id: z.string(), name: z.string() })),
});

/**
 * A search match. For a record the caller may open only by breaking the glass, only `id` and
 * `access: "break-glass"` are given: no names or dates until a reason is recorded.
 */
export const PersonSearchItem = z.object({
  id: z.string(),
  access: z.enum(['involved', 'granted', 'break-glass']),
  relationship: z.enum(RELATIONSHIPS).optional(),
  nhsNumber: z.string().nullable().optional(),
  givenName: z.string().optional(),
  familyName: z.string().optional(),
  dateOfBirth: dateOrNull.optional(),
  expectedDeliveryDate: dateOrNull.optional(),
});

export const PersonSearchQuery = z.object({
  nhsNumber: z.string().optional(),
  familyName: z.string().optional().describe('The start of the family name, any case'),
  givenName: z.string().optional().describe('The start of the given name, any case'),
  dateOfBirth: z.string().optional().describe('YYYY-MM-DD'),
  page: z.string().optional().describe('From 1; default 1'),
  pageSize: z.string().optional().describe('Default 50, at most 200'),
});

export const FlagResponse = z.object({
  id: z.string(),
  personId: z.string(),
  type: z.string(),
  name: z.string(),
  symbol: z.string(),
  meaning: z.string(),
  guidance: z.string(),
  note: z.string(),
  consent: z.boolean().nullable(),
  status: z.enum(['active', 'ended']),
  /** True when the flag is on the person's mother and shown on this baby's record. */
  onMother: z.boolean(),
  raisedBy: z.object({ name: z.string(), organisationId: z.string(), organisationName: z.string() }),
  raisedAt: z.string(),
  endedAt: z.string().nullable(),
  endReason: z.string(),
  version: z.number().int(),
});

export const FlagRaiseBody = z.object({
  type: z.string(),
  note: z.string().optional(),
  consent: z.boolean().optional(),
});
export const FlagEndBody = z.object({ reason: z.string(), version: z.number().int() });
export const BreakGlassBody = z.object({ reason: z.string() });
export const OrganisationAddBody = z.object({
  organisationId: z.string().describe('The id of an organisation of the partnership'),
});
