import { Forbidden } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import type { Services } from '../../composition.ts';
import {
  ATTENDANCE_LABELS,
  ATTENDANCE_STATUSES,
  FORUM_ROLE_LABELS,
  MEETING_FORMAT_LABELS,
  MEETING_FORMATS,
  type Forum,
} from './forums.types.ts';

/** What the meeting pages share: form reading, labels, links, and the chair-only rule for forms. */
export type Body = Record<string, unknown>;
export type Params = { forumId: string; meetingId: string; itemId?: string };
export const text = (body: Body, key: string) =>
  typeof body[key] === 'string' ? (body[key] as string).trim() : '';
export const labels = {
  activeNav: 'learning',
  roleLabels: FORUM_ROLE_LABELS,
  formatLabels: MEETING_FORMAT_LABELS,
  formats: MEETING_FORMATS,
  attendanceLabels: ATTENDANCE_LABELS,
  attendanceStatuses: ATTENDANCE_STATUSES,
};
export const meetingPath = (p: Params) => `/forums/${p.forumId}/meetings/${p.meetingId}`;

/** The forms are the chair's (and the business unit's): others get 403 before seeing one. */
export function chairOnly(services: Services) {
  return (actor: Actor, forum: Forum) => {
    if (!services.forums.canRunMeetings(actor, forum))
      throw new Forbidden('Only the forum’s chair or the partnership business unit can change its meetings');
  };
}
