import { z } from 'zod';
import type { Db, Queryable } from '../../platform/db/index.ts';
import { NotFound, ValidationFailed } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { isUuid } from '../../platform/schema.ts';
import { auditActorOf, type AuditRepository } from '../audit/index.ts';
import type { NotificationsRepository } from './notifications.repository.ts';
import {
  NOTIFICATION_KINDS,
  type NewNotification,
  type Notification,
  type NotificationKind,
} from './notifications.types.ts';

const KINDS = Object.keys(NOTIFICATION_KINDS) as NotificationKind[];

/** The kinds a user wants by e-mail; every kind left out is turned off. */
export const EmailPreferencesSchema = z.object({
  emailKinds: z.array(
    z.enum(KINDS as [NotificationKind, ...NotificationKind[]], { error: 'Choose from the list' }),
    { error: 'Choose from the list' },
  ),
});

export function createNotificationsService({
  db,
  notifications,
  audit,
}: {
  db: Db;
  notifications: NotificationsRepository;
  audit: AuditRepository;
}) {
  /** Every kind of notification, in plain English, with whether it also comes by e-mail. */
  async function emailPreferences(actor: Actor) {
    const choices = await notifications.emailChoices(db, actor.id);
    return KINDS.map((kind) => ({
      kind,
      description: NOTIFICATION_KINDS[kind],
      email: choices[kind] ?? true,
    }));
  }

  return {
    /**
     * Puts a notification in the user's inbox and, if they want this kind by e-mail, an e-mail in
     * the outbox, both in the caller's transaction: the message exists exactly when what caused it does.
     */
    async notify(tx: Queryable, message: NewNotification): Promise<Notification> {
      const notification = await notifications.insert(tx, message);
      const to = await notifications.emailFor(tx, message.userId, message.kind);
      if (to) {
        const body = message.link ? `${message.body}\n\nOpen it in Lantern: ${message.link}` : message.body;
        await notifications.queueEmail(tx, {
          to,
          subject: message.subject,
          body,
          userId: message.userId,
          notificationId: notification.id,
        });
      }
      return notification;
    },

    async inbox(actor: Actor, paging: { page: number; pageSize: number; unread?: boolean }) {
      return notifications.list(db, actor.id, paging);
    },

    /** One cheap indexed count, run for every signed-in page (the header shows it). */
    async unreadCount(actor: Actor): Promise<number> {
      return notifications.unreadCount(db, actor.id);
    },

    /** Marks one of the actor's own notifications read; anyone else's is a 404. Not audited: it
     * changes only the reader's own inbox, and would fill the log with noise. */
    async markRead(actor: Actor, id: string): Promise<Notification> {
      const read = isUuid(id) ? await notifications.markRead(db, actor.id, id) : null;
      if (!read) throw new NotFound('Notification');
      return read;
    },

    async markAllRead(actor: Actor): Promise<number> {
      return notifications.markAllRead(db, actor.id);
    },

    emailPreferences,

    /** Saves which kinds come by e-mail (the inbox always gets everything), audited with the change. */
    async saveEmailPreferences(actor: Actor, input: unknown) {
      const parsed = EmailPreferencesSchema.safeParse(input);
      // One message at the checkboxes (the error summary links to the first box), not one per item.
      if (!parsed.success)
        throw new ValidationFailed([{ path: 'emailKinds', message: 'Choose from the list' }]);
      const { emailKinds } = parsed.data;
      const wanted = new Set(emailKinds);
      const before = await emailPreferences(actor);
      await db.transaction(async (tx) => {
        for (const kind of KINDS) await notifications.setEmailChoice(tx, actor.id, kind, wanted.has(kind));
        await audit.insert(tx, auditActorOf(actor), {
          event: 'notification-preferences.changed',
          subjectType: 'user',
          subjectId: actor.id,
          before: { emailKinds: before.filter((p) => p.email).map((p) => p.kind) },
          after: { emailKinds: KINDS.filter((k) => wanted.has(k)) },
        });
      });
      return emailPreferences(actor);
    },
  };
}
export type NotificationsService = ReturnType<typeof createNotificationsService>;
