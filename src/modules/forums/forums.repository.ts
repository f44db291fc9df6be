import type { Queryable } from '../../platform/db/index.ts';
import type {
  AgendaItem,
  Attendance,
  AttendanceStatus,
  Forum,
  ForumMember,
  ForumRole,
  Meeting,
  MeetingFormat,
} from './forums.types.ts';

const SELECT_FORUM = `
  SELECT f.id, f.name, f.purpose, f.version,
         cu.name AS "chairName", cm.user_id AS "chairUserId",
         (SELECT count(*)::int FROM forum_members m WHERE m.forum_id = f.id AND m.left_on IS NULL) AS "memberCount",
         (SELECT count(*)::int FROM forum_meetings fm WHERE fm.forum_id = f.id) AS "meetingCount",
         (SELECT max(fm.meeting_date) FROM forum_meetings fm WHERE fm.forum_id = f.id AND fm.meeting_date <= $1::date) AS "lastMeetingDate"
    FROM forums f
    LEFT JOIN forum_members cm ON cm.forum_id = f.id AND cm.forum_role = 'chair' AND cm.left_on IS NULL
    LEFT JOIN users cu ON cu.id = cm.user_id`;

const SELECT_MEMBER = `
  SELECT m.id, m.forum_id AS "forumId", m.user_id AS "userId", u.name, u.job_title AS "jobTitle",
         m.organisation_id AS "organisationId", o.name AS "organisationName", o.type AS "organisationType",
         m.forum_role AS "forumRole", m.left_on AS "leftOn"
    FROM forum_members m JOIN users u ON u.id = m.user_id JOIN organisations o ON o.id = m.organisation_id`;

const SELECT_MEETING = `
  SELECT fm.id, fm.forum_id AS "forumId", f.name AS "forumName", fm.meeting_date AS "meetingDate",
         fm.start_time AS "startTime", fm.format, fm.venue, fm.minutes, fm.version,
         (SELECT count(*)::int FROM forum_attendance a WHERE a.meeting_id = fm.id AND a.status = 'present') AS "presentCount",
         (SELECT count(DISTINCT m.organisation_id)::int FROM forum_attendance a
            JOIN forum_members m ON m.id = a.member_id JOIN organisations o ON o.id = m.organisation_id
           WHERE a.meeting_id = fm.id AND a.status = 'present' AND o.type = 'gp-practice') AS "practicesPresent"
    FROM forum_meetings fm JOIN forums f ON f.id = fm.forum_id`;

const SELECT_AGENDA = `
  SELECT i.id, i.meeting_id AS "meetingId", i.position, i.title, i.notes, i.review_id AS "reviewId",
         r.subject_ref AS "reviewRef", i.learning_point_id AS "learningPointId", p.number AS "learningPointNumber",
         p.text AS "learningPointText", i.briefing_id AS "briefingId", b.title AS "briefingTitle",
         i.discussion, i.version
    FROM forum_agenda_items i
    LEFT JOIN reviews r ON r.id = i.review_id
    LEFT JOIN review_points p ON p.id = i.learning_point_id
    LEFT JOIN briefings b ON b.id = i.briefing_id AND b.status = 'published'`;

export interface MeetingFields {
  meetingDate: string;
  startTime: string;
  format: MeetingFormat;
  venue: string;
}

export interface AgendaFields {
  title: string;
  notes: string;
  reviewId: string | null;
  learningPointId: string | null;
  briefingId: string | null;
  discussion: string;
}

/** A forum discussion that can count as evidence of learning for a recommendation. */
export interface DiscussionRow {
  forumId: string;
  forumName: string;
  meetingId: string;
  meetingDate: string;
  title: string;
  practicesPresent: number;
}

