import { DEFAULT_POLICY } from './policy-settings.ts';
import { addMonthsClamped, type WorkingDayCalendar } from './working-days.ts';

/** Lengths of the statutory clocks (policy: an area may set its own, in Settings). */
export interface ClockPolicy {
  /** Working Together 2023: notify the National Panel within 5 working days of becoming aware. */
  panelNotificationWorkingDays: number;
  /** Rapid review completed within 15 working days of the notification. */
  rapidReviewWorkingDays: number;
  /** An LCSPR is published within 6 months of the decision to hold it. */
  publicationMonths: number;
  /** The final report goes to the Panel and the Secretary of State 7 working days before publication. */
  reportToPanelWorkingDays: number;
}

/** The law's clock lengths; the defaults live with the other policy settings (policy-settings.ts). */
export const DEFAULT_CLOCK_POLICY: ClockPolicy = {
  panelNotificationWorkingDays: DEFAULT_POLICY.panelNotificationWorkingDays,
  rapidReviewWorkingDays: DEFAULT_POLICY.rapidReviewWorkingDays,
  publicationMonths: DEFAULT_POLICY.publicationMonths,
  reportToPanelWorkingDays: DEFAULT_POLICY.reportToPanelWorkingDays,
};

export interface ClockInputs {
  awareDate: string;
  panelNotifiedDate: string | null;
  lcsprDecisionDate: string | null;
  /** When set, the report goes to the Panel 7 working days before this rather than the due date. */
  plannedPublicationDate?: string | null;
}

export interface Deadlines {
  panelNotificationDue: string;
  rapidReviewDue: string;
  publicationDue?: string;
  reportToPanelDue?: string;
  [name: string]: string | undefined;
}

/**
 * The named statutory dates of a review. The day of becoming aware is day 0. The rapid review
 * runs from the day the Panel was notified (current Panel guidance); until that is recorded, from
 * the day the notification was due.
 */
export function computeDeadlines(
  review: ClockInputs,
  calendar: WorkingDayCalendar,
  policy = DEFAULT_CLOCK_POLICY,
): Deadlines {
  const panelNotificationDue = calendar.addWorkingDays(review.awareDate, policy.panelNotificationWorkingDays);
  const deadlines: Deadlines = {
    panelNotificationDue,
    rapidReviewDue: calendar.addWorkingDays(
      review.panelNotifiedDate ?? panelNotificationDue,
      policy.rapidReviewWorkingDays,
    ),
  };
  if (review.lcsprDecisionDate) {
    const publicationDue = addMonthsClamped(review.lcsprDecisionDate, policy.publicationMonths);
    deadlines.publicationDue = publicationDue;
    deadlines.reportToPanelDue = calendar.addWorkingDays(
      review.plannedPublicationDate ?? publicationDue,
      -policy.reportToPanelWorkingDays,
    );
  }
  return deadlines;
}
