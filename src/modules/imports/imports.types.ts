import type { ActionStatus } from '../actions/index.ts';
import type { ReviewType } from '../reviews/index.ts';

/** The Lantern fields a spreadsheet column can be mapped to, in the order the mapping page asks. */
export const IMPORT_FIELDS = [
  'reviewRef',
  'reviewType',
  'recommendationNumber',
  'recommendationText',
  'description',
  'organisation',
  'owner',
  'dueDate',
  'status',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Fields every import needs a column for; the rest are optional. */
export const REQUIRED_FIELDS: readonly ImportField[] = [
  'reviewRef',
  'recommendationText',
  'description',
  'organisation',
  'dueDate',
];

export const FIELD_LABELS: Record<ImportField, string> = {
  reviewRef: "Review reference (child's reference)",
  reviewType: 'Kind of review',
  recommendationNumber: 'Recommendation number',
  recommendationText: 'Recommendation',
  description: 'Action description',
  organisation: 'Organisation',
  owner: 'Named owner',
  dueDate: 'Due date',
  status: 'Status',
};

/** A spreadsheet cell after reading: text (trimmed), a number, or a real date; '' when empty. */
export type Cell = string | number | Date;

export interface SheetRow {
  /** The row's number as the spreadsheet shows it (1 is the first row). */
  number: number;
  cells: Cell[];
}

/** One worksheet (or CSV file) with its header row found. */
export interface Sheet {
  name: string;
  /** The row number of the header row. */
  headerRow: number;
  headers: string[];
  /** The rows below the header that hold something, blank rows left out. */
  rows: SheetRow[];
  /** The text above the header (a merged title row, say), for guessing the kind of review. */
  title: string;
}

/** Which column (0-based) holds each field, and the kind of review when the spreadsheet does not say. */
export interface ImportMapping {
  columns: Partial<Record<ImportField, number>>;
  defaultReviewType: ReviewType;
}

export type ImportStatus = 'uploaded' | 'importing' | 'done' | 'failed';

/** Why one row cannot be imported (or, for notes, what was changed to import it). */
export interface RowProblem {
  /** The row number as in the spreadsheet; null for a problem with the whole import. */
  row: number | null;
  messages: string[];
  /** True for a note on a row that was imported (an owner Lantern could not match, say). */
  imported?: boolean;
}

export interface ImportJob {
  id: string;
  createdBy: string;
  createdByName: string;
  fileName: string;
  mapping: ImportMapping | null;
  status: ImportStatus;
  totalRows: number;
  processedRows: number;
  importedRows: number;
  problems: RowProblem[];
  createdAt: Date;
  finishedAt: Date | null;
}

/** A row that will be imported, resolved to Lantern's records. */
export interface PlannedAction {
  row: number;
  reviewKey: string;
  recommendationNumber: number;
  organisationId: string;
  ownerUserId: string | null;
  description: string;
  dueDate: string;
  status: ActionStatus;
}

/** A review the import uses: one already in Lantern (`id`), or one it creates. */
export interface PlannedReview {
  key: string;
  subjectRef: string;
  type: ReviewType;
  existingId: string | null;
  /** For a new review: its incident, aware (and for an LCSPR decision) date, by the rule in plan. */
  assumedDate: string | null;
}

export interface PlannedRecommendation {
  reviewKey: string;
  number: number;
  text: string;
  existingId: string | null;
}

/** What an import will do, worked out before anything is written. */
export interface ImportPlan {
  totalRows: number;
  problems: RowProblem[];
  notes: RowProblem[];
  reviews: PlannedReview[];
  recommendations: PlannedRecommendation[];
  actions: PlannedAction[];
}

/** What the running import is doing, kept in memory by the instance that runs it. */
export interface ImportProgress {
  phase: 'checking' | 'writing';
  done: number;
  total: number;
}
