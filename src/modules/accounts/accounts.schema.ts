import { z } from 'zod';
import { ROLES, type Role } from '../../platform/http/current-user.ts';
import { pageParam, pageSizeParam } from '../../platform/schema.ts';
import { USER_STATUSES } from './accounts.types.ts';

const ROLE_VALUES = ROLES as unknown as [Role, ...Role[]];
const roleSchema = z.enum(ROLE_VALUES, { error: 'Select a role' });
const organisationIdSchema = z
  .string({ error: 'Select an organisation' })
  .uuid('Select an organisation from the list');

export const InviteSchema = z
  .object({
    name: z
      .string({ error: 'Enter their full name' })
      .trim()
      .min(1, 'Enter their full name')
      .max(200, 'Full name must be 200 characters or fewer'),
    email: z
      .string({ error: 'Enter their email address' })
      .trim()
      .min(1, 'Enter their email address')
      .max(320, 'Email address must be 320 characters or fewer')
      .email('Enter an email address in the correct format, like name@example.com')
      .transform((v) => v.toLowerCase()),
    organisationId: organisationIdSchema,
    role: roleSchema,
    jobTitle: z.string().trim().max(200, 'Job title must be 200 characters or fewer').optional(),
  })
  .strict();
export type InviteInput = z.output<typeof InviteSchema>;

export const versionSchema = z.coerce
  .number({ error: 'Send the version you last read' })
  .int('Send the version you last read')
  .min(1, 'Send the version you last read');

export const UserUpdateSchema = z
  .object({
    version: versionSchema,
    role: roleSchema.optional(),
    organisationId: organisationIdSchema.optional(),
    active: z.boolean({ error: 'Active must be true or false' }).optional(),
  })
  .strict();
export type UserUpdateInput = z.output<typeof UserUpdateSchema>;

/**
 * The API's PATCH body: `version` is checked first (a stale one is 409 before any other rule, as
 * the contract says); the service checks the rest with `UserUpdateSchema`.
 */
export const UserPatchBody = z.object({
  version: versionSchema,
  role: z
    .unknown()
    .optional()
    .describe(`one of ${ROLES.join(', ')}`),
  organisationId: z.unknown().optional().describe('an organisation id'),
  active: z.unknown().optional().describe('false deactivates a leaver; true reactivates'),
});

/** Setting a password through a link, or changing one's own (which also needs the current one). */
export const NewPasswordSchema = z.object({
  password: z.string({ error: 'Enter a new password' }).min(1, 'Enter a new password'),
  confirmPassword: z.string({ error: 'Enter the new password again' }).min(1, 'Enter the new password again'),
});
export const ChangePasswordSchema = NewPasswordSchema.extend({
  currentPassword: z
    .string({ error: 'Enter your current password' })
    .min(1, 'Enter your current password')
    .max(1000),
});

export const UserListQuery = z.object({
  organisationId: z.string().uuid('Select an organisation from the list').optional(),
  role: roleSchema.optional(),
  status: z.enum(USER_STATUSES, { error: 'Select a status' }).optional(),
  page: pageParam,
  pageSize: pageSizeParam,
});

export const UserResponse = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLE_VALUES),
  organisationId: z.string(),
  organisationName: z.string(),
  jobTitle: z.string().nullable(),
  status: z.enum(USER_STATUSES),
  active: z.boolean(),
  deactivatedAt: z.date().nullable(),
  version: z.number().int(),
  createdAt: z.date(),
});
