import type { FieldError } from '../../platform/errors.ts';
import type { ReviewStatus, ReviewType } from './reviews.types.ts';

/**
 * The review's life: notified → rapid review → decision → local review in progress → final
 * report → published → closed. A rapid review that decides against a local review closes at the
 * decision; a final report may close unpublished (publication withheld). A step back is allowed
 * to correct a mistake.
 */
const FORWARD: Record<ReviewStatus, ReviewStatus[]> = {
  notified: ['rapid-review'],
  'rapid-review': ['decision'],
  decision: ['local-review', 'closed'],
  'local-review': ['final-report'],
  'final-report': ['published', 'closed'],
  published: ['closed'],
  closed: [],
};

const ORDER: ReviewStatus[] = [
  'notified',
  'rapid-review',
  'decision',
  'local-review',
  'final-report',
  'published',
  'closed',
];

export function allowedNextStatuses(current: ReviewStatus): ReviewStatus[] {
  const back = ORDER[ORDER.indexOf(current) - 1];
  return [...FORWARD[current], ...(back && current !== 'closed' ? [back] : [])];
}

/** The status a new review starts in: a serious incident starts at notification; other reviews are local reviews. */
export function initialStatus(type: ReviewType): ReviewStatus {
  return type === 'rapid-review' ? 'notified' : 'local-review';
}

/**
 * Recording the date of the decision to hold a local review turns a rapid review into an LCSPR
 * (contract); clearing it turns it back.
 */
export function typeAfterDecision(type: ReviewType, lcsprDecisionDate: string | null): ReviewType {
  if (type === 'rapid-review' && lcsprDecisionDate) return 'lcspr';
  if (type === 'lcspr' && !lcsprDecisionDate) return 'rapid-review';
  return type;
}

export interface WorkflowState {
  type: ReviewType;
  status: ReviewStatus;
  incidentDate: string;
  awareDate: string;
  panelNotifiedDate: string | null;
  lcsprDecisionDate: string | null;
  rapidReviewSentDate?: string | null;
  reportSentDate?: string | null;
  publishedDate?: string | null;
  panelResponse?: string | null;
  panelResponseDate?: string | null;
  publicationDecision?: string | null;
  publicationReason?: string;
}

/** Rules that join several fields; each broken rule names the field to fix. */
export function workflowErrors(before: WorkflowState | null, after: WorkflowState): FieldError[] {
  const errors: FieldError[] = [];
  if (after.awareDate < after.incidentDate) {
    errors.push({
      path: 'awareDate',
      message: 'The date the local authority became aware must be on or after the incident date',
    });
  }
  if (after.panelNotifiedDate && after.panelNotifiedDate < after.awareDate) {
    errors.push({
      path: 'panelNotifiedDate',
      message: 'The National Panel cannot have been notified before the local authority became aware',
    });
  }
  if (after.lcsprDecisionDate && after.lcsprDecisionDate < after.awareDate) {
    errors.push({
      path: 'lcsprDecisionDate',
      message: 'The decision to hold a local review cannot be before the local authority became aware',
    });
  }
  const recorded: [keyof WorkflowState, string][] = [
    ['rapidReviewSentDate', 'The rapid review cannot have been sent before the local authority became aware'],
    ['reportSentDate', 'The final report cannot have been sent before the local authority became aware'],
    ['publishedDate', 'The report cannot have been published before the local authority became aware'],
  ];
  for (const [field, message] of recorded) {
    const value = after[field];
    if (typeof value === 'string' && value < after.awareDate) errors.push({ path: field, message });
  }
  if (after.publishedDate && after.reportSentDate && after.publishedDate < after.reportSentDate) {
    errors.push({
      path: 'publishedDate',
      message: 'The report cannot have been published before it was sent to the Panel',
    });
  }
  if (
    before &&
    before.status !== after.status &&
    !allowedNextStatuses(before.status).includes(after.status)
  ) {
    errors.push({
      path: 'status',
      message: `A review that is "${before.status}" cannot move to "${after.status}"`,
    });
  }
  if (after.panelResponse && !after.panelResponseDate) {
    errors.push({ path: 'panelResponseDate', message: "Enter the date of the National Panel's response" });
  }
  if (
    after.panelResponseDate &&
    after.panelNotifiedDate &&
    after.panelResponseDate < after.panelNotifiedDate
  ) {
    errors.push({
      path: 'panelResponseDate',
      message: 'The Panel cannot have responded before it was notified',
    });
  }
  if (
    (after.publicationDecision === 'do-not-publish' || after.publicationDecision === 'defer') &&
    !after.publicationReason?.trim()
  ) {
    errors.push({
      path: 'publicationReason',
      message: 'Give the reason for not publishing or for deferring publication',
    });
  }
  if (after.status === 'published' && after.publicationDecision && after.publicationDecision !== 'publish') {
    errors.push({ path: 'status', message: 'The publication decision says not to publish this report yet' });
  }
  const isSeriousIncident = after.type === 'rapid-review' || after.type === 'lcspr';
  if (isSeriousIncident && after.status === 'local-review' && !after.lcsprDecisionDate) {
    errors.push({
      path: 'lcsprDecisionDate',
      message: 'Enter the date of the decision to hold a local review before starting it',
    });
  }
  return errors;
}
