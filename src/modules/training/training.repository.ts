import type { Queryable } from '../../platform/db/index.ts';
import type {
  Attendance,
  Booking,
  CoverageItem,
  Course,
  FeedbackSummary,
  Scenario,
  ScenarioPoint,
  TrainingSession,
} from './training.types.ts';

const COURSE = `SELECT c.id, c.title, c.summary, c.audience, c.version, c.created_at AS "createdAt",
    (SELECT count(*)::int FROM course_scenarios s WHERE s.course_id = c.id) AS "scenarioCount",
    (SELECT count(*)::int FROM training_sessions t WHERE t.course_id = c.id AND t.session_date >= $1::date) AS "upcomingSessions"
  FROM courses c`;

const SESSION = `SELECT t.id, t.course_id AS "courseId", c.title AS "courseTitle", t.session_date AS date,
    to_char(t.start_time, 'HH24:MI') AS "startTime", to_char(t.end_time, 'HH24:MI') AS "endTime",
    t.mode, t.venue, t.online_link AS "onlineLink", t.capacity, t.facilitator, t.version,
    (SELECT count(*)::int FROM training_bookings b WHERE b.session_id = t.id AND b.status = 'booked') AS booked,
    (SELECT count(*)::int FROM training_bookings b WHERE b.session_id = t.id AND b.status = 'waiting') AS waiting,
    (SELECT count(*)::int FROM training_bookings b WHERE b.session_id = t.id AND b.attendance = 'attended') AS attended
  FROM training_sessions t JOIN courses c ON c.id = t.course_id`;

const BOOKING = `SELECT b.id, b.session_id AS "sessionId", b.user_id AS "userId", u.name, u.job_title AS "jobTitle",
    b.organisation_id AS "organisationId", o.name AS "organisationName", b.booked_by AS "bookedBy", b.status,
    b.queued_at AS "queuedAt", b.attendance,
    EXISTS (SELECT 1 FROM training_feedback f WHERE f.booking_id = b.id) AS "hasFeedback"
  FROM training_bookings b JOIN users u ON u.id = b.user_id JOIN organisations o ON o.id = b.organisation_id`;

export interface NewSession {
  courseId: string;
  date: string;
  startTime: string;
  endTime: string;
  mode: string;
  venue: string;
  onlineLink: string;
  capacity: number;
  facilitator: string;
  createdBy: string;
}

export interface NewScenario {
  courseId: string;
  title: string;
  scenario: string;
  questions: string[];
  reviewId: string | null;
  learningPointIds: string[];
}

/** The learning points of reviews a scenario can link to, with their review's reference. */
export interface PointChoice extends ScenarioPoint {
  reviewId: string;
  reviewRef: string;
}

