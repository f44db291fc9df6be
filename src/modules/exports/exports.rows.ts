import { ACTION_STATUS_LABELS, type Action, type ActionStatus } from '../actions/index.ts';

/** The tracker's columns, in order, shared by the CSV and the spreadsheet. */
export const COLUMNS = [
  { header: 'Review', width: 14 },
  { header: 'Recommendation', width: 16 },
  { header: 'Action', width: 60 },
  { header: 'Organisation', width: 30 },
  { header: 'Named owner', width: 22 },
  { header: 'Status', width: 19 },
  { header: 'Original due date', width: 13 },
  { header: 'Current due date', width: 13 },
  { header: 'Times moved', width: 9 },
  { header: 'Overdue', width: 9 },
  { header: 'Repeats', width: 16 },
] as const;

/** One action as the export's cells: text guarded, dates still 'YYYY-MM-DD' for each format to render. */
export interface ExportRow {
  review: string;
  /** Empty for a forum action. */
  recommendation: number | string;
  action: string;
  organisation: string;
  owner: string;
  status: string;
  originalDueDate: string;
  dueDate: string;
  timesMoved: number;
  overdue: 'Yes' | 'No';
  /** "Every 6 months", or "Does not repeat". */
  repeats: string;
}

/**
 * Spreadsheet programs run a cell that starts with =, +, - or @ as a formula, and tab or CR can
 * smuggle one in; a leading apostrophe makes it plain text (OWASP "CSV injection").
 */
export function safeText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function exportRow(action: Action): ExportRow {
  return {
    // A forum action has no review: the column names the forum meeting that agreed it.
    review: safeText(action.subjectRef ?? action.origin),
    recommendation: action.recommendationNumber ?? '',
    action: safeText(action.description),
    organisation: safeText(action.organisationName),
    owner: safeText(action.ownerName ?? ''),
    status: ACTION_STATUS_LABELS[action.status],
    originalDueDate: action.originalDueDate,
    dueDate: action.dueDate,
    timesMoved: action.timesMoved,
    overdue: action.overdue ? 'Yes' : 'No',
    repeats: action.recurrenceMonths
      ? `Every ${action.recurrenceMonths === 1 ? 'month' : `${action.recurrenceMonths} months`}`
      : 'Does not repeat',
  };
}

export const rowValues = (row: ExportRow) => [
  row.review,
  row.recommendation,
  row.action,
  row.organisation,
  row.owner,
  row.status,
  row.originalDueDate,
  row.dueDate,
  row.timesMoved,
  row.overdue,
  row.repeats,
];

/** Review by review (by the child's reference), then recommendation, then due date. */
export function inPlanOrder(actions: Action[]): Action[] {
  return [...actions].sort(
    (a, b) =>
      (a.subjectRef ?? a.origin).localeCompare(b.subjectRef ?? b.origin, 'en-GB') ||
      (a.reviewId ?? a.forumMeetingId ?? '').localeCompare(b.reviewId ?? b.forumMeetingId ?? '') ||
      (a.recommendationNumber ?? 0) - (b.recommendationNumber ?? 0) ||
      a.dueDate.localeCompare(b.dueDate) ||
      a.id.localeCompare(b.id),
  );
}

/** Fill colours (ARGB) of the GOV.UK tags the pages use, so the spreadsheet reads like the tracker. */
export const STATUS_FILLS: Record<ActionStatus, string> = {
  'not-started': 'FFE5E6E7',
  'in-progress': 'FFBBD4EA',
  'awaiting-evidence': 'FFFFF7BF',
  closed: 'FFCCE2D8',
};
export const OVERDUE_FILL = 'FFF4CDC6';

const MAX_SHEET_NAME = 31;

/**
 * Worksheet names Excel accepts, one per reference and unique: at most 31 characters, none of
 * : \ / ? * [ ], not starting or ending with an apostrophe, not "History" (reserved), and
 * compared without regard to case.
 */
export function sheetNames(references: string[]): string[] {
  const taken = new Set<string>();
  return references.map((reference) => {
    let base = reference
      .replace(/[:\\/?*[\]]/g, '-')
      .replace(/\p{Cc}/gu, ' ')
      .trim()
      .replace(/^'+|'+$/g, '')
      .trim();
    if (!base || base.toLowerCase() === 'history') base = base ? `${base} review` : 'Review';
    base = base.slice(0, MAX_SHEET_NAME).trim();
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) {
      const suffix = ` (${n})`;
      name = `${base.slice(0, MAX_SHEET_NAME - suffix.length).trimEnd()}${suffix}`;
    }
    taken.add(name.toLowerCase());
    return name;
  });
}

/** A file name part from a child's reference: 'Baby T' → 'baby-t' (ASCII only, for every browser). */
export function fileSlug(reference: string): string {
  const slug = reference
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
  return slug || 'review';
}

/** A 'YYYY-MM-DD' date as the calendar day (midnight UTC), which is how spreadsheets store dates. */
export const dayOf = (date: string) => new Date(`${date}T00:00:00Z`);

/** A 'YYYY-MM-DD' date the British way: 5 March 2026. */
export function britishDate(date: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(dayOf(date));
}
