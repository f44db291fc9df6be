import type { Queryable } from '../../platform/db/index.ts';
import type { LibraryChoice } from './training.types.ts';

export interface SessionChanges {
  date: string;
  startTime: string;
  endTime: string;
  mode: string;
  venue: string;
  onlineLink: string;
  capacity: number;
  facilitator: string;
}

export interface ScenarioChanges {
  title: string;
  scenario: string;
  questions: string[];
  reviewId: string | null;
  libraryReviewId: string | null;
  learningPointIds: string[];
}

/** Changing and removing case scenarios, changing and cancelling sessions, the library list. */
export function createChangeQueries() {
  return {
    /** Saves a session if the version is still the one read; false when someone else saved first. */
    async updateSession(tx: Queryable, id: string, version: number, s: SessionChanges): Promise<boolean> {
      const rows = await tx.query(
        `UPDATE training_sessions SET session_date = $3, start_time = $4, end_time = $5, mode = $6, venue = $7,
                online_link = $8, capacity = $9, facilitator = $10, version = version + 1, updated_at = now()
          WHERE id = $1 AND version = $2 AND cancelled_at IS NULL RETURNING id`,
        [
          id,
          version,
          s.date,
          s.startTime,
          s.endTime,
          s.mode,
          s.venue,
          s.onlineLink,
          s.capacity,
          s.facilitator,
        ],
      );
      return rows.length === 1;
    },

    async markSessionCancelled(tx: Queryable, id: string, by: string, reason: string): Promise<void> {
      await tx.query(
        `UPDATE training_sessions SET cancelled_at = now(), cancelled_by = $2, cancel_reason = $3,
                version = version + 1, updated_at = now()
          WHERE id = $1 AND cancelled_at IS NULL`,
        [id, by, reason],
      );
    },

    /** Gives up every place and waiting-list place on a session (the session is called off). */
    async cancelAllBookings(tx: Queryable, sessionId: string): Promise<void> {
      await tx.query(
        `UPDATE training_bookings SET status = 'cancelled', cancelled_at = now()
          WHERE session_id = $1 AND status <> 'cancelled'`,
        [sessionId],
      );
    },

    async countAttendanceRecorded(q: Queryable, sessionId: string): Promise<number> {
      const [row] = await q.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM training_bookings
          WHERE session_id = $1 AND status = 'booked' AND attendance IS NOT NULL`,
        [sessionId],
      );
      return row!.n;
    },

    async findScenarioRef(q: Queryable, id: string) {
      return (
        await q.query<{ id: string; courseId: string; number: number; version: number }>(
          `SELECT id, course_id AS "courseId", number, version FROM course_scenarios WHERE id = $1`,
          [id],
        )
      )[0];
    },

    /** Saves a scenario and its learning points if the version is still the one read. */
    async updateScenario(tx: Queryable, id: string, version: number, s: ScenarioChanges): Promise<boolean> {
      const rows = await tx.query(
        `UPDATE course_scenarios SET title = $3, scenario = $4, questions = $5, review_id = $6,
                library_review_id = $7, version = version + 1, updated_at = now()
          WHERE id = $1 AND version = $2 RETURNING id`,
        [id, version, s.title, s.scenario, s.questions, s.reviewId, s.libraryReviewId],
      );
      if (rows.length !== 1) return false;
      await tx.query('DELETE FROM course_scenario_learning_points WHERE scenario_id = $1', [id]);
      for (const pointId of s.learningPointIds)
        await tx.query(
          'INSERT INTO course_scenario_learning_points (scenario_id, learning_point_id) VALUES ($1, $2)',
          [id, pointId],
        );
      return true;
    },

    /**
     * Removes a scenario and moves the later ones up one, so the course reads 1, 2, 3 without a gap.
     * Numbers are only the running order within a course (nothing else refers to them). The two
     * steps keep the (course, number) key unique at every row, whichever order rows are updated in.
     */
    async deleteScenario(tx: Queryable, s: { id: string; courseId: string }): Promise<boolean> {
      // The course row is held (as when adding), and the number read after it: a removal a moment
      // earlier may have moved this scenario up.
      await tx.query('SELECT id FROM courses WHERE id = $1 FOR UPDATE', [s.courseId]);
      const [gone] = await tx.query<{ number: number }>(
        'DELETE FROM course_scenarios WHERE id = $1 RETURNING number',
        [s.id],
      );
      if (!gone) return false;
      await tx.query('UPDATE course_scenarios SET number = -number WHERE course_id = $1 AND number > $2', [
        s.courseId,
        gone.number,
      ]);
      await tx.query('UPDATE course_scenarios SET number = -number - 1 WHERE course_id = $1 AND number < 0', [
        s.courseId,
      ]);
      return true;
    },

    async libraryReviewExists(q: Queryable, id: string): Promise<boolean> {
      return (await q.query('SELECT 1 FROM library_reviews WHERE id = $1', [id])).length === 1;
    },

    /** Reviews in the library of other areas' reviews, newest year first (read-only here). */
    async libraryChoices(q: Queryable): Promise<LibraryChoice[]> {
      return q.query<LibraryChoice>(
        'SELECT id, title, area, year FROM library_reviews ORDER BY year DESC NULLS LAST, title',
      );
    },
  };
}
