import type { Queryable } from '../../platform/db/index.ts';

/** An open action as reminders see it: what it is, when it is due, and who should hear about it. */
export interface ActionDue {
  id: string;
  description: string;
  dueDate: string;
  organisationId: string;
  organisationName: string;
  ownerUserId: string | null;
  /** Where the action comes from: "Baby T, recommendation 2", or a forum meeting ("GP Forum, 12 March 2026"). */
  ref: string;
  /** The same, short, for the weekly digest: "Baby T 2". */
  shortRef: string;
}

export interface Recipient {
  id: string;
  role: string;
  organisationId: string;
}

/**
 * SQL for the reminder jobs. It reads actions, reviews and users directly (a read model, as the
 * exports are) because it runs without a signed-in user and across every organisation.
 */
export function createRemindersRepository() {
  return {
    /** Open actions due on or before `horizon` (anything later needs no reminder yet). */
    async openActionsDueBy(db: Queryable, horizon: string): Promise<ActionDue[]> {
      return db.query<ActionDue>(
        `SELECT a.id, a.description, a.due_date AS "dueDate", a.organisation_id AS "organisationId",
                o.name AS "organisationName", a.owner_user_id AS "ownerUserId",
                CASE WHEN a.forum_meeting_id IS NULL THEN r.subject_ref || ', recommendation ' || rec.number
                     ELSE f.name || ', ' || to_char(fm.meeting_date, 'FMDD FMMonth YYYY') END AS ref,
                CASE WHEN a.forum_meeting_id IS NULL THEN r.subject_ref || ' ' || rec.number
                     ELSE f.name || ', ' || to_char(fm.meeting_date, 'FMDD FMMonth YYYY') END AS "shortRef"
           FROM actions a
           JOIN organisations o ON o.id = a.organisation_id
           LEFT JOIN recommendations rec ON rec.id = a.recommendation_id
           LEFT JOIN reviews r ON r.id = rec.review_id
           LEFT JOIN forum_meetings fm ON fm.id = a.forum_meeting_id
           LEFT JOIN forums f ON f.id = fm.forum_id
          WHERE a.status <> 'closed' AND a.due_date <= $1
          ORDER BY a.due_date, a.id`,
        [horizon],
      );
    },

    /**
     * Claims a reminder: true if this call recorded it, false if it was already sent. Two workers
     * claiming the same one at once: the second waits for the first's transaction and then sees it.
     */
    async claim(
      tx: Queryable,
      r: { itemType: string; itemId: string; stage: string; dueDate: string },
    ): Promise<boolean> {
      const rows = await tx.query(
        `INSERT INTO reminders_sent (item_type, item_id, stage, due_date) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING RETURNING item_id`,
        [r.itemType, r.itemId, r.stage, r.dueDate],
      );
      return rows.length === 1;
    },

    async activeUser(tx: Queryable, id: string): Promise<Recipient | undefined> {
      const rows = await tx.query<Recipient>(
        `SELECT id, role, organisation_id AS "organisationId" FROM users WHERE id = $1 AND active`,
        [id],
      );
      return rows[0];
    },

    async organisationLeads(tx: Queryable, organisationId: string): Promise<Recipient[]> {
      return tx.query<Recipient>(
        `SELECT id, role, organisation_id AS "organisationId" FROM users
          WHERE organisation_id = $1 AND role = 'organisation-lead' AND active ORDER BY id`,
        [organisationId],
      );
    },

    async businessUnit(tx: Queryable): Promise<Recipient[]> {
      return tx.query<Recipient>(
        `SELECT id, role, organisation_id AS "organisationId" FROM users
          WHERE role = 'business-unit' AND active ORDER BY id`,
      );
    },

    /** Everyone who may get a weekly digest (board members read reports instead). */
    async digestRecipients(db: Queryable): Promise<Recipient[]> {
      return db.query<Recipient>(
        `SELECT id, role, organisation_id AS "organisationId" FROM users
          WHERE active AND role IN ('business-unit', 'organisation-lead', 'practitioner', 'reviewer') ORDER BY id`,
      );
    },

    /** Open actions a user owns, or (for a lead) their organisation's, with due dates. */
    async openActionsFor(
      db: Queryable,
      who: { userId: string; organisationId: string | null },
    ): Promise<ActionDue[]> {
      return db.query<ActionDue>(
        `SELECT a.id, a.description, a.due_date AS "dueDate", a.organisation_id AS "organisationId",
                o.name AS "organisationName", a.owner_user_id AS "ownerUserId",
                CASE WHEN a.forum_meeting_id IS NULL THEN r.subject_ref || ', recommendation ' || rec.number
                     ELSE f.name || ', ' || to_char(fm.meeting_date, 'FMDD FMMonth YYYY') END AS ref,
                CASE WHEN a.forum_meeting_id IS NULL THEN r.subject_ref || ' ' || rec.number
                     ELSE f.name || ', ' || to_char(fm.meeting_date, 'FMDD FMMonth YYYY') END AS "shortRef"
           FROM actions a
           JOIN organisations o ON o.id = a.organisation_id
           LEFT JOIN recommendations rec ON rec.id = a.recommendation_id
           LEFT JOIN reviews r ON r.id = rec.review_id
           LEFT JOIN forum_meetings fm ON fm.id = a.forum_meeting_id
           LEFT JOIN forums f ON f.id = fm.forum_id
          WHERE a.status <> 'closed' AND (a.owner_user_id = $1 OR a.organisation_id = $2)
          ORDER BY a.due_date, a.id`,
        [who.userId, who.organisationId],
      );
    },

    async overdueActionCount(db: Queryable, today: string): Promise<number> {
      const rows = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM actions WHERE status <> 'closed' AND due_date < $1`,
        [today],
      );
      return rows[0]!.n;
    },
  };
}
export type RemindersRepository = ReturnType<typeof createRemindersRepository>;
