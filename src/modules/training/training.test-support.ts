import { randomUUID } from 'node:crypto';
import { addDays, londonToday } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';

/** A course straight into the database, with an optional session `offset` days from today. */
export async function createCourse(db: Db, title = `Course ${randomUUID().slice(0, 8)}`) {
  const [row] = await db.query<{ id: string }>('INSERT INTO courses (title) VALUES ($1) RETURNING id', [
    title,
  ]);
  return { id: row!.id, title };
}

export async function createSession(db: Db, courseId: string, offset: number, capacity = 10) {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO training_sessions (course_id, session_date, start_time, end_time, mode, venue, capacity, facilitator)
     VALUES ($1, $2, '09:30', '12:00', 'in-person', 'Room 1', $3, 'Dr Facilitator') RETURNING id`,
    [courseId, addDays(londonToday(), offset), capacity],
  );
  return row!.id;
}

/** A booking recorded as attended (for past sessions, as the business unit would record it). */
export async function createAttendance(
  db: Db,
  sessionId: string,
  user: { id: string; organisationId: string },
  attendance: 'attended' | 'did-not-attend' = 'attended',
) {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO training_bookings (session_id, user_id, organisation_id, booked_by, status, attendance)
     VALUES ($1, $2, $3, $2, 'booked', $4) RETURNING id`,
    [sessionId, user.id, user.organisationId, attendance],
  );
  return row!.id;
}

export async function auditEvents(db: Db, subjectId: string) {
  return db.query<{
    event: string;
    details: Record<string, unknown> | null;
    after: Record<string, unknown> | null;
  }>('SELECT event, details, after FROM audit_events WHERE subject_id = $1 ORDER BY id', [subjectId]);
}

/** A library review from another area, straight into the table the library module owns. */
export async function createLibraryReview(db: Db, title: string, area = 'Northshire', year = 2024) {
  const [row] = await db.query<{ id: string }>(
    "INSERT INTO library_reviews (title, area, year, body) VALUES ($1, $2, $3, 'The report text.') RETURNING id",
    [title, area, year],
  );
  return row!.id;
}
