/** The business unit's verdict on a piece of evidence. */
export const EVIDENCE_STATUSES = ['submitted', 'accepted', 'returned'] as const;
export type EvidenceStatus = (typeof EVIDENCE_STATUSES)[number];

/** Evidence that an action is done: text, a file or both, kept with every version. */
export interface Evidence {
  id: string;
  actionId: string;
  title: string;
  status: EvidenceStatus;
  reviewNote: string;
  reviewedByName: string | null;
  reviewedAt: Date | null;
  createdByName: string;
  createdAt: Date;
  version: number;
  versions: EvidenceVersion[];
}

export interface EvidenceVersion {
  versionNumber: number;
  text: string;
  fileName: string | null;
  contentType: string | null;
  sizeBytes: number | null;
  /** When the evidence takes effect (e.g. the day training was delivered), not when it was uploaded. */
  effectiveDate: string;
  uploadedByName: string;
  uploadedAt: Date;
}

export interface EvidenceFile {
  fileName: string;
  contentType: string;
  content: Buffer;
}
