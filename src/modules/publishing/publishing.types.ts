import type { Finding, FindingKind } from '../publication-check/index.ts';

// The kinds and the shape of a finding are the publication check's own (the API contract's list).
export { FINDING_KINDS } from '../publication-check/index.ts';
export type { Finding, FindingKind } from '../publication-check/index.ts';

/**
 * The publication check: every identifier in `text` other than the allowed references. (A detector
 * that answers a promise works too.)
 */
export type FindIdentifiers = (
  text: string,
  options?: { allowed?: string[] },
) => Finding[] | Promise<Finding[]>;

export const FINDING_KIND_LABELS: Record<FindingKind, { one: string; many: string }> = {
  name: { one: 'Personal name', many: 'Personal names' },
  'date-of-birth': { one: 'Date of birth', many: 'Dates of birth' },
  date: { one: 'Date', many: 'Dates' },
  address: { one: 'Address', many: 'Addresses' },
  postcode: { one: 'Postcode', many: 'Postcodes' },
  'nhs-number': { one: 'NHS number', many: 'NHS numbers' },
  phone: { one: 'Phone number', many: 'Phone numbers' },
  email: { one: 'Email address', many: 'Email addresses' },
  school: { one: 'School', many: 'Schools' },
  place: { one: 'Place name', many: 'Place names' },
};

/** The report is published; the press statement goes to the press with it. */
export const DOCUMENTS = ['report', 'press-statement'] as const;
export type DocumentKind = (typeof DOCUMENTS)[number];
export const DOCUMENT_LABELS: Record<DocumentKind, string> = {
  report: 'final report',
  'press-statement': 'press statement',
};

export const FINDING_STATUSES = ['open', 'fixed', 'accepted'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

/** One version of a document's text, without the uploaded file's bytes. */
export interface PublicationDocument {
  id: string;
  reviewId: string;
  document: DocumentKind;
  version: number;
  text: string;
  fileName: string | null;
  contentType: string | null;
  createdByName: string | null;
  createdAt: Date;
}

/** A finding as stored: where it is, the words around it, and what a person decided. */
export interface StoredFinding extends Finding {
  id: string;
  reviewId: string;
  document: DocumentKind;
  documentId: string;
  contextBefore: string;
  contextAfter: string;
  status: FindingStatus;
  reason: string;
  decidedByName: string | null;
  decidedAt: Date | null;
}

export interface PublicationSettings {
  allowed: string[];
  briefingId: string | null;
  /** The title the public sees; required before publishing. */
  publicTitle: string | null;
}

/** A published report as anyone may read it: nothing about who wrote it or what the check found. */
export interface PublicReport {
  reviewId: string;
  reviewType: string;
  publicTitle: string;
  year: number;
  text: string;
}
