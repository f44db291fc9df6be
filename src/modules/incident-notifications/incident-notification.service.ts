import { londonToday } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../../platform/errors.ts';
import { parseOrThrow } from '../../platform/http/forms.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { auditActorOf, type AuditRepository } from '../audit/index.ts';
import { fileSlug } from '../exports/index.ts';
import type { OrganisationsService } from '../organisations/index.ts';
import type { ReviewsService, ReviewWithDeadlines } from '../reviews/index.ts';
import { notificationPdf } from './incident-notification.pdf.ts';
import type { IncidentNotificationsRepository, NotificationRow } from './incident-notification.repository.ts';
import { NotificationSchema, type NotificationInput } from './incident-notification.schema.ts';
import type { IncidentNotification } from './incident-notification.types.ts';

interface Deps {
  db: Db;
  notifications: IncidentNotificationsRepository;
  audit: AuditRepository;
  reviews: ReviewsService;
  organisations: OrganisationsService;
  today?: () => string;
}

export interface NotificationRecord {
  review: ReviewWithDeadlines;
  /** Null until the business unit records it. */
  notification: IncidentNotification | null;
  canEdit: boolean;
}

const EDIT_REFUSED = 'Only the partnership business unit can record the serious incident notification';

/** The notification as written, to compare a save with what is there (and audit the difference). */
function rowOf(n: IncidentNotification): NotificationRow {
  return {
    incidentCategory: n.incidentCategory,
    description: n.description,
    abuseOrNeglect: n.abuseOrNeglect,
    organisationIds: n.agencies.map((a) => a.id).sort(),
    otherAgencies: n.otherAgencies,
    ofstedNotifiedDate: n.ofstedNotifiedDate,
    submittedBy: n.submittedBy,
    children: n.children,
  };
}

export function createIncidentNotificationsService({
  db,
  notifications,
  audit,
  reviews,
  organisations,
  today = londonToday,
}: Deps) {
  /** Rules that need the review or the partnership: each names the field to fix. */
  async function checkAgainstReview(actor: Actor, review: ReviewWithDeadlines, data: NotificationInput) {
    const errors = [];
    if (data.ofstedNotifiedDate && data.ofstedNotifiedDate < review.incidentDate) {
      errors.push({
        path: 'ofstedNotifiedDate',
        message: 'The date Ofsted was notified must be on or after the incident date',
      });
    }
    const known = new Set((await organisations.list(actor)).map((o) => o.id));
    if ((data.organisationIds ?? []).some((id) => !known.has(id))) {
      errors.push({ path: 'organisationIds', message: 'Select agencies from the list' });
    }
    if (errors.length) throw new ValidationFailed(errors);
  }

  async function audited(actor: Actor, reviewId: string, n: IncidentNotification, format: string) {
    await audit.insert(db, auditActorOf(actor), {
      event: 'incident-notification.viewed',
      subjectType: 'review',
      subjectId: reviewId,
      details: { notificationId: n.id, format },
    });
  }

  return {
    /** The review's notification for anyone who may see the review (404 otherwise). Each view is audited. */
    async get(actor: Actor, reviewId: string, format = 'html'): Promise<NotificationRecord> {
      const review = await reviews.find(actor, reviewId);
      const notification = (await notifications.findByReview(db, reviewId)) ?? null;
      if (notification) await audited(actor, reviewId, notification, format);
      return { review, notification, canEdit: actor.role === 'business-unit' };
    },

    /** Refuses (403) anyone but the business unit, after checking they may see the review (404). */
    async assertCanEdit(actor: Actor, reviewId: string): Promise<ReviewWithDeadlines> {
      const review = await reviews.find(actor, reviewId);
      if (actor.role !== 'business-unit') throw new Forbidden(EDIT_REFUSED);
      return review;
    },

    /**
     * Records or replaces the notification. Order of checks as for every edit: the review must be
     * visible (404), the caller's copy current (409), the role allowed (403), the values valid (400).
     */
    async save(
      actor: Actor,
      reviewId: string,
      input: unknown,
    ): Promise<{ notification: IncidentNotification; created: boolean }> {
      const review = await reviews.find(actor, reviewId);
      const existing = await notifications.findByReview(db, reviewId);
      const version = Number((input as { version?: unknown } | null)?.version);
      if (existing && existing.version !== version) throw new Conflict(undefined, existing);
      if (actor.role !== 'business-unit') throw new Forbidden(EDIT_REFUSED);
      const data = parseOrThrow(NotificationSchema, input);
      await checkAgainstReview(actor, review, data);
      const row: NotificationRow = {
        incidentCategory: data.incidentCategory,
        description: data.description,
        abuseOrNeglect: data.abuseOrNeglect,
        organisationIds: [...new Set(data.organisationIds ?? [])].sort(),
        otherAgencies: data.otherAgencies ?? '',
        ofstedNotifiedDate: data.ofstedNotifiedDate ?? null,
        submittedBy: data.submittedBy ?? '',
        children: data.children,
      };
      // Saving an unchanged form changes nothing: no new version, no audit row.
      if (existing && JSON.stringify(rowOf(existing)) === JSON.stringify(row)) {
        return { notification: existing, created: false };
      }
      await db.transaction(async (tx) => {
        const locked = await notifications.lockByReview(tx, reviewId);
        if (existing ? locked?.version !== existing.version : locked) throw new Conflict(undefined, locked);
        let id = locked?.id;
        if (id) await notifications.update(tx, id, row);
        else id = await notifications.insert(tx, reviewId, row, actor.id);
        // Someone else recorded it between our check and our insert.
        if (!id) throw new Conflict();
        await audit.insert(tx, auditActorOf(actor), {
          event: 'incident-notification.changed',
          subjectType: 'review',
          subjectId: reviewId,
          before: existing ? rowOf(existing) : null,
          after: row,
          details: { notificationId: id },
        });
      });
      return { notification: (await notifications.findByReview(db, reviewId))!, created: !existing };
    },

    /** The notification as a printable PDF, for anyone who may see the review. Audited as a view. */
    async pdf(actor: Actor, reviewId: string): Promise<{ filename: string; body: Buffer }> {
      const review = await reviews.find(actor, reviewId);
      const notification = await notifications.findByReview(db, reviewId);
      if (!notification) throw new NotFound('Serious incident notification');
      const producedOn = today();
      const body = await notificationPdf({ review, notification, producedOn });
      await audited(actor, reviewId, notification, 'pdf');
      return {
        filename: `serious-incident-notification-${fileSlug(review.subjectRef)}-${producedOn}.pdf`,
        body,
      };
    },
  };
}
export type IncidentNotificationsService = ReturnType<typeof createIncidentNotificationsService>;