export function createTrainingRepository() {
  return {
    async listCourses(q: Queryable, today: string, paging: { page: number; pageSize: number }) {
      const items = await q.query<Course>(
        `${COURSE} ORDER BY c.created_at DESC, c.title LIMIT $2 OFFSET $3`,
        [today, paging.pageSize, (paging.page - 1) * paging.pageSize],
      );
      const [count] = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM courses');
      return { items, total: count!.n };
    },

    async findCourse(q: Queryable, id: string, today: string): Promise<Course | undefined> {
      return (await q.query<Course>(`${COURSE} WHERE c.id = $2`, [today, id]))[0];
    },

    async insertCourse(
      tx: Queryable,
      c: { title: string; summary: string; audience: string; createdBy: string },
    ): Promise<string> {
      const rows = await tx.query<{ id: string }>(
        'INSERT INTO courses (title, summary, audience, created_by) VALUES ($1, $2, $3, $4) RETURNING id',
        [c.title, c.summary, c.audience, c.createdBy],
      );
      return rows[0]!.id;
    },

    /** Saves a course if the version is still the one read; false when someone else saved first. */
    async updateCourse(
      tx: Queryable,
      id: string,
      version: number,
      c: { title: string; summary: string; audience: string },
    ): Promise<boolean> {
      const rows = await tx.query(
        `UPDATE courses SET title = $3, summary = $4, audience = $5, version = version + 1, updated_at = now()
          WHERE id = $1 AND version = $2 RETURNING id`,
        [id, version, c.title, c.summary, c.audience],
      );
      return rows.length === 1;
    },

    async scenarios(q: Queryable, courseId: string): Promise<Scenario[]> {
      const rows = await q.query<Omit<Scenario, 'learningPoints'>>(
        `SELECT s.id, s.course_id AS "courseId", s.number, s.title, s.scenario, s.questions, s.review_id AS "reviewId",
                r.subject_ref AS "reviewRef", s.library_review_id AS "libraryReviewId"
           FROM course_scenarios s LEFT JOIN reviews r ON r.id = s.review_id
          WHERE s.course_id = $1 ORDER BY s.number`,
        [courseId],
      );
      const points = rows.length
        ? await q.query<ScenarioPoint & { scenarioId: string }>(
            `SELECT l.scenario_id AS "scenarioId", p.id, p.number, p.text
               FROM course_scenario_learning_points l JOIN review_points p ON p.id = l.learning_point_id
              WHERE l.scenario_id = ANY($1::uuid[]) ORDER BY p.number`,
            [rows.map((r) => r.id)],
          )
        : [];
      return rows.map((r) => ({
        ...r,
        learningPoints: points
          .filter((p) => p.scenarioId === r.id)
          .map(({ id, number, text }) => ({ id, number, text })),
      }));
    },

    async insertScenario(tx: Queryable, s: NewScenario): Promise<string> {
      const rows = await tx.query<{ id: string }>(
        `INSERT INTO course_scenarios (course_id, number, title, scenario, questions, review_id)
         VALUES ($1, (SELECT coalesce(max(number), 0) + 1 FROM course_scenarios WHERE course_id = $1), $2, $3, $4, $5)
         RETURNING id`,
        [s.courseId, s.title, s.scenario, s.questions, s.reviewId],
      );
      const id = rows[0]!.id;
      for (const pointId of s.learningPointIds)
        await tx.query(
          'INSERT INTO course_scenario_learning_points (scenario_id, learning_point_id) VALUES ($1, $2)',
          [id, pointId],
        );
      return id;
    },

    /** Every learning point of every review, for the scenario form. */
    async pointChoices(q: Queryable): Promise<PointChoice[]> {
      return q.query<PointChoice>(
        `SELECT p.id, p.number, p.text, r.id AS "reviewId", r.subject_ref AS "reviewRef"
           FROM review_points p JOIN reviews r ON r.id = p.review_id
          WHERE p.kind = 'learning-point' ORDER BY r.created_at DESC, r.id, p.number`,
      );
    },

    async reviewExists(q: Queryable, id: string): Promise<boolean> {
      return (await q.query('SELECT 1 FROM reviews WHERE id = $1', [id])).length === 1;
    },

    async sessionsOf(q: Queryable, courseId: string): Promise<TrainingSession[]> {
      return q.query<TrainingSession>(
        `${SESSION} WHERE t.course_id = $1 ORDER BY t.session_date, t.start_time`,
        [courseId],
      );
    },

    async findSession(q: Queryable, id: string): Promise<TrainingSession | undefined> {
      return (await q.query<TrainingSession>(`${SESSION} WHERE t.id = $1`, [id]))[0];
    },

    /** Holds the session row until the transaction ends, so two bookings cannot take one last place. */
    async lockSession(tx: Queryable, id: string): Promise<void> {
      await tx.query('SELECT id FROM training_sessions WHERE id = $1 FOR UPDATE', [id]);
    },

    async insertSession(tx: Queryable, s: NewSession): Promise<string> {
      const rows = await tx.query<{ id: string }>(
        `INSERT INTO training_sessions (course_id, session_date, start_time, end_time, mode, venue, online_link, capacity, facilitator, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [
          s.courseId,
          s.date,
          s.startTime,
          s.endTime,
          s.mode,
          s.venue,
          s.onlineLink,
          s.capacity,
          s.facilitator,
          s.createdBy,
        ],
      );
      return rows[0]!.id;
    },

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
    async coverage(q: Queryable, courseId: string, from: string, to: string): Promise<CoverageItem[]> {
      return q.query<CoverageItem>(
        `SELECT o.id AS "organisationId", o.name AS "organisationName", o.type AS "organisationType",
                to_char(max(t.session_date), 'YYYY-MM-DD') AS "lastAttended", count(DISTINCT b.user_id)::int AS attendees
           FROM organisations o
           LEFT JOIN (training_bookings b JOIN training_sessions t
                        ON t.id = b.session_id AND t.course_id = $1 AND t.session_date >= $2::date AND t.session_date <= $3::date)
             ON b.organisation_id = o.id AND b.attendance = 'attended'
          GROUP BY o.id, o.name, o.type ORDER BY o.type, o.name`,
        [courseId, from, to],
      );
    },

    /** People who attended the course, by month of the session, since `from`. */
    async attendanceByMonth(q: Queryable, courseId: string, from: string) {
      return q.query<{ month: string; attendees: number; sessions: number }>(
        `SELECT to_char(t.session_date, 'YYYY-MM') AS month,
                (count(b.id) FILTER (WHERE b.attendance = 'attended'))::int AS attendees,
                count(DISTINCT t.id)::int AS sessions
           FROM training_sessions t LEFT JOIN training_bookings b ON b.session_id = t.id
          WHERE t.course_id = $1 AND t.session_date >= $2::date AND t.session_date <= CURRENT_DATE
          GROUP BY 1 ORDER BY 1`,
        [courseId, from],
      );
    },

    /** One organisation's (or every organisation's) attendance, a row per person and session. */
    async attendanceRecords(q: Queryable, organisationId: string | null) {
      return q.query<{
        name: string;
        organisationName: string;
        courseTitle: string;
        date: string;
        attendance: Attendance;
      }>(
        `SELECT u.name, o.name AS "organisationName", c.title AS "courseTitle", t.session_date AS date, b.attendance
           FROM training_bookings b JOIN users u ON u.id = b.user_id JOIN organisations o ON o.id = b.organisation_id
           JOIN training_sessions t ON t.id = b.session_id JOIN courses c ON c.id = t.course_id
          WHERE b.attendance IS NOT NULL AND ($1::uuid IS NULL OR b.organisation_id = $1)
          ORDER BY t.session_date DESC, o.name, u.name`,
        [organisationId],
      );
    },

    /** Courses whose scenarios draw on the recommendation's learning points or its review. */
    async coursesForRecommendation(q: Queryable, recommendationId: string) {
      return q.query<{ id: string; title: string }>(
        `SELECT DISTINCT c.id, c.title FROM courses c JOIN course_scenarios s ON s.course_id = c.id
          WHERE s.review_id = (SELECT review_id FROM recommendations WHERE id = $1)
             OR EXISTS (SELECT 1 FROM course_scenario_learning_points l
                          JOIN recommendation_learning_points rl ON rl.learning_point_id = l.learning_point_id
                         WHERE l.scenario_id = s.id AND rl.recommendation_id = $1)
          ORDER BY c.title`,
        [recommendationId],
      );
    },

    async courseReach(q: Queryable, courseId: string, from: string, to: string) {
      const [row] = await q.query<{
        sessions: number;
        attended: number;
        organisations: number;
        last: string | null;
      }>(
        `SELECT count(DISTINCT t.id)::int AS sessions,
                (count(b.id) FILTER (WHERE b.attendance = 'attended'))::int AS attended,
                (count(DISTINCT b.organisation_id) FILTER (WHERE b.attendance = 'attended'))::int AS organisations,
                to_char(max(t.session_date), 'YYYY-MM-DD') AS last
           FROM training_sessions t LEFT JOIN training_bookings b ON b.session_id = t.id
          WHERE t.course_id = $1 AND t.session_date >= $2::date AND t.session_date <= $3::date`,
        [courseId, from, to],
      );
      return row!;
    },

    /** Active staff of an organisation who can be booked onto training. */
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
export type TrainingRepository = ReturnType<typeof createTrainingRepository>;
