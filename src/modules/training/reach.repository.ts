import type { Queryable } from '../../platform/db/index.ts';
import type { Attendance, CoverageItem } from './training.types.ts';

/** How far courses reach: coverage by organisation, attendance over time, evidence for recommendations. */
export function createReachQueries() {
  return {
    async coverage(q: Queryable, courseId: string, from: string, to: string): Promise<CoverageItem[]> {
      return q.query<CoverageItem>(
        `SELECT o.id AS "organisationId", o.name AS "organisationName", o.type AS "organisationType",
                to_char(max(t.session_date), 'YYYY-MM-DD') AS "lastAttended", count(DISTINCT b.user_id)::int AS attendees
           FROM organisations o
           LEFT JOIN (training_bookings b JOIN training_sessions t
                        ON t.id = b.session_id AND t.course_id = $1 AND t.session_date >= $2::date AND t.session_date <= $3::date
                           AND t.cancelled_at IS NULL)
             ON b.organisation_id = o.id AND b.status = 'booked' AND b.attendance = 'attended'
          GROUP BY o.id, o.name, o.type ORDER BY o.type, o.name`,
        [courseId, from, to],
      );
    },

    /** Attendances at the course (a place taken and attended), by month of the session, since `from`. */
    async attendanceByMonth(q: Queryable, courseId: string, from: string) {
      return q.query<{ month: string; attendees: number; sessions: number }>(
        `SELECT to_char(t.session_date, 'YYYY-MM') AS month,
                (count(b.id) FILTER (WHERE b.status = 'booked' AND b.attendance = 'attended'))::int AS attendees,
                count(DISTINCT t.id)::int AS sessions
           FROM training_sessions t LEFT JOIN training_bookings b ON b.session_id = t.id
          WHERE t.course_id = $1 AND t.session_date >= $2::date AND t.session_date <= CURRENT_DATE AND t.cancelled_at IS NULL
          GROUP BY 1 ORDER BY 1`,
        [courseId, from],
      );
    },

    /** One organisation's (or every organisation's) attendance, a row per person and session. */
    async attendanceRecords(q: Queryable, organisationId: string | null) {
      return q.query<{
        userId: string;
        name: string;
        organisationId: string;
        organisationName: string;
        courseTitle: string;
        date: string;
        attendance: Attendance;
      }>(
        `SELECT b.user_id AS "userId", u.name, b.organisation_id AS "organisationId", o.name AS "organisationName", c.title AS "courseTitle", t.session_date AS date, b.attendance
           FROM training_bookings b JOIN users u ON u.id = b.user_id JOIN organisations o ON o.id = b.organisation_id
           JOIN training_sessions t ON t.id = b.session_id JOIN courses c ON c.id = t.course_id
          WHERE b.status = 'booked' AND b.attendance IS NOT NULL AND t.cancelled_at IS NULL AND ($1::uuid IS NULL OR b.organisation_id = $1)
          ORDER BY t.session_date DESC, o.name, u.name`,
        [organisationId],
      );
    },

    /**
     * Courses whose scenarios draw on each recommendation's learning points or its review, with each
     * course's reach between `from` and `to`: a row per recommendation and course, by course title.
     * One query however many recommendations: a review page asks for all of its own at once.
     */
    async coursesForRecommendations(
      q: Queryable,
      recommendationIds: readonly string[],
      from: string,
      to: string,
    ) {
      return q.query<{
        recommendationId: string;
        id: string;
        title: string;
        sessions: number;
        people: number;
        organisations: number;
        last: string | null;
      }>(
        `WITH linked AS (
           SELECT rc.id AS recommendation_id, s.course_id
             FROM recommendations rc JOIN course_scenarios s ON s.review_id = rc.review_id
            WHERE rc.id = ANY($1::uuid[])
           UNION
           SELECT rl.recommendation_id, s.course_id
             FROM recommendation_learning_points rl
             JOIN course_scenario_learning_points l ON l.learning_point_id = rl.learning_point_id
             JOIN course_scenarios s ON s.id = l.scenario_id
            WHERE rl.recommendation_id = ANY($1::uuid[])
         ), reach AS (
           SELECT c.id, c.title, r.sessions, r.people, r.organisations, r.last
             FROM courses c
             CROSS JOIN LATERAL (
               SELECT count(DISTINCT t.id)::int AS sessions,
                      -- People, not attendances: someone at two sessions of the course counts once.
                      (count(DISTINCT b.user_id) FILTER (WHERE b.status = 'booked' AND b.attendance = 'attended'))::int AS people,
                      (count(DISTINCT b.organisation_id) FILTER (WHERE b.status = 'booked' AND b.attendance = 'attended'))::int AS organisations,
                      to_char(max(t.session_date), 'YYYY-MM-DD') AS last
                 FROM training_sessions t LEFT JOIN training_bookings b ON b.session_id = t.id
                WHERE t.course_id = c.id AND t.session_date >= $2::date AND t.session_date <= $3::date
                  AND t.cancelled_at IS NULL
             ) r
            WHERE c.id IN (SELECT course_id FROM linked)
         )
         SELECT linked.recommendation_id AS "recommendationId", reach.id, reach.title,
                reach.sessions, reach.people, reach.organisations, reach.last
           FROM linked JOIN reach ON reach.id = linked.course_id
          ORDER BY reach.title, reach.id`,
        [recommendationIds, from, to],
      );
    },

    /** Active staff of an organisation who can be booked onto training. */
  };
}
