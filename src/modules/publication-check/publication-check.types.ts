/** What the publication check looks for: anything in a report that could identify a child or family. */
export const FINDING_KINDS = [
  'name',
  'date-of-birth',
  'date',
  'address',
  'postcode',
  'nhs-number',
  'phone',
  'email',
  'school',
  'place',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/** One thing found in the text; `text` is exactly `source.slice(start, end)` (UTF-16 offsets). */
export interface Finding {
  kind: FindingKind;
  text: string;
  start: number;
  end: number;
}

export interface FindOptions {
  /** Extra strings never reported, e.g. the partnership's name or the child's pseudonym "Child Q". */
  allowed?: string[];
}

/** Each kind in plain words, for the page. */
export const FINDING_KIND_LABELS: Record<FindingKind, string> = {
  name: 'Name of a person',
  'date-of-birth': 'Date of birth',
  date: 'Full date',
  address: 'Address',
  postcode: 'Postcode',
  'nhs-number': 'NHS number',
  phone: 'Phone number',
  email: 'Email address',
  school: 'School or nursery',
  place: 'Small named place',
};
