/** The kinds of record the retention schedule disposes of. */
export type RecordType = 'review' | 'family';
export const RECORD_TYPES: readonly RecordType[] = ['review', 'family'];

/**
 * Which rule set a record's disposal date: a review some years after it was closed; a family record
 * when its youngest child reaches an age, or some years after its last entry, whichever is later.
 */
export type RetentionRule = 'review-closed' | 'child-age' | 'last-entry';

/** A record found past its retention date, as the nightly job computed it. */
export interface DueCandidate {
  recordType: RecordType;
  recordId: string;
  dueDate: string;
  rule: RetentionRule;
}

/** A record on the "Due for disposal" list, with what the business unit needs to decide (no names). */
export interface DueRecord extends DueCandidate {
  foundAt: Date;
  /** A review's anonymised reference, e.g. "Child Q". */
  subjectRef: string | null;
  reviewType: string | null;
  closedDate: string | null;
  /** How many people a family record holds. */
  peopleCount: number;
  /** The latest "keep for now", if any. */
  heldReason: string | null;
  heldUntil: string | null;
  heldByName: string | null;
}

/** What a disposal removed, by kind: counts only, never content. */
export type DisposalCounts = Record<string, number>;

export interface DisposalResult {
  disposed: { recordType: RecordType; recordId: string; counts: DisposalCounts }[];
  /** Selected records that were no longer due (kept, or something became active) and were left alone. */
  skipped: number;
}
