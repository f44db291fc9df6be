import type { Queryable } from '../../platform/db/index.ts';
import type {
  Action,
  ActionFilters,
  ActionSort,
  ActionStatus,
  ActionUpdate,
  ActionUpdateKind,
  DueDateChange,
  StatusCount,
} from './actions.types.ts';

const ORDER_BY: Record<ActionSort, string> = {
  newest: 'a.created_at DESC',
  due: 'a.due_date ASC',
  'due-desc': 'a.due_date DESC',
  organisation: 'o.name ASC, a.due_date ASC',
  status:
    "array_position(ARRAY['not-started','in-progress','awaiting-evidence','closed'], a.status), a.due_date ASC",
};

/** Which actions a caller may see, decided by the service from their role. */
export type ActionScope =
  | { kind: 'all' }
  | { kind: 'organisation'; organisationId: string }
  | { kind: 'owner'; userId: string }
  | { kind: 'reviewer'; userId: string };

const SELECT_ACTION = `
  SELECT a.id, a.recommendation_id AS "recommendationId", rc.number AS "recommendationNumber",
         rc.review_id AS "reviewId", r.subject_ref AS "subjectRef",
         a.organisation_id AS "organisationId", o.name AS "organisationName",
         a.owner_user_id AS "ownerUserId", u.name AS "ownerName",
         a.description, a.due_date AS "dueDate", a.original_due_date AS "originalDueDate", a.status,
         (a.status <> 'closed' AND a.due_date < $1::date) AS overdue,
         a.closed_at AS "closedAt", a.version,
         a.recurrence_months AS "recurrenceMonths", a.previous_occurrence_id AS "previousOccurrenceId",
         (SELECT n.id FROM actions n WHERE n.previous_occurrence_id = a.id) AS "nextOccurrenceId",
         (SELECT count(*)::int FROM action_due_date_changes c WHERE c.action_id = a.id) AS "timesMoved", a.created_at AS "createdAt", a.updated_at AS "updatedAt",
         a.forum_meeting_id AS "forumMeetingId", fm.forum_id AS "forumId",
         CASE WHEN a.forum_meeting_id IS NULL THEN r.subject_ref || ', recommendation ' || rc.number
              ELSE f.name || ', ' || to_char(fm.meeting_date, 'FMDD FMMonth YYYY') END AS origin
    FROM actions a
    LEFT JOIN recommendations rc ON rc.id = a.recommendation_id
    LEFT JOIN reviews r ON r.id = rc.review_id
    LEFT JOIN forum_meetings fm ON fm.id = a.forum_meeting_id
    LEFT JOIN forums f ON f.id = fm.forum_id
    JOIN organisations o ON o.id = a.organisation_id
    LEFT JOIN users u ON u.id = a.owner_user_id`;

