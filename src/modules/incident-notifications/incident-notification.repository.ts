import type { Queryable } from '../../platform/db/index.ts';
import type { IncidentNotification, NotifiedChild } from './incident-notification.types.ts';

/** What the service writes: the notification without its computed parts. */
export interface NotificationRow {
  incidentCategory: IncidentNotification['incidentCategory'];
  description: string;
  abuseOrNeglect: IncidentNotification['abuseOrNeglect'];
  organisationIds: string[];
  otherAgencies: string;
  ofstedNotifiedDate: string | null;
  submittedBy: string;
  children: NotifiedChild[];
}

const SELECT = `
  SELECT id, review_id AS "reviewId", incident_category AS "incidentCategory", description,
         abuse_or_neglect AS "abuseOrNeglect", other_agencies AS "otherAgencies",
         ofsted_notified_date AS "ofstedNotifiedDate", submitted_by AS "submittedBy", version,
         created_at AS "createdAt", updated_at AS "updatedAt"
    FROM incident_notifications`;

export function createIncidentNotificationsRepository() {
  async function replaceParts(tx: Queryable, id: string, row: NotificationRow): Promise<void> {
    await tx.query('DELETE FROM incident_notification_children WHERE notification_id = $1', [id]);
    for (const [i, c] of row.children.entries()) {
      await tx.query(
        `INSERT INTO incident_notification_children
           (notification_id, position, reference, age_band, sex, ethnicity, outcome, social_care)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [id, i + 1, c.reference, c.ageBand, c.sex, c.ethnicity, c.outcome, c.socialCare],
      );
    }
    await tx.query('DELETE FROM incident_notification_agencies WHERE notification_id = $1', [id]);
    await tx.query(
      `INSERT INTO incident_notification_agencies (notification_id, organisation_id)
       SELECT $1, unnest($2::uuid[])`,
      [id, row.organisationIds],
    );
  }

  return {
    async findByReview(db: Queryable, reviewId: string): Promise<IncidentNotification | undefined> {
      const [found] = await db.query<Omit<IncidentNotification, 'children' | 'agencies'>>(
        `${SELECT} WHERE review_id = $1`,
        [reviewId],
      );
      if (!found) return undefined;
      const children = await db.query<NotifiedChild>(
        `SELECT reference, age_band AS "ageBand", sex, ethnicity, outcome, social_care AS "socialCare"
           FROM incident_notification_children WHERE notification_id = $1 ORDER BY position`,
        [found.id],
      );
      const agencies = await db.query<{ id: string; name: string }>(
        `SELECT o.id, o.name FROM incident_notification_agencies a
           JOIN organisations o ON o.id = a.organisation_id
          WHERE a.notification_id = $1 ORDER BY o.name`,
        [found.id],
      );
      return { ...found, children, agencies };
    },

    /** The version of a review's notification, locked for the caller's transaction. */
    async lockByReview(
      tx: Queryable,
      reviewId: string,
    ): Promise<{ id: string; version: number } | undefined> {
      const rows = await tx.query<{ id: string; version: number }>(
        'SELECT id, version FROM incident_notifications WHERE review_id = $1 FOR UPDATE',
        [reviewId],
      );
      return rows[0];
    },

    /** Inserts the notification; undefined when another request recorded one first. */
    async insert(
      tx: Queryable,
      reviewId: string,
      row: NotificationRow,
      createdBy: string,
    ): Promise<string | undefined> {
      const rows = await tx.query<{ id: string }>(
        `INSERT INTO incident_notifications
           (review_id, incident_category, description, abuse_or_neglect, other_agencies,
            ofsted_notified_date, submitted_by, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (review_id) DO NOTHING RETURNING id`,
        [
          reviewId,
          row.incidentCategory,
          row.description,
          row.abuseOrNeglect,
          row.otherAgencies,
          row.ofstedNotifiedDate,
          row.submittedBy,
          createdBy,
        ],
      );
      if (!rows[0]) return undefined;
      await replaceParts(tx, rows[0].id, row);
      return rows[0].id;
    },

    async update(tx: Queryable, id: string, row: NotificationRow): Promise<void> {
      await tx.query(
        `UPDATE incident_notifications
            SET incident_category = $2, description = $3, abuse_or_neglect = $4, other_agencies = $5,
                ofsted_notified_date = $6, submitted_by = $7, version = version + 1, updated_at = now()
          WHERE id = $1`,
        [
          id,
          row.incidentCategory,
          row.description,
          row.abuseOrNeglect,
          row.otherAgencies,
          row.ofstedNotifiedDate,
          row.submittedBy,
        ],
      );
      await replaceParts(tx, id, row);
    },
  };
}
export type IncidentNotificationsRepository = ReturnType<typeof createIncidentNotificationsRepository>;
