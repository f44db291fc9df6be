/** One line of the append-only audit log: who did what to which record, and how it changed. */
export interface AuditEvent {
  /** Dotted verb, e.g. `review.viewed`, `action.status-changed`, `auth.signed-in`. */
  event: string;
  subjectType: string;
  subjectId?: string | null;
  before?: unknown;
  after?: unknown;
  details?: Record<string, unknown>;
}

/** Who the audit row is about: a signed-in user, or a label for an anonymous caller. */
export interface AuditActor {
  id: string | null;
  label: string;
  correlationId?: string;
}

export interface AuditRow extends Required<Omit<AuditEvent, 'details'>> {
  id: number;
  at: Date;
  actorUserId: string | null;
  actorLabel: string;
  correlationId: string | null;
  details: Record<string, unknown> | null;
}

/** What an administrator can narrow the audit log by. Every filter is optional. */
export interface AuditFilters {
  /** An exact event (`user.invited`) or a family of events (`user` matches `user.*`). */
  event?: string;
  subjectType?: string;
  subjectId?: string;
  /** Part of the actor's label (name or e-mail address), or their user id. */
  actor?: string;
  /** First day to include, 'YYYY-MM-DD', in UK time. */
  from?: string;
  /** Last day to include, 'YYYY-MM-DD', in UK time. */
  to?: string;
}
