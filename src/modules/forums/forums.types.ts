/** A member's part in a forum. The GP Forum: the Named GP chairs, with the designated nurse and a lead per practice. */
export const FORUM_ROLES = ['chair', 'designated-nurse', 'practice-lead', 'member'] as const;
export type ForumRole = (typeof FORUM_ROLES)[number];
export const FORUM_ROLE_LABELS: Record<ForumRole, string> = {
  chair: 'Chair',
  'designated-nurse': 'Designated nurse',
  'practice-lead': 'Practice safeguarding lead',
  member: 'Member',
};

export const MEETING_FORMATS = ['in-person', 'online', 'hybrid'] as const;
export type MeetingFormat = (typeof MEETING_FORMATS)[number];
export const MEETING_FORMAT_LABELS: Record<MeetingFormat, string> = {
  'in-person': 'In person',
  online: 'Online',
  hybrid: 'In person and online',
};

export const ATTENDANCE_STATUSES = ['present', 'apologies', 'absent'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];
export const ATTENDANCE_LABELS: Record<AttendanceStatus, string> = {
  present: 'Present',
  apologies: 'Sent apologies',
  absent: 'Absent',
};

/** A practitioner forum that spreads learning from reviews (the GP Forum by default). */
export interface Forum {
  id: string;
  name: string;
  purpose: string;
  chairName: string | null;
  chairUserId: string | null;
  memberCount: number;
  meetingCount: number;
  lastMeetingDate: string | null;
  version: number;
}

export interface ForumMember {
  id: string;
  forumId: string;
  userId: string;
  name: string;
  jobTitle: string | null;
  organisationId: string;
  organisationName: string;
  organisationType: string;
  forumRole: ForumRole;
  /** Set when the member left; past attendance still shows. */
  leftOn: string | null;
}

export interface Meeting {
  id: string;
  forumId: string;
  forumName: string;
  meetingDate: string;
  /** 'HH:MM', 24-hour, UK time. */
  startTime: string;
  format: MeetingFormat;
  venue: string;
  minutes: string;
  /** Members marked present (from the attendance record). */
  presentCount: number;
  /** Distinct GP practices with a member present. */
  practicesPresent: number;
  version: number;
}

export interface AgendaItem {
  id: string;
  meetingId: string;
  position: number;
  title: string;
  notes: string;
  reviewId: string | null;
  reviewRef: string | null;
  learningPointId: string | null;
  learningPointNumber: number | null;
  learningPointText: string | null;
  /** A learning briefing discussed (briefings module). */
  briefingId: string | null;
  briefingTitle: string | null;
  discussion: string;
  version: number;
}

export interface Attendance {
  memberId: string;
  status: AttendanceStatus;
}

/** One GP practice (or other organisation) across a forum's meetings: who came. */
export interface PracticeAttendance {
  organisationId: string;
  organisationName: string;
  hasMember: boolean;
  /** Meeting id → the best attendance any of its members had ('present' beats 'apologies'). */
  byMeeting: Record<string, AttendanceStatus | null>;
  meetingsPresent: number;
}

export type { LearningEvidence } from '../learning/index.ts';
