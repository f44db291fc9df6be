import type { Queryable } from '../../platform/db/index.ts';
import type { NewNotification, Notification } from './notifications.types.ts';

const COLUMNS = `id, user_id AS "userId", kind, subject, body, link, created_at AS "createdAt", read_at AS "readAt"`;

export function createNotificationsRepository() {
  return {
    async insert(tx: Queryable, n: NewNotification): Promise<Notification> {
      const rows = await tx.query<Notification>(
        `INSERT INTO notifications (user_id, kind, subject, body, link) VALUES ($1, $2, $3, $4, $5)
         RETURNING ${COLUMNS}`,
        [n.userId, n.kind, n.subject, n.body, n.link ?? null],
      );
      return rows[0]!;
    },

    /** The recipient's address and whether they want this kind by e-mail (default: yes). */
    async emailFor(tx: Queryable, userId: string, kind: string): Promise<string | null> {
      const rows = await tx.query<{ email: string; wanted: boolean }>(
        `SELECT u.email, COALESCE(p.email, true) AS wanted
           FROM users u LEFT JOIN notification_email_preferences p ON p.user_id = u.id AND p.kind = $2
          WHERE u.id = $1 AND u.active`,
        [userId, kind],
      );
      const row = rows[0];
      return row?.wanted ? row.email : null;
    },

    async queueEmail(
      tx: Queryable,
      m: { to: string; subject: string; body: string; userId: string; notificationId: string },
    ): Promise<void> {
      await tx.query(
        `INSERT INTO outbox (to_address, subject, body, user_id, notification_id) VALUES ($1, $2, $3, $4, $5)`,
        [m.to, m.subject, m.body, m.userId, m.notificationId],
      );
    },

    async list(db: Queryable, userId: string, paging: { page: number; pageSize: number }) {
      const [items, count] = await Promise.all([
        db.query<Notification>(
          `SELECT ${COLUMNS} FROM notifications WHERE user_id = $1 ORDER BY created_at DESC, id
            LIMIT $2 OFFSET $3`,
          [userId, paging.pageSize, (paging.page - 1) * paging.pageSize],
        ),
        db.query<{ total: number }>('SELECT count(*)::int AS total FROM notifications WHERE user_id = $1', [
          userId,
        ]),
      ]);
      return { items, total: count[0]!.total, ...paging };
    },

    async unreadCount(db: Queryable, userId: string): Promise<number> {
      const rows = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL',
        [userId],
      );
      return rows[0]!.n;
    },

    /** Marks one of the user's notifications read; false when it is not theirs. */
    async markRead(db: Queryable, userId: string, id: string): Promise<boolean> {
      const rows = await db.query(
        `UPDATE notifications SET read_at = COALESCE(read_at, now()) WHERE id = $1 AND user_id = $2 RETURNING id`,
        [id, userId],
      );
      return rows.length > 0;
    },
  };
}
export type NotificationsRepository = ReturnType<typeof createNotificationsRepository>;
