import type { ActionStatus } from '../actions/index.ts';
import type { ReviewType } from '../reviews/index.ts';
import type { Cell } from './imports.types.ts';

/** A cell as the person who wrote the spreadsheet would read it. */
export function cellText(cell: Cell | undefined): string {
  if (cell === undefined || cell === '') return '';
  if (cell instanceof Date) return isoOf(cell).split('-').reverse().join('/');
  return String(cell).trim();
}

/** Lower case, apostrophes dropped, other punctuation as spaces: "St. Mary's G.P." → "st marys g p". */
export function normaliseName(value: string): string {
  return value
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export type DateResult = { ok: true; date: string } | { ok: false; message: string } | { ok: 'blank' };

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
/** Excel counts days from 30 December 1899 (its 1900 leap-year bug folded in). */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
/** Serial numbers from 1 January 1990 to 31 December 2099: anything else is not a due date. */
const SERIAL_RANGE = [32874, 73415] as const;

const isoOf = (d: Date) => d.toISOString().slice(0, 10);

function fromParts(year: number, month: number, day: number, shown: string): DateResult {
  const full = year < 100 ? (year < 70 ? 2000 + year : 1900 + year) : year;
  const d = new Date(Date.UTC(full, month - 1, day));
  if (month < 1 || month > 12 || d.getUTCDate() !== day || d.getUTCMonth() !== month - 1) {
    return { ok: false, message: `"${shown}" is not a real date` };
  }
  if (full < 1990 || full > 2099)
    return { ok: false, message: `"${shown}" is not a date between 1990 and 2099` };
  return { ok: true, date: isoOf(d) };
}

function fromSerial(serial: number, shown: string): DateResult {
  if (serial < SERIAL_RANGE[0] || serial > SERIAL_RANGE[1]) {
    return { ok: false, message: `"${shown}" is not a date Lantern can read` };
  }
  return { ok: true, date: isoOf(new Date(EXCEL_EPOCH + Math.floor(serial) * 86_400_000)) };
}

/**
 * Reads a date however a spreadsheet holds it: a real Excel date, an Excel serial number, or text
 * such as '31/03/2024', '31.3.24', '31-Mar-2024', '31 March 2024' or '2024-03-31'. Ambiguous text
 * is read day first, as in the UK, so '03/04/2024' is 3 April; '03/31/2024' is not a real date.
 */
export function parseDate(cell: Cell | undefined): DateResult {
  if (cell === undefined || cell === '') return { ok: 'blank' };
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return { ok: false, message: 'is not a real date' };
    return fromParts(cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate(), cellText(cell));
  }
  if (typeof cell === 'number') return fromSerial(cell, String(cell));
  // A time after the date ('31/03/2024 00:00', '2024-03-31T00:00:00') is dropped.
  const text = cell.trim().replace(/[T\s]+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?Z?$/i, '');
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text);
  if (m) return fromParts(Number(m[1]), Number(m[2]), Number(m[3]), cell);
  m = /^(\d{1,2})[/.\-\s](\d{1,2})[/.\-\s](\d{2}|\d{4})$/.exec(text);
  if (m) return fromParts(Number(m[3]), Number(m[2]), Number(m[1]), cell);
  m = /^(\d{1,2})(?:st|nd|rd|th)?[\s\-/.]+([a-z]+)\.?,?[\s\-/.]+(\d{2}|\d{4})$/i.exec(text);
  if (m) {
    // 'Mar', 'Sept' and 'March' all name March; 'Marzipan' does not.
    const word = m[2]!.toLowerCase();
    const month = word.length >= 3 ? MONTHS.findIndex((name) => name.startsWith(word)) + 1 : 0;
    if (month > 0) return fromParts(Number(m[3]), month, Number(m[1]), cell);
  }
  if (/^\d{5}(\.\d+)?$/.test(text)) return fromSerial(Number(text), cell);
  return { ok: false, message: `"${cell}" is not a date Lantern can read (write it like 31/03/2024)` };
}

/** Words partnerships use for an action's progress, mapped to Lantern's statuses. */
const STATUS_WORDS: Record<string, ActionStatus> = {
  complete: 'closed',
  completed: 'closed',
  closed: 'closed',
  done: 'closed',
  'in progress': 'in-progress',
  ongoing: 'in-progress',
  started: 'in-progress',
  'not started': 'not-started',
  'not yet started': 'not-started',
  open: 'not-started',
  'awaiting evidence': 'awaiting-evidence',
  'evidence awaited': 'awaiting-evidence',
  'evidence requested': 'awaiting-evidence',
};

/** An action's status from the spreadsheet's word for it: blank is "not started"; unknown words are undefined. */
export function parseStatus(value: string): ActionStatus | undefined {
  const key = normaliseName(value);
  if (!key) return 'not-started';
  return STATUS_WORDS[key];
}

const REVIEW_TYPE_WORDS: Record<string, ReviewType> = {
  'rapid review': 'rapid-review',
  rr: 'rapid-review',
  lcspr: 'lcspr',
  cspr: 'lcspr',
  'local child safeguarding practice review': 'lcspr',
  'child safeguarding practice review': 'lcspr',
  scr: 'scr',
  'serious case review': 'scr',
  'learning review': 'learning-review',
  'learning lessons review': 'learning-review',
};

/** The kind of review a cell names, or undefined for a word Lantern does not know. */
export function parseReviewType(value: string): ReviewType | undefined {
  return REVIEW_TYPE_WORDS[normaliseName(value)];
}

/** Whether a file name or title says the plan comes from a Serious Case Review. */
export function mentionsScr(text: string): boolean {
  return /\bscr\b|serious case review/.test(normaliseName(text));
}

/** A recommendation number from '3', 3, 'R3', 'Rec 3.' or 'Recommendation 3': the first whole number. */
export function parseRecommendationNumber(cell: Cell | undefined): number | undefined {
  const match = /\d+/.exec(cellText(cell));
  const n = match ? Number(match[0]) : NaN;
  return Number.isInteger(n) && n >= 1 && n <= 9999 ? n : undefined;
}
