import type { Role } from '../../platform/http/current-user.ts';

/**
 * Where an account stands: `invited` until its holder sets a password through their link,
 * `active` after that, `deactivated` once the business unit has switched it off (a leaver).
 */
export const USER_STATUSES = ['active', 'invited', 'deactivated'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/** A person's Lantern account as the business unit manages it. */
export interface AccountUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  organisationId: string;
  organisationName: string;
  jobTitle: string | null;
  status: UserStatus;
  active: boolean;
  deactivatedAt: Date | null;
  version: number;
  createdAt: Date;
  /** When they set up an authenticator app; null if they have none. */
  twoFactorEnabledAt: Date | null;
}

export interface UserFilters {
  organisationId?: string;
  role?: Role;
  status?: UserStatus;
}

/**
 * Why a one-time link was made: to set the first password of an invited account, or to replace a
 * forgotten one. Each has its own lifetime.
 */
export type LinkPurpose = 'invitation' | 'password-reset';

export const ROLE_LABELS: Record<Role, string> = {
  'business-unit': 'Business unit',
  'organisation-lead': 'Organisation safeguarding lead',
  practitioner: 'Practitioner',
  reviewer: 'Reviewer',
  'board-member': 'Board member',
};

export const STATUS_LABELS: Record<UserStatus, string> = {
  active: 'Active',
  invited: 'Invited',
  deactivated: 'Deactivated',
};
