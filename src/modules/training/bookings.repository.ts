import type { Queryable } from '../../platform/db/index.ts';
import type { Attendance, Booking, FeedbackSummary } from './training.types.ts';

const BOOKING = `SELECT b.id, b.session_id AS "sessionId", b.user_id AS "userId", u.name, u.job_title AS "jobTitle",
    b.organisation_id AS "organisationId", o.name AS "organisationName", b.booked_by AS "bookedBy", b.status,
    b.queued_at AS "queuedAt", b.attendance,
    EXISTS (SELECT 1 FROM training_feedback f WHERE f.booking_id = b.id) AS "hasFeedback"
  FROM training_bookings b JOIN users u ON u.id = b.user_id JOIN organisations o ON o.id = b.organisation_id`;

/** Places on sessions: bookings, the waiting list, attendance, feedback, and who can be booked. */
export function createBookingQueries() {
  return {
    async bookings(q: Queryable, sessionId: string): Promise<Booking[]> {
      return q.query<Booking>(
        `${BOOKING} WHERE b.session_id = $1 AND b.status <> 'cancelled' ORDER BY b.status, b.queued_at`,
        [sessionId],
      );
    },

    async findBooking(q: Queryable, id: string): Promise<Booking | undefined> {
      return (await q.query<Booking>(`${BOOKING} WHERE b.id = $1`, [id]))[0];
    },

    /** A person's bookings (not cancelled) with their sessions, newest session first. */
    async bookingsOfUser(q: Queryable, userId: string) {
      return q.query<Booking & { date: string; startTime: string; endTime: string; courseTitle: string }>(
        `SELECT x.*, t.session_date AS date, to_char(t.start_time, 'HH24:MI') AS "startTime",
                to_char(t.end_time, 'HH24:MI') AS "endTime", c.title AS "courseTitle"
           FROM (${BOOKING} WHERE b.user_id = $1 AND b.status <> 'cancelled') x
           JOIN training_sessions t ON t.id = x."sessionId" JOIN courses c ON c.id = t.course_id
          ORDER BY t.session_date DESC`,
        [userId],
      );
    },

    async liveBookingOf(q: Queryable, sessionId: string, userId: string): Promise<Booking | undefined> {
      return (
        await q.query<Booking>(
          `${BOOKING} WHERE b.session_id = $1 AND b.user_id = $2 AND b.status <> 'cancelled'`,
          [sessionId, userId],
        )
      )[0];
    },

    async insertBooking(
      tx: Queryable,
      b: {
        sessionId: string;
        userId: string;
        organisationId: string;
        bookedBy: string;
        status: 'booked' | 'waiting';
      },
    ): Promise<string> {
      const rows = await tx.query<{ id: string }>(
        `INSERT INTO training_bookings (session_id, user_id, organisation_id, booked_by, status)
         VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [b.sessionId, b.userId, b.organisationId, b.bookedBy, b.status],
      );
      return rows[0]!.id;
    },

    async cancelBooking(tx: Queryable, id: string): Promise<void> {
      await tx.query(
        `UPDATE training_bookings SET status = 'cancelled', cancelled_at = now() WHERE id = $1 AND status <> 'cancelled'`,
        [id],
      );
    },

    /** Gives the first on the waiting list a place; returns who, or undefined when nobody is waiting. */
    async promoteFirstWaiting(tx: Queryable, sessionId: string): Promise<Booking | undefined> {
      const rows = await tx.query<{ id: string }>(
        `UPDATE training_bookings SET status = 'booked', promoted_at = now()
          WHERE id = (SELECT id FROM training_bookings WHERE session_id = $1 AND status = 'waiting'
                       ORDER BY queued_at, id LIMIT 1)
        RETURNING id`,
        [sessionId],
      );
      return rows[0] ? (await tx.query<Booking>(`${BOOKING} WHERE b.id = $1`, [rows[0].id]))[0] : undefined;
    },

    async countBooked(tx: Queryable, sessionId: string): Promise<number> {
      const [row] = await tx.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM training_bookings WHERE session_id = $1 AND status = 'booked'`,
        [sessionId],
      );
      return row!.n;
    },

    async recordAttendance(tx: Queryable, bookingId: string, attendance: Attendance): Promise<void> {
      await tx.query(
        `UPDATE training_bookings SET attendance = $2, attendance_recorded_at = now() WHERE id = $1`,
        [bookingId, attendance],
      );
    },

    async insertFeedback(
      tx: Queryable,
      bookingId: string,
      rating: number,
      comments: string,
    ): Promise<boolean> {
      const rows = await tx.query(
        `INSERT INTO training_feedback (booking_id, rating, comments) VALUES ($1, $2, $3)
         ON CONFLICT (booking_id) DO NOTHING RETURNING booking_id`,
        [bookingId, rating, comments],
      );
      return rows.length === 1;
    },

    async feedback(q: Queryable, sessionId: string): Promise<FeedbackSummary> {
      const rows = await q.query<{ rating: number; comments: string }>(
        `SELECT f.rating, f.comments FROM training_feedback f JOIN training_bookings b ON b.id = f.booking_id
          WHERE b.session_id = $1 ORDER BY f.created_at`,
        [sessionId],
      );
      const byRating = [1, 2, 3, 4, 5].map((n) => rows.filter((r) => r.rating === n).length);
      const average = rows.length ? rows.reduce((s, r) => s + r.rating, 0) / rows.length : null;
      return {
        count: rows.length,
        average: average === null ? null : Math.round(average * 10) / 10,
        byRating,
        comments: rows.filter((r) => r.comments.trim()),
      };
    },

    /** Every organisation with how many of its people attended the course since `from`. */
    async staffOf(q: Queryable, organisationId: string) {
      return q.query<{ id: string; name: string; organisationId: string; role: string }>(
        `SELECT id, name, organisation_id AS "organisationId", role FROM users
          WHERE organisation_id = $1 AND active AND role IN ('practitioner', 'organisation-lead') ORDER BY name`,
        [organisationId],
      );
    },

    async findUser(q: Queryable, id: string) {
      return (
        await q.query<{ id: string; name: string; organisationId: string; role: string; active: boolean }>(
          `SELECT id, name, organisation_id AS "organisationId", role, active FROM users WHERE id = $1`,
          [id],
        )
      )[0];
    },

    async leadsOf(q: Queryable, organisationId: string): Promise<string[]> {
      const rows = await q.query<{ id: string }>(
        `SELECT id FROM users WHERE organisation_id = $1 AND role = 'organisation-lead' AND active ORDER BY name`,
        [organisationId],
      );
      return rows.map((r) => r.id);
    },
  };
}
