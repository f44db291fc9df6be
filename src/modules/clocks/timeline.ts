import type { Deadlines } from './deadlines.ts';

export interface TimelineStep {
  /** A stable name for the step (reminders are keyed by it). */
  key: 'panel-notification' | 'rapid-review' | 'report-to-panel' | 'publication';
  label: string;
  due: string;
  state: 'done' | 'overdue' | 'due';
  /** When the step was done, if a date is recorded. */
  doneOn?: string | null;
}

export interface TimelineReview {
  status: string;
  panelNotifiedDate: string | null;
  lcsprDecisionDate: string | null;
  rapidReviewSentDate?: string | null;
  reportSentDate?: string | null;
  publishedDate?: string | null;
}

const AFTER_RAPID_REVIEW = ['decision', 'local-review', 'final-report', 'published', 'closed'];
const PUBLISHED = ['published', 'closed'];

/**
 * The review's statutory steps in order, each done, overdue or due, in words (not colour alone).
 * A recorded date stops its clock; for reviews recorded before those dates were kept, reaching a
 * later status counts as done too.
 */
export function timelineOf(
  review: TimelineReview,
  deadlines: Partial<Deadlines>,
  today: string,
): TimelineStep[] {
  const step = (
    key: TimelineStep['key'],
    label: string,
    due: string | undefined,
    done: boolean,
    doneOn?: string | null,
  ): TimelineStep[] =>
    due ? [{ key, label, due, doneOn, state: done ? 'done' : due < today ? 'overdue' : 'due' }] : [];
  return [
    ...step(
      'panel-notification',
      'Notify the National Panel',
      deadlines.panelNotificationDue,
      Boolean(review.panelNotifiedDate),
      review.panelNotifiedDate,
    ),
    ...step(
      'rapid-review',
      'Complete the rapid review and send it to the Panel',
      deadlines.rapidReviewDue,
      Boolean(review.rapidReviewSentDate) ||
        AFTER_RAPID_REVIEW.includes(review.status) ||
        Boolean(review.lcsprDecisionDate),
      review.rapidReviewSentDate,
    ),
    ...step(
      'report-to-panel',
      'Send the final report to the Panel and the Secretary of State',
      deadlines.reportToPanelDue,
      Boolean(review.reportSentDate) || PUBLISHED.includes(review.status),
      review.reportSentDate,
    ),
    ...step(
      'publication',
      'Publish the report',
      deadlines.publicationDue,
      Boolean(review.publishedDate) || PUBLISHED.includes(review.status),
      review.publishedDate,
    ),
  ];
}
