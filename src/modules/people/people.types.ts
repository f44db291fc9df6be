export const RELATIONSHIPS = ['baby', 'mother', 'father-or-partner', 'carer', 'sibling', 'other'] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];

export const RELATIONSHIP_LABELS: Record<Relationship, string> = {
  baby: 'Baby',
  mother: 'Mother',
  'father-or-partner': 'Father or partner',
  carer: 'Other carer',
  sibling: 'Sibling',
  other: 'Other family member',
};

export interface Person {
  id: string;
  familyId: string;
  relationship: Relationship;
  nhsNumber: string | null;
  givenName: string;
  familyName: string;
  dateOfBirth: string | null;
  expectedDeliveryDate: string | null;
  motherId: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * How the actor stands to a person's record. `involved`: their organisation is involved with the
 * family; `granted`: they broke the glass recently; `break-glass`: they may open it by giving a
 * reason; `none`: their role never sees family records.
 */
export type RecordAccess = 'involved' | 'granted' | 'break-glass' | 'none';
