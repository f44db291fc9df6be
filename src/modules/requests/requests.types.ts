/** What the business unit asks an organisation for. */
export const REQUEST_ASKS = ['chronology', 'involvement-summary', 'other'] as const;
export type RequestAsk = (typeof REQUEST_ASKS)[number];
export const ASK_LABELS: Record<RequestAsk, string> = {
  chronology: 'Chronology',
  'involvement-summary': 'Summary of involvement',
  other: 'Other (see note)',
};

/** `sent` until the organisation returns it; the business unit may withdraw an open request. */
export const REQUEST_STATUSES = ['sent', 'returned', 'withdrawn'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** A request to one organisation for information for a review (a rapid review's "agency return"). */
export interface InformationRequest {
  id: string;
  reviewId: string;
  subjectRef: string;
  organisationId: string;
  organisationName: string;
  asks: RequestAsk[];
  note: string;
  dueDate: string;
  status: RequestStatus;
  /** Derived: still open after its due date. */
  overdue: boolean;
  /** The status as the review page says it: "Returned 3 March", "Overdue", "Not returned yet". */
  statusText: string;
  requestedByName: string;
  sentAt: Date;
  returnedByName: string | null;
  returnedAt: Date | null;
  withdrawnByName: string | null;
  withdrawnAt: Date | null;
  withdrawnReason: string;
  version: number;
}

export interface RequestFile {
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  uploadedByName: string;
  uploadedAt: Date;
}

/** A request with its return. `answer` is null (and `files` empty) for readers who may not see it yet. */
export interface RequestDetail extends InformationRequest {
  answer: string | null;
  files: RequestFile[];
}

export interface StoredFile {
  fileName: string;
  contentType: string;
  content: Buffer;
}
