import { z } from 'zod';
import { isoDate, pageParam, pageSizeParam, uuid } from '../../platform/schema.ts';
import { ATTENDANCE_STATUSES, FORUM_ROLES, MEETING_FORMATS } from './forums.types.ts';

const text = (label: string, max: number) =>
  z
    .string({ error: `Enter ${label}` })
    .trim()
    .min(1, `Enter ${label}`)
    .max(max, `Keep ${label} to ${max.toLocaleString('en-GB')} characters or fewer`);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Keep it to ${max.toLocaleString('en-GB')} characters or fewer`)
    .optional();
const version = z.coerce.number({ error: 'Send the version you last read' }).int().min(1);

export const ForumCreateSchema = z
  .object({ name: text('the forum’s name', 200), purpose: optionalText(5_000) })
  .strict();
export const ForumUpdateSchema = ForumCreateSchema.extend({ version }).strict();

export const MemberAddSchema = z
  .object({
    userId: uuid('the person to add'),
    forumRole: z.enum(FORUM_ROLES, { error: 'Select the person’s role in the forum' }),
  })
  .strict();

const MEETING_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const meetingFields = {
  meetingDate: isoDate('the date of the meeting'),
  startTime: z
    .string({ error: 'Enter the start time' })
    .trim()
    .regex(MEETING_TIME, 'Enter the start time as hours and minutes, like 13:30'),
  format: z.enum(MEETING_FORMATS, { error: 'Select whether the meeting is in person or online' }),
  venue: optionalText(500),
};
export const MeetingCreateSchema = z
  .object(meetingFields)
  .strict()
  .refine((m) => m.format === 'online' || Boolean(m.venue), {
    path: ['venue'],
    message: 'Enter the venue of a meeting held in person',
  });
export const MeetingUpdateSchema = z
  .object({ ...meetingFields, version })
  .strict()
  .refine((m) => m.format === 'online' || Boolean(m.venue), {
    path: ['venue'],
    message: 'Enter the venue of a meeting held in person',
  });

export const MinutesSchema = z.object({ minutes: z.string().trim().max(50_000), version }).strict();

export const AgendaItemSchema = z
  .object({
    title: text('the title of the agenda item', 300),
    notes: optionalText(5_000),
    reviewId: uuid('a review').nullable().optional(),
    learningPointId: uuid('a learning point').nullable().optional(),
    briefingId: uuid('a briefing').nullable().optional(),
    discussion: optionalText(20_000),
  })
  .strict();
export const AgendaItemUpdateSchema = AgendaItemSchema.extend({ version }).strict();

export const AttendanceSchema = z
  .object({
    attendance: z
      .array(
        z.object({
          memberId: uuid('a member'),
          status: z.enum(ATTENDANCE_STATUSES, { error: 'Select present, sent apologies or absent' }),
        }),
      )
      .max(500),
  })
  .strict();

export const ListQuery = z.object({ page: pageParam, pageSize: pageSizeParam });
export const ForumParams = z.object({ forumId: z.string() });
export const MeetingParams = z.object({ forumId: z.string(), meetingId: z.string() });

export const ForumResponse = z.object({
  id: z.string(),
  name: z.string(),
  purpose: z.string(),
  chairName: z.string().nullable(),
  chairUserId: z.string().nullable(),
  memberCount: z.number().int(),
  meetingCount: z.number().int(),
  lastMeetingDate: z.string().nullable(),
  version: z.number().int(),
});
export const MemberResponse = z.object({
  id: z.string(),
  userId: z.string(),
  name: z.string(),
  jobTitle: z.string().nullable(),
  organisationId: z.string(),
  organisationName: z.string(),
  organisationType: z.string(),
  forumRole: z.enum(FORUM_ROLES),
  leftOn: z.string().nullable(),
});
export const MeetingResponse = z.object({
  id: z.string(),
  forumId: z.string(),
  forumName: z.string(),
  meetingDate: z.string(),
  startTime: z.string(),
  format: z.enum(MEETING_FORMATS),
  venue: z.string(),
  minutes: z.string(),
  presentCount: z.number().int(),
  practicesPresent: z.number().int(),
  version: z.number().int(),
});
export const ForumDetailResponse = ForumResponse.extend({
  members: z.array(MemberResponse),
  practicesWithoutMember: z.array(z.object({ id: z.string(), name: z.string() })),
  meetings: z.array(MeetingResponse),
});
export const AgendaItemResponse = z.object({
  id: z.string(),
  position: z.number().int(),
  title: z.string(),
  notes: z.string(),
  reviewId: z.string().nullable(),
  reviewRef: z.string().nullable(),
  learningPointId: z.string().nullable(),
  learningPointNumber: z.number().int().nullable(),
  learningPointText: z.string().nullable(),
  briefingId: z.string().nullable(),
  briefingTitle: z.string().nullable(),
  discussion: z.string(),
  version: z.number().int(),
});
export const MeetingDetailResponse = MeetingResponse.extend({
  agenda: z.array(AgendaItemResponse),
  attendance: z.array(z.object({ memberId: z.string(), status: z.enum(ATTENDANCE_STATUSES) })),
  actions: z.array(
    z.object({
      id: z.string(),
      description: z.string(),
      organisationName: z.string(),
      ownerName: z.string().nullable(),
      dueDate: z.string(),
      status: z.string(),
      overdue: z.boolean(),
    }),
  ),
});
