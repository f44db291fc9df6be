import { IMPORT_FIELDS, type ImportField, type SheetRow } from './imports.types.ts';
import { cellText, normaliseName } from './imports.values.ts';

/**
 * The header is the first row with at least three different cells that name Lantern fields
 * ("Recommendation", "Agency", "Due date"…). A merged title row above it repeats one text, so it
 * counts once. Failing that, the first row with three different filled cells.
 */
export function findHeaderRow(rows: SheetRow[]): number {
  const candidates = rows.slice(0, 30);
  const distinct = (row: SheetRow) => [...new Set(row.cells.map(cellText).filter(Boolean))];
  const byWords = candidates.findIndex(
    (row) => distinct(row).filter((text) => IMPORT_FIELDS.some((f) => headerScore(text, f) > 0)).length >= 3,
  );
  if (byWords >= 0) return rows.indexOf(candidates[byWords]!);
  return candidates.findIndex((row) => distinct(row).length >= 3);
}

/** Words partnerships put at the top of each column of an action plan, per Lantern field. */
const HEADER_WORDS: Record<ImportField, string[]> = {
  reviewRef: [
    'review reference',
    'review ref',
    'review',
    'child reference',
    'childs reference',
    'child ref',
    'case reference',
    'case ref',
    'case',
    'reference',
    'ref',
    'subject',
    'child',
    'review name',
  ],
  reviewType: ['review type', 'type of review', 'kind of review', 'type'],
  recommendationNumber: [
    'recommendation number',
    'recommendation no',
    'rec number',
    'rec no',
    'rec',
    'no',
    'number',
  ],
  recommendationText: ['recommendation', 'recommendations', 'recommendation text', 'learning', 'finding'],
  description: [
    'action',
    'actions',
    'action description',
    'description',
    'action to be taken',
    'actions agreed',
    'agreed action',
    'action required',
    'what will be done',
  ],
  organisation: [
    'organisation',
    'organization',
    'agency',
    'lead agency',
    'responsible agency',
    'partner',
    'lead organisation',
    'organisation responsible',
  ],
  owner: [
    'owner',
    'named owner',
    'action owner',
    'lead officer',
    'responsible officer',
    'named lead',
    'lead',
    'person responsible',
  ],
  dueDate: [
    'due date',
    'due',
    'target date',
    'deadline',
    'completion date',
    'date due',
    'timescale',
    'by when',
    'target',
  ],
  status: ['status', 'progress', 'rag', 'rag status', 'current status'],
};

/** How well a column heading names a field: 3 exactly, 2 or 1 when it contains a known phrase or word. */
export function headerScore(header: string, field: ImportField): number {
  const h = normaliseName(header);
  if (!h) return 0;
  let best = 0;
  for (const words of HEADER_WORDS[field]) {
    if (h === words) return 3;
    if (` ${h} `.includes(` ${words} `)) best = Math.max(best, words.includes(' ') ? 2 : 1);
  }
  return best;
}

/** Guesses which column holds each field from the headings: the best-named pairs first, each column used once. */
export function guessColumns(headers: string[]): Partial<Record<ImportField, number>> {
  const pairs = IMPORT_FIELDS.flatMap((field) =>
    headers.map((header, column) => ({ field, column, score: headerScore(header, field) })),
  )
    .filter((p) => p.score > 0)
    .sort((a, b) => b.score - a.score);
  const guess: Partial<Record<ImportField, number>> = {};
  const used = new Set<number>();
  for (const { field, column } of pairs) {
    if (guess[field] !== undefined || used.has(column)) continue;
    guess[field] = column;
    used.add(column);
  }
  return guess;
}

/** 0 → 'A', 26 → 'AA', as spreadsheets name columns. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}
