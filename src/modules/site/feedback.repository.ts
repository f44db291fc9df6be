import type { Queryable } from '../../platform/db/index.ts';

export interface Feedback {
  id: string;
  text: string;
  page: string;
  fromName: string | null;
  createdAt: Date;
}

export function createFeedbackRepository() {
  return {
    async insert(db: Queryable, f: { text: string; page: string; userId: string | null }): Promise<void> {
      await db.query('INSERT INTO feedback (text, page, user_id) VALUES ($1, $2, $3)', [
        f.text,
        f.page,
        f.userId,
      ]);
    },
    async latest(db: Queryable, limit: number): Promise<Feedback[]> {
      return db.query<Feedback>(
        `SELECT f.id, f.text, f.page, u.name AS "fromName", f.created_at AS "createdAt"
           FROM feedback f LEFT JOIN users u ON u.id = f.user_id ORDER BY f.created_at DESC LIMIT $1`,
        [limit],
      );
    },
  };
}
export type FeedbackRepository = ReturnType<typeof createFeedbackRepository>;
