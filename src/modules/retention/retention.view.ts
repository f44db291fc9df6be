import { formatDate } from '../../platform/views/filters.ts';
import type { RetentionYears } from './retention.repository.ts';
import type { DueRecord } from './retention.types.ts';

const REVIEW_TYPES: Record<string, string> = {
  'rapid-review': 'rapid review',
  lcspr: 'local child safeguarding practice review',
  scr: 'serious case review',
  'learning-review': 'learning review',
};

/** 25 → '25th', 21 → '21st', 22 → '22nd', 23 → '23rd', 111 → '111th'. */
export function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/**
 * How the list names a record and says why it is due, without personal data: a review by its
 * anonymised reference, a family record by the start of its id and how many people it holds.
 */
export function describeRecord(r: DueRecord, policy: RetentionYears) {
  const key = `${r.recordType}:${r.recordId}`;
  const name =
    r.recordType === 'review'
      ? `Review of ${r.subjectRef ?? 'unknown'} (${REVIEW_TYPES[r.reviewType ?? ''] ?? 'review'})`
      : `Family record ${r.recordId.slice(0, 8)} (${r.peopleCount} ${r.peopleCount === 1 ? 'person' : 'people'})`;
  const why =
    r.rule === 'review-closed'
      ? `${policy.reviewRetentionYears} years after the review closed on ${formatDate(r.closedDate)}`
      : r.rule === 'child-age'
        ? `The youngest child’s ${ordinal(policy.familyRecordChildAge)} birthday`
        : `${policy.familyRecordYearsAfterLastEntry} years after the last entry on the record`;
  return { ...r, key, name, why, id: `record-${r.recordType}-${r.recordId}` };
}

export type RecordView = ReturnType<typeof describeRecord>;