/** Builds the WHERE clause for a scope and filters; `$1` is always today's date. */
function where(
  scope: ActionScope,
  filters: ActionFilters,
  params: unknown[],
  { withStatus = true } = {},
): string {
  const add = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const conditions: string[] = [];
  if (scope.kind === 'organisation') {
    // An organisation sees its own actions and those of the organisations it commissions (an ICB
    // overseeing GP practices and NHS trusts). Written as IN over the few organisations in scope, not
    // "own OR EXISTS (commissioned)": PostgreSQL guesses that OR keeps half of all actions, so with
    // 100,000 actions it scanned them all and compiled the query with JIT (about 1 s a tracker page
    // for an organisation lead with 72 actions; BENCHMARKS.md, national scale).
    const org = add(scope.organisationId);
    conditions.push(
      `a.organisation_id IN (SELECT oc.id FROM organisations oc WHERE oc.id = ${org} OR oc.commissioned_by = ${org})`,
    );
  }
  if (scope.kind === 'owner') conditions.push(`a.owner_user_id = ${add(scope.userId)}`);
  if (scope.kind === 'reviewer') {
    conditions.push(
      `EXISTS (SELECT 1 FROM review_reviewers rr WHERE rr.review_id = rc.review_id AND rr.user_id = ${add(scope.userId)})`,
    );
  }
  if (filters.reviewId) conditions.push(`rc.review_id = ${add(filters.reviewId)}`);
  if (filters.forumMeetingId) conditions.push(`a.forum_meeting_id = ${add(filters.forumMeetingId)}`);
  if (filters.organisationId) conditions.push(`a.organisation_id = ${add(filters.organisationId)}`);
  if (filters.ownerUserId) conditions.push(`a.owner_user_id = ${add(filters.ownerUserId)}`);
  if (filters.open) conditions.push(`a.status <> 'closed'`);
  if (withStatus && filters.status) conditions.push(`a.status = ${add(filters.status)}`);
  if (filters.overdue === true) conditions.push(`a.status <> 'closed' AND a.due_date < $1::date`);
  if (filters.overdue === false) conditions.push(`NOT (a.status <> 'closed' AND a.due_date < $1::date)`);
  if (filters.dueWithinDays !== undefined) {
    conditions.push(
      `a.status <> 'closed' AND a.due_date >= $1::date AND a.due_date <= $1::date + ${add(filters.dueWithinDays)}::int`,
    );
  }
  return conditions.length ? conditions.join(' AND ') : 'true';
}

export interface NewAction {
  /** Exactly one of recommendationId and forumMeetingId. */
  recommendationId: string | null;
  forumMeetingId?: string | null;
  organisationId: string;
  ownerUserId: string | null;
  description: string;
  dueDate: string;
  recurrenceMonths?: number | null;
}

