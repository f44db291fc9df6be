import type { Deadlines } from './deadlines.ts';

export interface TimelineStep {
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
}

const AFTER_RAPID_REVIEW = ['decision', 'local-review', 'final-report', 'published', 'closed'];
const PUBLISHED = ['published', 'closed'];

/** The review's statutory steps in order, each done, overdue or due, in words (not colour alone). */
export function timelineOf(
  review: TimelineReview,
  deadlines: Partial<Deadlines>,
  today: string,
): TimelineStep[] {
  const step = (
    label: string,
    due: string | undefined,
    done: boolean,
    doneOn?: string | null,
  ): TimelineStep[] =>
    due ? [{ label, due, doneOn, state: done ? 'done' : due < today ? 'overdue' : 'due' }] : [];
  return [
    ...step(
      'Notify the National Panel',
      deadlines.panelNotificationDue,
      Boolean(review.panelNotifiedDate),
      review.panelNotifiedDate,
    ),
    ...step(
      'Complete the rapid review and send it to the Panel',
      deadlines.rapidReviewDue,
      AFTER_RAPID_REVIEW.includes(review.status) || Boolean(review.lcsprDecisionDate),
    ),
    ...step(
      'Send the final report to the Panel and the Secretary of State',
      deadlines.reportToPanelDue,
      PUBLISHED.includes(review.status),
    ),
    ...step('Publish the report', deadlines.publicationDue, PUBLISHED.includes(review.status)),
  ];
}