export function createForumsRepository() {
  return {
    async list(db: Queryable, today: string, paging: { page: number; pageSize: number }) {
      const [count] = await db.query<{ total: number }>('SELECT count(*)::int AS total FROM forums');
      const items = await db.query<Forum>(`${SELECT_FORUM} ORDER BY f.name, f.id LIMIT $2 OFFSET $3`, [
        today,
        paging.pageSize,
        (paging.page - 1) * paging.pageSize,
      ]);
      return { items, total: count!.total };
    },

    async find(db: Queryable, today: string, id: string): Promise<Forum | undefined> {
      return (await db.query<Forum>(`${SELECT_FORUM} WHERE f.id = $2`, [today, id]))[0];
    },

    async nameTaken(db: Queryable, name: string, exceptId: string | null): Promise<boolean> {
      const rows = await db.query(
        'SELECT 1 FROM forums WHERE lower(name) = lower($1) AND id IS DISTINCT FROM $2::uuid',
        [name, exceptId],
      );
      return rows.length > 0;
    },

    async insert(tx: Queryable, f: { name: string; purpose: string; createdBy: string }): Promise<string> {
      const rows = await tx.query<{ id: string }>(
        'INSERT INTO forums (name, purpose, created_by) VALUES ($1, $2, $3) RETURNING id',
        [f.name, f.purpose, f.createdBy],
      );
      return rows[0]!.id;
    },

    /** False when the version has moved on. */
    async update(
      tx: Queryable,
      id: string,
      f: { name: string; purpose: string },
      version: number,
    ): Promise<boolean> {
      const rows = await tx.query(
        `UPDATE forums SET name = $2, purpose = $3, version = version + 1, updated_at = now()
          WHERE id = $1 AND version = $4 RETURNING id`,
        [id, f.name, f.purpose, version],
      );
      return rows.length > 0;
    },

    /** Holds the forum row until the transaction ends, so membership changes to it queue up. */
    async lockForum(tx: Queryable, id: string): Promise<void> {
      await tx.query('SELECT id FROM forums WHERE id = $1 FOR UPDATE', [id]);
    },

    async members(db: Queryable, forumId: string): Promise<ForumMember[]> {
      return db.query<ForumMember>(
        `${SELECT_MEMBER} WHERE m.forum_id = $1
          ORDER BY m.left_on IS NOT NULL, array_position(ARRAY['chair','designated-nurse','practice-lead','member'], m.forum_role),
                   o.name, u.name`,
        [forumId],
      );
    },

    async member(db: Queryable, forumId: string, memberId: string): Promise<ForumMember | undefined> {
      return (
        await db.query<ForumMember>(`${SELECT_MEMBER} WHERE m.forum_id = $1 AND m.id = $2`, [
          forumId,
          memberId,
        ])
      )[0];
    },

    async insertMember(
      tx: Queryable,
      m: { forumId: string; userId: string; organisationId: string; forumRole: ForumRole },
    ): Promise<string> {
      const rows = await tx.query<{ id: string }>(
        `INSERT INTO forum_members (forum_id, user_id, organisation_id, forum_role) VALUES ($1, $2, $3, $4) RETURNING id`,
        [m.forumId, m.userId, m.organisationId, m.forumRole],
      );
      return rows[0]!.id;
    },

    async endMember(tx: Queryable, memberId: string, leftOn: string): Promise<void> {
      await tx.query('UPDATE forum_members SET left_on = $2 WHERE id = $1 AND left_on IS NULL', [
        memberId,
        leftOn,
      ]);
    },

    async gpPractices(db: Queryable): Promise<{ id: string; name: string }[]> {
      return db.query("SELECT id, name FROM organisations WHERE type = 'gp-practice' ORDER BY name");
    },

    async meetings(db: Queryable, forumId: string): Promise<Meeting[]> {
      return db.query<Meeting>(
        `${SELECT_MEETING} WHERE fm.forum_id = $1 ORDER BY fm.meeting_date DESC, fm.start_time DESC`,
        [forumId],
      );
    },

    async meeting(db: Queryable, forumId: string, meetingId: string): Promise<Meeting | undefined> {
      return (
        await db.query<Meeting>(`${SELECT_MEETING} WHERE fm.forum_id = $1 AND fm.id = $2`, [
          forumId,
          meetingId,
        ])
      )[0];
    },

    async insertMeeting(tx: Queryable, forumId: string, m: MeetingFields): Promise<string> {
      const rows = await tx.query<{ id: string }>(
        `INSERT INTO forum_meetings (forum_id, meeting_date, start_time, format, venue) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [forumId, m.meetingDate, m.startTime, m.format, m.venue],
      );
      return rows[0]!.id;
    },

    async updateMeeting(
      tx: Queryable,
      id: string,
      changes: Partial<MeetingFields & { minutes: string }>,
      version: number,
    ): Promise<boolean> {
      const columns: Record<string, string> = {
        meetingDate: 'meeting_date',
        startTime: 'start_time',
        format: 'format',
        venue: 'venue',
        minutes: 'minutes',
      };
      const params: unknown[] = [id, version];
      const sets = Object.entries(changes).map(([key, value]) => {
        params.push(value);
        return `${columns[key]} = $${params.length}`;
      });
      const rows = await tx.query(
        `UPDATE forum_meetings SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')}
          WHERE id = $1 AND version = $2 RETURNING id`,
        params,
      );
      return rows.length > 0;
    },

    async agenda(db: Queryable, meetingId: string): Promise<AgendaItem[]> {
      return db.query<AgendaItem>(`${SELECT_AGENDA} WHERE i.meeting_id = $1 ORDER BY i.position, i.id`, [
        meetingId,
      ]);
    },

    async agendaItem(db: Queryable, meetingId: string, itemId: string): Promise<AgendaItem | undefined> {
      return (
        await db.query<AgendaItem>(`${SELECT_AGENDA} WHERE i.meeting_id = $1 AND i.id = $2`, [
          meetingId,
          itemId,
        ])
      )[0];
    },

    async insertAgendaItem(tx: Queryable, meetingId: string, a: AgendaFields): Promise<string> {
      const rows = await tx.query<{ id: string }>(
        `INSERT INTO forum_agenda_items (meeting_id, position, title, notes, review_id, learning_point_id, briefing_id, discussion)
         VALUES ($1, (SELECT coalesce(max(position), 0) + 1 FROM forum_agenda_items WHERE meeting_id = $1), $2, $3, $4, $5, $6, $7)
         RETURNING id`,
        [meetingId, a.title, a.notes, a.reviewId, a.learningPointId, a.briefingId, a.discussion],
      );
      return rows[0]!.id;
    },

    async updateAgendaItem(tx: Queryable, id: string, a: AgendaFields, version: number): Promise<boolean> {
      const rows = await tx.query(
        `UPDATE forum_agenda_items SET title = $3, notes = $4, review_id = $5, learning_point_id = $6, briefing_id = $7,
                discussion = $8, version = version + 1
          WHERE id = $1 AND version = $2 RETURNING id`,
        [id, version, a.title, a.notes, a.reviewId, a.learningPointId, a.briefingId, a.discussion],
      );
      return rows.length > 0;
    },

    async attendance(db: Queryable, meetingId: string): Promise<Attendance[]> {
      return db.query<Attendance>(
        'SELECT member_id AS "memberId", status FROM forum_attendance WHERE meeting_id = $1',
        [meetingId],
      );
    },

    /** Replaces the meeting's attendance record with the one given. */
    async setAttendance(tx: Queryable, meetingId: string, rows: Attendance[]): Promise<void> {
      await tx.query('DELETE FROM forum_attendance WHERE meeting_id = $1', [meetingId]);
      if (rows.length === 0) return;
      await tx.query(
        `INSERT INTO forum_attendance (meeting_id, member_id, status)
         SELECT $1, x."memberId", x.status FROM jsonb_to_recordset($2::jsonb) AS x("memberId" uuid, status text)`,
        [meetingId, JSON.stringify(rows)],
      );
    },

    /** Every attendance mark of a forum, by organisation and meeting. */
    async attendanceByOrganisation(
      db: Queryable,
      forumId: string,
    ): Promise<{ organisationId: string; meetingId: string; status: AttendanceStatus }[]> {
      return db.query(
        `SELECT m.organisation_id AS "organisationId", a.meeting_id AS "meetingId", a.status
           FROM forum_attendance a JOIN forum_members m ON m.id = a.member_id
          WHERE m.forum_id = $1`,
        [forumId],
      );
    },

    /** Learning points of the given reviews, for the agenda item form. */
    async learningPoints(
      db: Queryable,
      reviewIds: string[],
    ): Promise<{ id: string; reviewId: string; number: number; text: string }[]> {
      return db.query(
        `SELECT id, review_id AS "reviewId", number, text FROM review_points
          WHERE kind = 'learning-point' AND review_id = ANY($1::uuid[]) ORDER BY review_id, number`,
        [reviewIds],
      );
    },

    async learningPoint(db: Queryable, id: string): Promise<{ id: string; reviewId: string } | undefined> {
      return (
        await db.query<{ id: string; reviewId: string }>(
          `SELECT id, review_id AS "reviewId" FROM review_points WHERE id = $1 AND kind = 'learning-point'`,
          [id],
        )
      )[0];
    },

    /**
     * Agenda items held by `today` about each recommendation's review or one of its learning points:
     * a row per recommendation and item, newest meeting first. One query for all the recommendations.
     */
    async discussionsOf(
      db: Queryable,
      recommendationIds: readonly string[],
      today: string,
    ): Promise<(DiscussionRow & { recommendationId: string })[]> {
      return db.query<DiscussionRow & { recommendationId: string }>(
        `SELECT rc.id AS "recommendationId",
                f.id AS "forumId", f.name AS "forumName", fm.id AS "meetingId", fm.meeting_date AS "meetingDate",
                i.title,
                (SELECT count(DISTINCT m.organisation_id)::int FROM forum_attendance a
                   JOIN forum_members m ON m.id = a.member_id JOIN organisations o ON o.id = m.organisation_id
                  WHERE a.meeting_id = fm.id AND a.status = 'present' AND o.type = 'gp-practice') AS "practicesPresent"
           FROM recommendations rc
           JOIN forum_agenda_items i
             ON i.review_id = rc.review_id
             OR i.learning_point_id IN (SELECT learning_point_id FROM recommendation_learning_points
                                         WHERE recommendation_id = rc.id)
           JOIN forum_meetings fm ON fm.id = i.meeting_id
           JOIN forums f ON f.id = fm.forum_id
          WHERE rc.id = ANY($1::uuid[]) AND fm.meeting_date <= $2::date
          ORDER BY fm.meeting_date DESC, i.position`,
        [recommendationIds, today],
      );
    },
  };
}
export type ForumsRepository = ReturnType<typeof createForumsRepository>;
