import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { ReviewType } from '../reviews/index.ts';
import { checkRow, indexDirectory, type CheckedRow, type Directory } from './imports.rows.ts';
import type {
  ImportMapping,
  ImportPlan,
  PlannedAction,
  PlannedRecommendation,
  PlannedReview,
  RowProblem,
  Sheet,
} from './imports.types.ts';
import { normaliseName } from './imports.values.ts';

/** The reviews, recommendations and actions already in Lantern that an import may add to. */
export interface Existing {
  reviews: { id: string; subjectRef: string; type: ReviewType }[];
  recommendations: { id: string; reviewId: string; number: number; text: string }[];
  /** `actionKey()` of every action already in Lantern, so a plan imported twice is not doubled. */
  actionKeys: Set<string>;
}

export const actionKey = (recommendationId: string, organisationId: string, description: string) =>
  `${recommendationId}|${organisationId}|${normaliseName(description)}`;

const refKey = (ref: string) => ref.toLowerCase().replace(/\s+/g, ' ').trim();

function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

const ROWS_PER_STEP = 250;

/**
 * Works out what importing the sheet would do, writing nothing: every row that cannot be imported
 * and why, and the reviews, recommendations and actions to create. Reports progress every 250 rows
 * and lets other requests run between steps, so a large file does not stall the server.
 */
export async function planImport(input: {
  sheet: Sheet;
  mapping: ImportMapping;
  directory: Directory;
  existing: Existing;
  today: string;
  onProgress?: (done: number) => void | Promise<void>;
}): Promise<ImportPlan> {
  const { sheet, mapping, existing, today, onProgress } = input;
  const index = indexDirectory(input.directory);
  const problems = new Map<number, string[]>();
  const fail = (rows: CheckedRow[], message: string) => rows.forEach((r) => problems.set(r.row, [message]));
  const notes: RowProblem[] = [];
  const checked: CheckedRow[] = [];
  for (const [i, row] of sheet.rows.entries()) {
    const outcome = checkRow(row, mapping, index);
    if (outcome.note) notes.push({ row: row.number, messages: [outcome.note], imported: true });
    if (outcome.ok) checked.push(outcome.value);
    else problems.set(row.number, outcome.messages);
    if ((i + 1) % ROWS_PER_STEP === 0) {
      await onProgress?.(i + 1);
      await yieldToEventLoop();
    }
  }
  await onProgress?.(sheet.rows.length);

  const reviewsByRef = groupBy(existing.reviews, (r) => refKey(r.subjectRef));
  const recommendationsByReview = groupBy(existing.recommendations, (r) => r.reviewId);
  const reviews: PlannedReview[] = [];
  const recommendations: PlannedRecommendation[] = [];
  const actions: PlannedAction[] = [];

  for (const [key, rows] of groupBy(checked, (r) => refKey(r.subjectRef))) {
    const first = rows[0]!;
    const matches = reviewsByRef.get(key) ?? [];
    const sameType = matches.filter((r) => r.type === first.type);
    const match = matches.length === 1 ? matches[0] : sameType.length === 1 ? sameType[0] : undefined;
    if (matches.length > 1 && !match) {
      fail(
        rows,
        `${matches.length} reviews in Lantern have the reference "${first.subjectRef}": add these actions by hand`,
      );
      continue;
    }
    const review: PlannedReview = match
      ? { key, subjectRef: match.subjectRef, type: match.type, existingId: match.id, assumedDate: null }
      : { key, subjectRef: first.subjectRef, type: first.type, existingId: null, assumedDate: null };
    const known = match ? (recommendationsByReview.get(match.id) ?? []) : [];
    const kept: PlannedAction[] = [];
    for (const [number, group] of groupBy(rows, numberer(rows, known))) {
      const found = known.find((r) => r.number === number);
      const text = found?.text ?? group.find((r) => r.recommendationText)?.recommendationText;
      if (!text) {
        fail(
          group,
          `Recommendation ${number} of review ${review.subjectRef} is not in Lantern yet, and no row gives its text`,
        );
        continue;
      }
      const fresh = group.filter(
        (r) => !found || !existing.actionKeys.has(actionKey(found.id, r.organisationId, r.description)),
      );
      fail(
        group.filter((r) => !fresh.includes(r)),
        `This action is already in Lantern (recommendation ${number} of review ${review.subjectRef})`,
      );
      if (!fresh.length) continue;
      recommendations.push({ reviewKey: key, number, text, existingId: found?.id ?? null });
      kept.push(...fresh.map((r) => plannedAction(r, key, number)));
    }
    if (!kept.length) continue;
    // A new review's dates are not in an action plan: they are set to its earliest due date (or
    // today, if that is earlier), as the check page explains, for the business unit to correct.
    const earliest = kept.map((a) => a.dueDate).reduce((a, b) => (a < b ? a : b));
    if (!review.existingId) review.assumedDate = earliest < today ? earliest : today;
    reviews.push(review);
    actions.push(...kept);
  }

  return {
    totalRows: sheet.rows.length,
    problems: [...problems].map(([row, messages]) => ({ row, messages })).sort((a, b) => a.row - b.row),
    notes: notes.filter((n) => n.row === null || !problems.has(n.row)),
    reviews,
    recommendations,
    actions: actions.sort((a, b) => a.row - b.row),
  };
}

/**
 * The recommendation number of each row: the one it gives, or else the number of a recommendation
 * with the same text (already in Lantern, or earlier in the file), or else the next free number.
 */
function numberer(rows: CheckedRow[], known: Existing['recommendations']) {
  const byText = new Map(known.map((r) => [normaliseName(r.text), r.number]));
  let next = Math.max(0, ...known.map((r) => r.number), ...rows.map((r) => r.recommendationNumber ?? 0)) + 1;
  return (row: CheckedRow): number => {
    if (row.recommendationNumber !== undefined) return row.recommendationNumber;
    const key = normaliseName(row.recommendationText);
    if (!byText.has(key)) byText.set(key, next++);
    return byText.get(key)!;
  };
}

function plannedAction(row: CheckedRow, reviewKey: string, recommendationNumber: number): PlannedAction {
  return {
    row: row.row,
    reviewKey,
    recommendationNumber,
    organisationId: row.organisationId,
    ownerUserId: row.ownerUserId,
    description: row.description,
    dueDate: row.dueDate,
    status: row.status,
  };
}
