import type { Queryable } from '../../platform/db/index.ts';
import { createBookingQueries } from './bookings.repository.ts';
import { createChangeQueries } from './changes.repository.ts';
import { createReachQueries } from './reach.repository.ts';
import type { Course, Scenario, ScenarioPoint, TrainingSession } from './training.types.ts';

const COURSE = `SELECT c.id, c.title, c.summary, c.audience, c.version, c.created_at AS "createdAt",
    (SELECT count(*)::int FROM course_scenarios s WHERE s.course_id = c.id) AS "scenarioCount",
    (SELECT count(*)::int FROM training_sessions t
      WHERE t.course_id = c.id AND t.session_date >= $1::date AND t.cancelled_at IS NULL) AS "upcomingSessions"
  FROM courses c`;

const SESSION = `SELECT t.id, t.course_id AS "courseId", c.title AS "courseTitle", t.session_date AS date,
    to_char(t.start_time, 'HH24:MI') AS "startTime", to_char(t.end_time, 'HH24:MI') AS "endTime",
    t.mode, t.venue, t.online_link AS "onlineLink", t.capacity, t.facilitator, t.version,
    t.cancelled_at AS "cancelledAt", (t.cancelled_at IS NOT NULL) AS cancelled, t.cancel_reason AS "cancelReason",
    (SELECT count(*)::int FROM training_bookings b WHERE b.session_id = t.id AND b.status = 'booked') AS booked,
    (SELECT count(*)::int FROM training_bookings b WHERE b.session_id = t.id AND b.status = 'waiting') AS waiting,
    (SELECT count(*)::int FROM training_bookings b WHERE b.session_id = t.id AND b.status = 'booked' AND b.attendance = 'attended') AS attended
  FROM training_sessions t JOIN courses c ON c.id = t.course_id`;

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
  libraryReviewId: string | null;
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
                r.subject_ref AS "reviewRef", s.library_review_id AS "libraryReviewId", s.version,
                CASE WHEN lr.id IS NOT NULL THEN lr.title || coalesce(' — ' || nullif(lr.area, ''), '')
                  || coalesce(', ' || lr.year, '') END AS "libraryReviewTitle"
           FROM course_scenarios s LEFT JOIN reviews r ON r.id = s.review_id
           LEFT JOIN library_reviews lr ON lr.id = s.library_review_id
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
      // The course row is held until the transaction ends, so two scenarios added at once take
      // numbers one after the other rather than the same one.
      await tx.query('SELECT id FROM courses WHERE id = $1 FOR UPDATE', [s.courseId]);
      const rows = await tx.query<{ id: string }>(
        `INSERT INTO course_scenarios (course_id, number, title, scenario, questions, review_id, library_review_id)
         VALUES ($1, (SELECT coalesce(max(number), 0) + 1 FROM course_scenarios WHERE course_id = $1), $2, $3, $4, $5, $6)
         RETURNING id`,
        [s.courseId, s.title, s.scenario, s.questions, s.reviewId, s.libraryReviewId],
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
    ...createBookingQueries(),
    ...createReachQueries(),
    ...createChangeQueries(),
  };
}
export type TrainingRepository = ReturnType<typeof createTrainingRepository>;
