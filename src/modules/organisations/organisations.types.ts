/** Kinds of partner organisation (contract names). */
export const ORGANISATION_TYPES = [
  'local-authority',
  'police',
  'icb',
  'nhs-trust',
  'gp-practice',
  'school',
  'other',
] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

export interface Organisation {
  id: string;
  name: string;
  type: OrganisationType;
}