export function createActionsRepository() {
  return {
    async list(
      db: Queryable,
      scope: ActionScope,
      filters: ActionFilters,
      {
        today,
        page,
        pageSize,
        sort = 'newest',
      }: { today: string; page: number; pageSize: number; sort?: ActionSort },
    ): Promise<{ items: Action[]; total: number }> {
      const params: unknown[] = [today];
      const condition = where(scope, filters, params);
      const [count] = await db.query<{ total: number }>(
        // `today` ($1) is bound even when no filter uses it, so the CTE names it.
        `WITH p AS (SELECT $1::date AS today)
         SELECT count(*)::int AS total FROM p, actions a LEFT JOIN recommendations rc ON rc.id = a.recommendation_id WHERE ${condition}`,
        params,
      );
      params.push(pageSize, (page - 1) * pageSize);
      const items = await db.query<Action>(
        `${SELECT_ACTION} WHERE ${condition}
          ORDER BY ${ORDER_BY[sort]}, a.id LIMIT $${params.length - 1} OFFSET $${params.length}`,
        params,
      );
      return { items, total: count!.total };
    },

    /**
     * How many actions stood in each state at the end of each of the last `months` months (this
     * month: today). An action's state on a day is the `from_status` of its first status change
     * after that day, or its current state if it has not changed since; so imported actions with
     * no history count in their current state throughout. Overdue uses the current due date.
     */
    async statusByMonth(
      db: Queryable,
      scope: ActionScope,
      q: { today: string; months: number },
    ): Promise<{ day: string; status: ActionStatus | null; actions: number; overdue: number }[]> {
      const params: unknown[] = [q.today, q.months];
      const condition = where(scope, {}, params);
      return db.query(
        `WITH ends AS (
           SELECT least((date_trunc('month', $1::date) - make_interval(months => n)
                         + interval '1 month' - interval '1 day')::date, $1::date) AS day
             FROM generate_series(0, $2::int - 1) AS n
         ),
         scoped AS (
           SELECT a.id, a.status, a.due_date, a.created_at FROM actions a
             LEFT JOIN recommendations rc ON rc.id = a.recommendation_id
            WHERE ${condition}
         )
         SELECT e.day, t.status, count(a.id)::int AS actions,
                (count(a.id) FILTER (WHERE t.status <> 'closed' AND a.due_date < e.day))::int AS overdue
           FROM ends e
           -- Every month has a row, even one before any action existed (status then null).
           LEFT JOIN scoped a ON (a.created_at AT TIME ZONE 'Europe/London')::date <= e.day
           LEFT JOIN LATERAL (
             SELECT coalesce((
               SELECT u.from_status FROM action_updates u
                WHERE u.action_id = a.id AND u.from_status IS NOT NULL
                  AND (u.created_at AT TIME ZONE 'Europe/London')::date > e.day
                ORDER BY u.created_at LIMIT 1), a.status) AS status
           ) t ON true
          GROUP BY e.day, t.status
          ORDER BY e.day, t.status`,
        params,
      );
    },

    async listForReview(
      db: Queryable,
      scope: ActionScope,
      reviewId: string,
      today: string,
    ): Promise<Action[]> {
      const params: unknown[] = [today];
      const condition = where(scope, { reviewId }, params);
      return db.query<Action>(
        `${SELECT_ACTION} WHERE ${condition} ORDER BY rc.number, a.due_date, a.id`,
        params,
      );
    },

    /** Counts by status per organisation, for the same scope and filters (but every status). */
    async countByOrganisation(
      db: Queryable,
      scope: ActionScope,
      filters: ActionFilters,
      today: string,
    ): Promise<StatusCount[]> {
      const params: unknown[] = [today];
      const condition = where(scope, filters, params, { withStatus: false });
      return db.query<StatusCount>(
        `SELECT o.id AS "organisationId", o.name AS "organisationName",
                count(*) FILTER (WHERE a.status = 'not-started')::int AS "notStarted",
                count(*) FILTER (WHERE a.status = 'in-progress')::int AS "inProgress",
                count(*) FILTER (WHERE a.status = 'awaiting-evidence')::int AS "awaitingEvidence",
                count(*) FILTER (WHERE a.status = 'closed')::int AS closed,
                count(*) FILTER (WHERE a.status <> 'closed' AND a.due_date < $1::date)::int AS overdue,
                count(*) FILTER (WHERE a.status <> 'closed' AND a.due_date >= $1::date AND a.due_date <= $1::date + 30)::int AS "dueSoon",
                count(*) FILTER (WHERE a.status <> 'closed' AND a.due_date > $1::date + 30)::int AS "onTrack"
           FROM actions a
           LEFT JOIN recommendations rc ON rc.id = a.recommendation_id
           JOIN organisations o ON o.id = a.organisation_id
          WHERE ${condition}
          GROUP BY o.id, o.name ORDER BY o.name`,
        params,
      );
    },

    async find(db: Queryable, scope: ActionScope, id: string, today: string): Promise<Action | undefined> {
      const params: unknown[] = [today, id];
      const rows = await db.query<Action>(
        `${SELECT_ACTION} WHERE a.id = $2 AND ${where(scope, {}, params)}`,
        params,
      );
      return rows[0];
    },

    async lockVersion(tx: Queryable, id: string): Promise<number | undefined> {
      const rows = await tx.query<{ version: number }>(
        'SELECT version FROM actions WHERE id = $1 FOR UPDATE',
        [id],
      );
      return rows[0]?.version;
    },

    async insert(tx: Queryable, a: NewAction): Promise<string> {
      const rows = await tx.query<{ id: string }>(
        `INSERT INTO actions (recommendation_id, organisation_id, owner_user_id, description, due_date, original_due_date, recurrence_months, forum_meeting_id)
         VALUES ($1, $2, $3, $4, $5, $5, $6, $7) RETURNING id`,
        [
          a.recommendationId,
          a.organisationId,
          a.ownerUserId,
          a.description,
          a.dueDate,
          a.recurrenceMonths ?? null,
          a.forumMeetingId ?? null,
        ],
      );
      return rows[0]!.id;
    },

    /**
     * Creates the next occurrence of a repeating action: same recommendation, organisation,
     * description and recurrence, not started, due on `dueDate`. The owner carries over only while
     * they are still an active user of that organisation. Returns undefined when the action already
     * has a next occurrence (the unique previous_occurrence_id decides, even under a race).
     */
    async insertNextOccurrence(
      tx: Queryable,
      previousId: string,
      dueDate: string,
    ): Promise<string | undefined> {
      const rows = await tx.query<{ id: string }>(
        `INSERT INTO actions (recommendation_id, organisation_id, owner_user_id, description, due_date, original_due_date,
                              recurrence_months, previous_occurrence_id, forum_meeting_id)
         SELECT a.recommendation_id, a.organisation_id,
                (SELECT u.id FROM users u WHERE u.id = a.owner_user_id AND u.active AND u.organisation_id = a.organisation_id),
                a.description, $2, $2, a.recurrence_months, a.id, a.forum_meeting_id
           FROM actions a WHERE a.id = $1
         ON CONFLICT (previous_occurrence_id) DO NOTHING
         RETURNING id`,
        [previousId, dueDate],
      );
      return rows[0]?.id;
    },

    async update(
      tx: Queryable,
      id: string,
      changes: Partial<{
        organisationId: string;
        ownerUserId: string | null;
        description: string;
        dueDate: string;
        status: ActionStatus;
        recurrenceMonths: number | null;
      }>,
    ): Promise<void> {
      const columns: Record<string, string> = {
        organisationId: 'organisation_id',
        ownerUserId: 'owner_user_id',
        description: 'description',
        dueDate: 'due_date',
        status: 'status',
        recurrenceMonths: 'recurrence_months',
      };
      const params: unknown[] = [id];
      const sets = Object.entries(changes).map(([key, value]) => {
        params.push(value);
        return `${columns[key]} = $${params.length}`;
      });
      if (changes.status) sets.push(changes.status === 'closed' ? 'closed_at = now()' : 'closed_at = NULL');
      await tx.query(
        `UPDATE actions SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')} WHERE id = $1`,
        params,
      );
    },

    async addUpdate(
      tx: Queryable,
      u: {
        actionId: string;
        authorUserId: string;
        kind: ActionUpdateKind;
        note: string;
        fromStatus?: ActionStatus;
        toStatus?: ActionStatus;
      },
    ): Promise<void> {
      await tx.query(
        `INSERT INTO action_updates (action_id, author_user_id, kind, note, from_status, to_status) VALUES ($1, $2, $3, $4, $5, $6)`,
        [u.actionId, u.authorUserId, u.kind, u.note, u.fromStatus ?? null, u.toStatus ?? null],
      );
    },

    async insertDueDateChange(
      tx: Queryable,
      c: { actionId: string; fromDate: string; toDate: string; reason: string; changedBy: string },
    ): Promise<void> {
      await tx.query(
        'INSERT INTO action_due_date_changes (action_id, from_date, to_date, reason, changed_by) VALUES ($1, $2, $3, $4, $5)',
        [c.actionId, c.fromDate, c.toDate, c.reason, c.changedBy],
      );
    },

    async listDueDateChanges(db: Queryable, actionId: string): Promise<DueDateChange[]> {
      return db.query<DueDateChange>(
        `SELECT c.id, c.from_date AS "fromDate", c.to_date AS "toDate", c.reason, u.name AS "changedByName", c.changed_at AS "changedAt"
           FROM action_due_date_changes c LEFT JOIN users u ON u.id = c.changed_by
          WHERE c.action_id = $1 ORDER BY c.changed_at, c.id`,
        [actionId],
      );
    },

    async listUpdates(db: Queryable, actionId: string): Promise<ActionUpdate[]> {
      return db.query<ActionUpdate>(
        `SELECT au.id, au.action_id AS "actionId", au.kind, au.note, au.from_status AS "fromStatus", au.to_status AS "toStatus",
                au.author_user_id AS "authorUserId", u.name AS "authorName", au.created_at AS "createdAt"
           FROM action_updates au JOIN users u ON u.id = au.author_user_id
          WHERE au.action_id = $1 ORDER BY au.created_at, au.id`,
        [actionId],
      );
    },
  };
}
export type ActionsRepository = ReturnType<typeof createActionsRepository>;
