import type { Db } from '../../platform/db/index.ts';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { parseOrThrow } from '../../platform/http/forms.ts';
import { isUuid } from '../../platform/schema.ts';
import type { Action, ActionsService } from '../actions/index.ts';
import { auditActorOf, type AuditRepository } from '../audit/index.ts';
import type { ReviewsService } from '../reviews/index.ts';
import type { BriefingsService } from '../briefings/index.ts';
import type { AgendaFields, ForumsRepository } from './forums.repository.ts';
import {
  AgendaItemSchema,
  AgendaItemUpdateSchema,
  AttendanceSchema,
  MeetingCreateSchema,
  MeetingUpdateSchema,
  MinutesSchema,
} from './forums.schema.ts';
import type { ForumsService } from './forums.service.ts';
import type { AgendaItem, Forum, Meeting } from './forums.types.ts';

interface Deps {
  db: Db;
  forums: ForumsRepository;
  forumsService: ForumsService;
  audit: AuditRepository;
  actions: ActionsService;
  reviews: ReviewsService;
  /** Checks a linked briefing is published (drafts are never linked, even by the business unit). */
  briefings: Pick<BriefingsService, 'get' | 'list'>;
}

/** A forum's meetings: agenda, minutes, attendance and the actions agreed, run by its chair. */
export function createMeetingsService({
  db,
  forums,
  forumsService,
  audit,
  actions,
  reviews,
  briefings,
}: Deps) {
  async function visibleMeeting(actor: Actor, forumId: string, meetingId: string) {
    const forum = await forumsService.visible(actor, forumId);
    const meeting = isUuid(meetingId) ? await forums.meeting(db, forumId, meetingId) : undefined;
    if (!meeting) throw new NotFound('Meeting');
    return { forum, meeting };
  }

  async function visibleItem(actor: Actor, forumId: string, meetingId: string, itemId: string) {
    const { forum, meeting } = await visibleMeeting(actor, forumId, meetingId);
    const item = isUuid(itemId) ? await forums.agendaItem(db, meetingId, itemId) : undefined;
    if (!item) throw new NotFound('Agenda item');
    return { forum, meeting, item };
  }

  const mustRun = (actor: Actor, forum: Forum) => {
    if (!forumsService.canRunMeetings(actor, forum))
      throw new Forbidden('Only the forum’s chair or the partnership business unit can change its meetings');
  };

  /** A review or learning point linked from an agenda item must be one the chair can see. */
  async function linksOf(actor: Actor, data: Omit<AgendaFields, 'discussion' | 'notes'>) {
    let reviewId = data.reviewId;
    if (data.learningPointId) {
      const point = await forums.learningPoint(db, data.learningPointId);
      if (!point)
        throw new ValidationFailed([
          { path: 'learningPointId', message: 'Select a learning point from the list' },
        ]);
      if (reviewId && reviewId !== point.reviewId)
        throw new ValidationFailed([
          { path: 'learningPointId', message: 'Select a learning point of the review chosen, or no review' },
        ]);
      reviewId = point.reviewId;
    }
    if (reviewId) {
      await reviews.find(actor, reviewId).catch(() => {
        throw new ValidationFailed([{ path: 'reviewId', message: 'Select a review from the list' }]);
      });
    }
    if (data.briefingId) {
      // Only a published briefing: the agenda is read by everyone, and a draft's title is not theirs to see.
      const briefing = await briefings.get(actor, data.briefingId).catch(() => undefined);
      if (briefing?.status !== 'published')
        throw new ValidationFailed([{ path: 'briefingId', message: 'Select a published briefing' }]);
    }
    return {
      reviewId: reviewId ?? null,
      learningPointId: data.learningPointId ?? null,
      briefingId: data.briefingId ?? null,
    };
  }

  /** An agenda item's fields as saved, its links checked (the same for adding and changing one). */
  async function agendaFieldsOf(
    actor: Actor,
    data: {
      title: string;
      notes?: string;
      discussion?: string;
      reviewId?: string | null;
      learningPointId?: string | null;
      briefingId?: string | null;
    },
  ): Promise<AgendaFields> {
    return {
      title: data.title,
      notes: data.notes ?? '',
      discussion: data.discussion ?? '',
      ...(await linksOf(actor, {
        title: data.title,
        reviewId: data.reviewId ?? null,
        learningPointId: data.learningPointId ?? null,
        briefingId: data.briefingId ?? null,
      })),
    };
  }

  /** Writes a meeting change and its audit row together; a stale version is a conflict. */
  async function saveMeeting(
    actor: Actor,
    meeting: Meeting,
    changes: Record<string, unknown>,
    version: number,
    event: string,
  ) {
    await db.transaction(async (tx) => {
      if (!(await forums.updateMeeting(tx, meeting.id, changes, version)))
        throw new Conflict(undefined, meeting);
      const before = Object.fromEntries(Object.keys(changes).map((k) => [k, meeting[k as keyof Meeting]]));
      await audit.insert(tx, auditActorOf(actor), {
        event,
        subjectType: 'forum-meeting',
        subjectId: meeting.id,
        before,
        after: changes,
        details: { forumId: meeting.forumId },
      });
    });
  }

  return {
    visibleMeeting,

    /** The meeting page: agenda, attendance, the members, and the actions with their live status. */
    async get(actor: Actor, forumId: string, meetingId: string) {
      const { forum, meeting } = await visibleMeeting(actor, forumId, meetingId);
      const [agenda, attendance, members, meetingActions] = await Promise.all([
        forums.agenda(db, meetingId),
        forums.attendance(db, meetingId),
        forums.members(db, forumId),
        actions.listForForumMeeting(meetingId),
      ]);
      const marked = new Set(attendance.map((a) => a.memberId));
      // Current members, and anyone who has since left but was marked at this meeting.
      const roll = members.filter((m) => !m.leftOn || marked.has(m.id));
      return {
        forum,
        meeting,
        agenda,
        attendance,
        members: roll,
        actions: meetingActions,
        canRun: forumsService.canRunMeetings(actor, forum),
      };
    },

    async schedule(actor: Actor, forumId: string, input: unknown): Promise<Meeting> {
      const forum = await forumsService.visible(actor, forumId);
      mustRun(actor, forum);
      const data = parseOrThrow(MeetingCreateSchema, input);
      const id = await db.transaction(async (tx) => {
        const newId = await forums.insertMeeting(tx, forumId, { ...data, venue: data.venue ?? '' });
        await audit.insert(tx, auditActorOf(actor), {
          event: 'forum-meeting.scheduled',
          subjectType: 'forum-meeting',
          subjectId: newId,
          after: data,
          details: { forumId },
        });
        return newId;
      });
      return (await forums.meeting(db, forumId, id))!;
    },

    async update(actor: Actor, forumId: string, meetingId: string, input: unknown): Promise<Meeting> {
      const { forum, meeting } = await visibleMeeting(actor, forumId, meetingId);
      if (Number((input as { version?: unknown } | null)?.version) !== meeting.version)
        throw new Conflict(undefined, meeting);
      mustRun(actor, forum);
      const { version, ...data } = parseOrThrow(MeetingUpdateSchema, input);
      await saveMeeting(
        actor,
        meeting,
        { ...data, venue: data.venue ?? (data.format === 'online' ? '' : meeting.venue) },
        version,
        'forum-meeting.updated',
      );
      return (await forums.meeting(db, forumId, meetingId))!;
    },

    async recordMinutes(actor: Actor, forumId: string, meetingId: string, input: unknown): Promise<Meeting> {
      const { forum, meeting } = await visibleMeeting(actor, forumId, meetingId);
      if (Number((input as { version?: unknown } | null)?.version) !== meeting.version)
        throw new Conflict(undefined, meeting);
      mustRun(actor, forum);
      const { version, minutes } = parseOrThrow(MinutesSchema, input);
      await saveMeeting(actor, meeting, { minutes }, version, 'forum-meeting.minutes-recorded');
      return (await forums.meeting(db, forumId, meetingId))!;
    },

    /** Replaces the attendance record: each member present, sent apologies, or absent. */
    async recordAttendance(actor: Actor, forumId: string, meetingId: string, input: unknown) {
      const { forum, meeting } = await visibleMeeting(actor, forumId, meetingId);
      mustRun(actor, forum);
      const { attendance } = parseOrThrow(AttendanceSchema, input);
      const memberIds = new Set((await forums.members(db, forumId)).map((m) => m.id));
      const seen = new Set<string>();
      const duplicate = attendance.findIndex((a) => seen.size === seen.add(a.memberId).size);
      if (duplicate >= 0)
        throw new ValidationFailed([
          { path: `attendance.${duplicate}.memberId`, message: 'Give each member’s attendance once' },
        ]);
      const unknown = attendance.findIndex((a) => !memberIds.has(a.memberId));
      if (unknown >= 0)
        throw new ValidationFailed([
          { path: `attendance.${unknown}.memberId`, message: 'Select a member of this forum' },
        ]);
      const before = await forums.attendance(db, meetingId);
      await db.transaction(async (tx) => {
        await forums.setAttendance(tx, meetingId, attendance);
        await audit.insert(tx, auditActorOf(actor), {
          event: 'forum-meeting.attendance-recorded',
          subjectType: 'forum-meeting',
          subjectId: meeting.id,
          before: { attendance: before },
          after: { attendance },
          details: { forumId },
        });
      });
      return forums.attendance(db, meetingId);
    },

    async addAgendaItem(
      actor: Actor,
      forumId: string,
      meetingId: string,
      input: unknown,
    ): Promise<AgendaItem> {
      const { forum, meeting } = await visibleMeeting(actor, forumId, meetingId);
      mustRun(actor, forum);
      const data = parseOrThrow(AgendaItemSchema, input);
      const fields = await agendaFieldsOf(actor, data);
      const id = await db.transaction(async (tx) => {
        const newId = await forums.insertAgendaItem(tx, meeting.id, fields);
        await audit.insert(tx, auditActorOf(actor), {
          event: 'forum-meeting.agenda-item-added',
          subjectType: 'forum-meeting',
          subjectId: meeting.id,
          after: { agendaItemId: newId, ...fields },
          details: { forumId },
        });
        return newId;
      });
      return (await forums.agendaItem(db, meetingId, id))!;
    },

    agendaItem: visibleItem,

    /** Changes an agenda item: its links, notes, and the discussion recorded for the minutes. */
    async updateAgendaItem(actor: Actor, forumId: string, meetingId: string, itemId: string, input: unknown) {
      const { forum, meeting, item } = await visibleItem(actor, forumId, meetingId, itemId);
      if (Number((input as { version?: unknown } | null)?.version) !== item.version)
        throw new Conflict(undefined, item);
      mustRun(actor, forum);
      const data = parseOrThrow(AgendaItemUpdateSchema, input);
      const fields = await agendaFieldsOf(actor, data);
      await db.transaction(async (tx) => {
        if (!(await forums.updateAgendaItem(tx, item.id, fields, data.version)))
          throw new Conflict(undefined, item);
        await audit.insert(tx, auditActorOf(actor), {
          event: 'forum-meeting.agenda-item-changed',
          subjectType: 'forum-meeting',
          subjectId: meeting.id,
          before: {
            agendaItemId: item.id,
            title: item.title,
            notes: item.notes,
            discussion: item.discussion,
          },
          after: { agendaItemId: item.id, ...fields },
          details: { forumId },
        });
      });
      return (await forums.agendaItem(db, meetingId, item.id))!;
    },

    /** Reviews and their learning points the actor may link from an agenda item, and published briefings. */
    async linkChoices(actor: Actor) {
      const { items } = await reviews.list(actor, { page: 1, pageSize: 200 });
      const points = await forums.learningPoints(
        db,
        items.map((r) => r.id),
      );
      const briefingList = await briefings.list(actor, { pageSize: 200 });
      const published = briefingList.items.filter((b) => b.status === 'published');
      return { reviews: items, points, briefings: published };
    },

    /**
     * An action agreed at the meeting becomes a tracked action (no recommendation), owned by an
     * organisation with a due date like any other. The chair or the business unit records it.
     */
    async addAction(actor: Actor, forumId: string, meetingId: string, input: unknown): Promise<Action> {
      const { forum, meeting } = await visibleMeeting(actor, forumId, meetingId);
      mustRun(actor, forum);
      return actions.createForForumMeeting(actor, { forumId: forum.id, forumMeetingId: meeting.id }, input);
    },
  };
}
export type MeetingsService = ReturnType<typeof createMeetingsService>;
