/** The kinds of notification Lantern sends. Each user chooses which of them also come by e-mail. */
export const NOTIFICATION_KINDS = {
  'action-due-soon': 'An action you own is due soon',
  'action-due-today': 'An action you own is due today',
  'action-overdue': 'An action you own is overdue',
  'action-escalated': 'An overdue action has been escalated to you',
  'request-received': 'Your organisation has been asked for information for a rapid review',
  'request-due-soon': 'An information request is due soon',
  'request-overdue': 'An information request is overdue',
  'request-escalated': 'An overdue information request has been escalated to you',
  'deadline-due-soon': 'A statutory deadline of a review is coming up',
  'deadline-overdue': 'A statutory deadline of a review has passed',
  'record-opened': 'Someone outside your organisation opened a family record you are involved with',
  'briefing-published': 'A learning briefing has been published to your organisation',
  'weekly-digest': 'A weekly summary of what you own and what is due',
  'training-booking': 'A place on a training session was booked for you, or came free from the waiting list',
  'training-invitation': 'Your organisation is invited to training it has not yet attended',
} as const;
export type NotificationKind = keyof typeof NOTIFICATION_KINDS;

export interface NewNotification {
  userId: string;
  kind: NotificationKind;
  subject: string;
  /** Plain text; shown in the inbox and used as the e-mail body. */
  body: string;
  /** A path inside Lantern (e.g. `/actions/…`) where the recipient can act on it. */
  link?: string | null;
}

export interface Notification {
  id: string;
  userId: string;
  kind: NotificationKind;
  subject: string;
  body: string;
  link: string | null;
  createdAt: Date;
  readAt: Date | null;
}

/** One e-mail in the outbox: queued, sent, or failed (with the last error). */
export interface OutboxEmail {
  id: string;
  to: string;
  subject: string;
  body: string;
  createdAt: Date;
  sentAt: Date | null;
  attempts: number;
  lastError: string | null;
  /** The transport that last tried it: `notify` or `smtp`. */
  transport: string | null;
}
