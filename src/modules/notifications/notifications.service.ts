import type { Db, Queryable } from '../../platform/db/index.ts';
import { NotFound } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { isUuid } from '../../platform/schema.ts';
import type { NotificationsRepository } from './notifications.repository.ts';
import type { NewNotification, Notification } from './notifications.types.ts';

export function createNotificationsService({
  db,
  notifications,
}: {
  db: Db;
  notifications: NotificationsRepository;
}) {
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

    async inbox(actor: Actor, paging: { page: number; pageSize: number }) {
      return notifications.list(db, actor.id, paging);
    },

    async unreadCount(actor: Actor): Promise<number> {
      return notifications.unreadCount(db, actor.id);
    },

    async markRead(actor: Actor, id: string): Promise<void> {
      if (!isUuid(id) || !(await notifications.markRead(db, actor.id, id)))
        throw new NotFound('Notification');
    },
  };
}
export type NotificationsService = ReturnType<typeof createNotificationsService>;
