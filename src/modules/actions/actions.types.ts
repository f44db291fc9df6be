/** An action's states (contract). `overdue` is derived, never stored. */
export const ACTION_STATUSES = ['not-started', 'in-progress', 'awaiting-evidence', 'closed'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = {
  'not-started': 'Not started',
  'in-progress': 'In progress',
  'awaiting-evidence': 'Awaiting evidence',
  closed: 'Closed',
};

/** How often an action may repeat, in months. */
export const RECURRENCE_MONTHS = [1, 2, 3, 4, 6, 12] as const;
export type RecurrenceMonths = (typeof RECURRENCE_MONTHS)[number];

/**
 * What a partner organisation does to answer a recommendation, or an action agreed at a forum
 * meeting (the GP Forum): each action comes from exactly one of the two.
 */
export interface Action {
  id: string;
  /** Null for a forum action. */
  recommendationId: string | null;
  recommendationNumber: number | null;
  reviewId: string | null;
  subjectRef: string | null;
  /** The forum meeting that agreed the action; null for an action on a recommendation. */
  forumMeetingId: string | null;
  forumId: string | null;
  /** Where the action comes from, in words: "Baby T, recommendation 2" or "GP Forum, 12 March 2026". */
  origin: string;
  organisationId: string;
  organisationName: string;
  ownerUserId: string | null;
  ownerName: string | null;
  description: string;
  dueDate: string;
  /** The due date first agreed: slippage shows against it. */
  originalDueDate: string;
  status: ActionStatus;
  /** Not closed and past its due date (in England). */
  overdue: boolean;
  closedAt: Date | null;
  /** How many times the due date has moved (slippage). */
  timesMoved: number;
  /** Months between occurrences when the action repeats; null when it does not. */
  recurrenceMonths: RecurrenceMonths | null;
  /** The occurrence whose closing created this one. */
  previousOccurrenceId: string | null;
  /** The occurrence created when this one was closed. */
  nextOccurrenceId: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export type ActionUpdateKind = 'progress' | 'status-change' | 'returned' | 'due-date-change';

/** A dated note on an action: progress, a change of status, a return by the business unit. */
export interface ActionUpdate {
  id: string;
  actionId: string;
  kind: ActionUpdateKind;
  note: string;
  fromStatus: ActionStatus | null;
  toStatus: ActionStatus | null;
  authorUserId: string;
  authorName: string;
  createdAt: Date;
}

export interface ActionFilters {
  reviewId?: string;
  /** Actions agreed at one forum meeting. */
  forumMeetingId?: string;
  organisationId?: string;
  status?: ActionStatus;
  overdue?: boolean;
  /** Open actions due within this many days from today (not overdue ones). */
  dueWithinDays?: number;
  /** Actions a person owns (for handing over a leaver's work). */
  ownerUserId?: string;
  /** Only actions not yet closed. */
  open?: boolean;
}

export interface StatusCount {
  organisationId: string;
  organisationName: string;
  notStarted: number;
  inProgress: number;
  awaitingEvidence: number;
  closed: number;
  /** Red: open and past its due date. */
  overdue: number;
  /** Amber: open and due within 30 days. */
  dueSoon: number;
  /** Green: open and due in more than 30 days. */
  onTrack: number;
}

export const ACTION_SORTS = ['newest', 'due', 'due-desc', 'organisation', 'status'] as const;
export type ActionSort = (typeof ACTION_SORTS)[number];

/** One move of an action's due date, with the reason given. */
export interface DueDateChange {
  id: string;
  fromDate: string;
  toDate: string;
  reason: string;
  changedByName: string | null;
  changedAt: Date;
}
