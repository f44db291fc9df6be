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

    /** The user's notifications, newest first; `unread` keeps only those not yet read. */
    async list(db: Queryable, userId: string, paging: { page: number; pageSize: number; unread?: boolean }) {
      const where = `user_id = $1${paging.unread ? ' AND read_at IS NULL' : ''}`;
      const [items, count] = await Promise.all([
        db.query<Notification>(
          `SELECT ${COLUMNS} FROM notifications WHERE ${where} ORDER BY created_at DESC, id
            LIMIT $2 OFFSET $3`,
          [userId, paging.pageSize, (paging.page - 1) * paging.pageSize],
        ),
        db.query<{ total: number }>(`SELECT count(*)::int AS total FROM notifications WHERE ${where}`, [
          userId,
        ]),
      ]);
      return { items, total: count[0]!.total, page: paging.page, pageSize: paging.pageSize };
    },

    async unreadCount(db: Queryable, userId: string): Promise<number> {
      const rows = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL',
        [userId],
      );
      return rows[0]!.n;
    },

    /** Marks one of the user's notifications read; null when it is not theirs. */
    async markRead(db: Queryable, userId: string, id: string): Promise<Notification | null> {
      const rows = await db.query<Notification>(
        `UPDATE notifications SET read_at = COALESCE(read_at, now()) WHERE id = $1 AND user_id = $2
         RETURNING ${COLUMNS}`,
        [id, userId],
      );
      return rows[0] ?? null;
    },

    async markAllRead(db: Queryable, userId: string): Promise<number> {
      const rows = await db.query(
        'UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL RETURNING id',
        [userId],
      );
      return rows.length;
    },

    /** The kinds the user has turned e-mail on or off for; a kind with no row is on. */
    async emailChoices(db: Queryable, userId: string): Promise<Record<string, boolean>> {
      const rows = await db.query<{ kind: string; email: boolean }>(
        'SELECT kind, email FROM notification_email_preferences WHERE user_id = $1',
        [userId],
      );
      return Object.fromEntries(rows.map((r) => [r.kind, r.email]));
    },

    async setEmailChoice(tx: Queryable, userId: string, kind: string, email: boolean): Promise<void> {
      await tx.query(
        `INSERT INTO notification_email_preferences (user_id, kind, email) VALUES ($1, $2, $3)
         ON CONFLICT (user_id, kind) DO UPDATE SET email = EXCLUDED.email`,
        [userId, kind, email],
      );
    },
  };
}
export type NotificationsRepository = ReturnType<typeof createNotificationsRepository>;
