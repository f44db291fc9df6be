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

export const ORGANISATION_TYPE_LABELS: Record<OrganisationType, string> = {
  'local-authority': "Local authority (children's services)",
  police: 'Police',
  icb: 'Integrated Care Board',
  'nhs-trust': 'NHS trust',
  'gp-practice': 'GP practice',
  school: 'School',
  other: 'Other',
};

/** An organisation as the business unit manages it, with who commissions (and so oversees) it. */
export interface OrganisationSettings extends Organisation {
  commissionedBy: string | null;
  commissionedByName: string | null;
}
