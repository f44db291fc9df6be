/** Kinds of published review the library holds. */
export const REVIEW_TYPES = ['lcspr', 'scr', 'rapid-review', 'learning-review', 'national', 'other'] as const;
export type LibraryReviewType = (typeof REVIEW_TYPES)[number];
export const REVIEW_TYPE_LABELS: Record<LibraryReviewType, string> = {
  lcspr: 'Local child safeguarding practice review',
  scr: 'Serious case review',
  'rapid-review': 'Rapid review',
  'learning-review': 'Learning review',
  national: 'National review',
  other: 'Other',
};

/** The child's age band at the incident. */
export const AGE_BANDS = ['unborn', 'under-1', '1-4', '5-10', '11-15', '16-17'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
export const AGE_BAND_LABELS: Record<AgeBand, string> = {
  unborn: 'Unborn',
  'under-1': 'Under 1',
  '1-4': '1 to 4',
  '5-10': '5 to 10',
  '11-15': '11 to 15',
  '16-17': '16 to 17',
};

export const OUTCOMES = ['died', 'serious-harm', 'other', 'not-stated'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const OUTCOME_LABELS: Record<Outcome, string> = {
  died: 'The child died',
  'serious-harm': 'Serious harm',
  other: 'Other',
  'not-stated': 'Not stated',
};

/** The metadata a person gives about a published review. */
export interface LibraryReviewFields {
  title: string;
  area: string;
  year: number | null;
  reviewType: LibraryReviewType;
  ageBand: AgeBand | null;
  outcome: Outcome;
  sourceUrl: string | null;
}

/** A published review held in the library, with its extracted text. */
export interface LibraryReview extends LibraryReviewFields {
  id: string;
  body: string;
  fileName: string | null;
  contentType: string | null;
  sizeBytes: number | null;
  /** Codes of the themes a person has confirmed for this review. */
  themes: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** The original file of a review, for download. */
export interface LibraryFile {
  fileName: string;
  contentType: string;
  content: Buffer;
}

/** A file read for the library: its checked type and its text. */
export interface ExtractedFile {
  fileName: string;
  contentType: string;
  content: Buffer;
  sha256: string;
  text: string;
}

export interface SearchFilters {
  q: string;
  year: number[];
  area: string[];
  type: string[];
  ageBand: string[];
  theme: string[];
}

export interface SearchHit {
  id: string;
  title: string;
  area: string;
  year: number | null;
  reviewType: LibraryReviewType;
  /** ts_headline output with sentinel marks (see library.repository.ts); made safe before use. */
  rawSnippet: string;
  themes: string[];
}

export interface FacetCount {
  value: string;
  count: number;
}

export interface Facets {
  year: FacetCount[];
  area: FacetCount[];
  type: FacetCount[];
  ageBand: FacetCount[];
  theme: (FacetCount & { name: string })[];
}

/** A bulk import and its progress. */
export interface LibraryImport {
  id: string;
  source: 'csv' | 'folder' | 'upload';
  status: 'running' | 'finished' | 'failed';
  total: number;
  done: number;
  failed: number;
  errors: { item: string; message: string }[];
  startedAt: string;
  finishedAt: string | null;
  /** Derived: running with no progress for 10 minutes (the process that ran it has gone). */
  interrupted: boolean;
}
