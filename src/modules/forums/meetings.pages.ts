import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.ts';
import { actorOf, type Actor } from '../../platform/http/current-user.ts';
import { Forbidden } from '../../platform/errors.ts';
import { joinDateParts } from '../../platform/http/forms.ts';
import { setFlash, submitForm } from '../../platform/http/pages.ts';
import {
  ATTENDANCE_LABELS,
  ATTENDANCE_STATUSES,
  FORUM_ROLE_LABELS,
  MEETING_FORMAT_LABELS,
  MEETING_FORMATS,
  type Forum,
} from './forums.types.ts';

type Body = Record<string, unknown>;
type Params = { forumId: string; meetingId: string; itemId?: string };
const text = (body: Body, key: string) => (typeof body[key] === 'string' ? (body[key] as string).trim() : '');
const labels = {
  activeNav: 'learning',
  roleLabels: FORUM_ROLE_LABELS,
  formatLabels: MEETING_FORMAT_LABELS,
  formats: MEETING_FORMATS,
  attendanceLabels: ATTENDANCE_LABELS,
  attendanceStatuses: ATTENDANCE_STATUSES,
};
const meetingPath = (p: Params) => `/forums/${p.forumId}/meetings/${p.meetingId}`;

const meetingInput = (body: Body) => ({
  meetingDate: joinDateParts(body, 'meetingDate'),
  startTime: text(body, 'startTime') || undefined,
  format: text(body, 'format') || undefined,
  venue: text(body, 'venue'),
});

const agendaInput = (body: Body) => ({
  title: text(body, 'title') || undefined,
  notes: text(body, 'notes'),
  reviewId: text(body, 'reviewId') || null,
  learningPointId: text(body, 'learningPointId') || null,
  discussion: text(body, 'discussion'),
});

/** A forum's meetings: schedule, agenda, minutes, attendance and forum actions. */
export async function meetingsPages(app: FastifyInstance, { services }: { services: Services }) {
  const meetings = services.forumMeetings;
  /** The forms are the chair's (and the business unit's): others get 403 before seeing one. */
  const mustRun = (actor: Actor, forum: Forum) => {
    if (!services.forums.canRunMeetings(actor, forum))
      throw new Forbidden('Only the forum’s chair or the partnership business unit can change its meetings');
  };

  const scheduleContext = async (actor: Actor, forumId: string) => {
    const forum = await services.forums.visible(actor, forumId);
    mustRun(actor, forum);
    return { ...labels, forum, pageTitle: 'Schedule a meeting', backLink: `/forums/${forumId}` };
  };
  app.get('/forums/:forumId/meetings/new', async (request, reply) => {
    const { forumId } = request.params as Params;
    return reply.page('meeting-form.njk', {
      ...(await scheduleContext(actorOf(request), forumId)),
      values: {},
      errors: {},
    });
  });
  app.post('/forums/:forumId/meetings', async (request, reply) => {
    const actor = actorOf(request);
    const { forumId } = request.params as Params;
    const body = (request.body ?? {}) as Body;
    return submitForm(
      reply,
      {
        template: 'meeting-form.njk',
        context: { ...(await scheduleContext(actor, forumId)), values: body },
        dateFields: ['meetingDate'],
      },
      () => meetings.schedule(actor, forumId, meetingInput(body)),
      (meeting) => {
        setFlash(request, 'Meeting scheduled');
        return reply.redirect(`/forums/${forumId}/meetings/${meeting.id}`);
      },
    );
  });

  app.get('/forums/:forumId/meetings/:meetingId', async (request, reply) => {
    const params = request.params as Params;
    const view = await meetings.get(actorOf(request), params.forumId, params.meetingId);
    const statusOf = Object.fromEntries(view.attendance.map((a) => [a.memberId, a.status]));
    return reply.page('meeting.njk', {
      ...labels,
      ...view,
      statusOf,
      pageTitle: `${view.forum.name}: meeting`,
      backLink: `/forums/${params.forumId}`,
    });
  });

  const editContext = async (actor: Actor, p: Params) => {
    const { forum, meeting } = await meetings.visibleMeeting(actor, p.forumId, p.meetingId);
    mustRun(actor, forum);
    return { ...labels, forum, meeting, pageTitle: 'Change the meeting', backLink: meetingPath(p) };
  };
  app.get('/forums/:forumId/meetings/:meetingId/edit', async (request, reply) => {
    const context = await editContext(actorOf(request), request.params as Params);
    const m = context.meeting;
    const [year, month, day] = m.meetingDate.split('-');
    const values = {
      ...m,
      'meetingDate-day': String(Number(day)),
      'meetingDate-month': String(Number(month)),
      'meetingDate-year': year,
    };
    return reply.page('meeting-form.njk', { ...context, values, errors: {} });
  });
  app.post('/forums/:forumId/meetings/:meetingId/edit', async (request, reply) => {
    const actor = actorOf(request);
    const params = request.params as Params;
    const body = (request.body ?? {}) as Body;
    return submitForm(
      reply,
      {
        template: 'meeting-form.njk',
        context: { ...(await editContext(actor, params)), values: body },
        dateFields: ['meetingDate'],
      },
      () =>
        meetings.update(actor, params.forumId, params.meetingId, {
          ...meetingInput(body),
          version: text(body, 'version') || undefined,
        }),
      () => {
        setFlash(request, 'Meeting saved');
        return reply.redirect(meetingPath(params));
      },
    );
  });

  const minutesContext = async (actor: Actor, p: Params) => ({
    ...(await editContext(actor, p)),
    pageTitle: 'Record the minutes',
  });
  app.get('/forums/:forumId/meetings/:meetingId/minutes', async (request, reply) => {
    const context = await minutesContext(actorOf(request), request.params as Params);
    return reply.page('minutes-form.njk', { ...context, values: context.meeting, errors: {} });
  });
  app.post('/forums/:forumId/meetings/:meetingId/minutes', async (request, reply) => {
    const actor = actorOf(request);
    const params = request.params as Params;
    const body = (request.body ?? {}) as Body;
    return submitForm(
      reply,
      { template: 'minutes-form.njk', context: { ...(await minutesContext(actor, params)), values: body } },
      () =>
        meetings.recordMinutes(actor, params.forumId, params.meetingId, {
          minutes: text(body, 'minutes'),
          version: text(body, 'version') || undefined,
        }),
      () => {
        setFlash(request, 'Minutes saved');
        return reply.redirect(`${meetingPath(params)}#minutes`);
      },
    );
  });

  const attendanceContext = async (actor: Actor, p: Params) => {
    const view = await meetings.get(actor, p.forumId, p.meetingId);
    mustRun(actor, view.forum);
    return { ...labels, ...view, pageTitle: 'Record attendance', backLink: meetingPath(p) };
  };
  app.get('/forums/:forumId/meetings/:meetingId/attendance', async (request, reply) => {
    const context = await attendanceContext(actorOf(request), request.params as Params);
    const values = Object.fromEntries(context.attendance.map((a) => [`status-${a.memberId}`, a.status]));
    return reply.page('attendance-form.njk', { ...context, values, errors: {} });
  });
  app.post('/forums/:forumId/meetings/:meetingId/attendance', async (request, reply) => {
    const actor = actorOf(request);
    const params = request.params as Params;
    const body = (request.body ?? {}) as Body;
    const context = await attendanceContext(actor, params);
    // A member left blank is not recorded (the chair may not know yet).
    const attendance = context.members
      .map((m) => ({ memberId: m.id, status: text(body, `status-${m.id}`) }))
      .filter((a) => a.status);
    return submitForm(
      reply,
      { template: 'attendance-form.njk', context: { ...context, values: body } },
      () => meetings.recordAttendance(actor, params.forumId, params.meetingId, { attendance }),
      () => {
        setFlash(request, 'Attendance saved');
        return reply.redirect(`${meetingPath(params)}#attendance`);
      },
    );
  });

  const agendaContext = async (actor: Actor, p: Params) => {
    const { forum, meeting } = await meetings.visibleMeeting(actor, p.forumId, p.meetingId);
    mustRun(actor, forum);
    const choices = await meetings.linkChoices(actor);
    return {
      ...labels,
      forum,
      meeting,
      backLink: meetingPath(p),
      reviewItems: [
        { value: '', text: 'No review' },
        ...choices.reviews.map((r) => ({ value: r.id, text: r.subjectRef })),
      ],
      pointItems: [
        { value: '', text: 'No learning point' },
        ...choices.points.map((pt) => {
          const ref = choices.reviews.find((r) => r.id === pt.reviewId)?.subjectRef ?? '';
          return { value: pt.id, text: `${ref} ${pt.number}: ${pt.text}`.slice(0, 140) };
        }),
      ],
    };
  };
  app.get('/forums/:forumId/meetings/:meetingId/agenda/new', async (request, reply) => {
    const context = await agendaContext(actorOf(request), request.params as Params);
    return reply.page('agenda-item-form.njk', {
      ...context,
      pageTitle: 'Add an agenda item',
      values: {},
      errors: {},
    });
  });
  app.post('/forums/:forumId/meetings/:meetingId/agenda', async (request, reply) => {
    const actor = actorOf(request);
    const params = request.params as Params;
    const body = (request.body ?? {}) as Body;
    return submitForm(
      reply,
      {
        template: 'agenda-item-form.njk',
        context: { ...(await agendaContext(actor, params)), pageTitle: 'Add an agenda item', values: body },
      },
      () => meetings.addAgendaItem(actor, params.forumId, params.meetingId, agendaInput(body)),
      (item) => {
        setFlash(request, `Agenda item added: ${item.title}`);
        return reply.redirect(`${meetingPath(params)}#agenda`);
      },
    );
  });
  app.get('/forums/:forumId/meetings/:meetingId/agenda/:itemId', async (request, reply) => {
    const actor = actorOf(request);
    const params = request.params as Params;
    const { item } = await meetings.agendaItem(actor, params.forumId, params.meetingId, params.itemId!);
    const context = await agendaContext(actor, params);
    return reply.page('agenda-item-form.njk', {
      ...context,
      item,
      pageTitle: 'Change an agenda item',
      values: item,
      errors: {},
    });
  });
  app.post('/forums/:forumId/meetings/:meetingId/agenda/:itemId', async (request, reply) => {
    const actor = actorOf(request);
    const params = request.params as Params;
    const body = (request.body ?? {}) as Body;
    const { item } = await meetings.agendaItem(actor, params.forumId, params.meetingId, params.itemId!);
    return submitForm(
      reply,
      {
        template: 'agenda-item-form.njk',
        context: {
          ...(await agendaContext(actor, params)),
          item,
          pageTitle: 'Change an agenda item',
          values: body,
        },
      },
      () =>
        meetings.updateAgendaItem(actor, params.forumId, params.meetingId, item.id, {
          ...agendaInput(body),
          version: text(body, 'version') || undefined,
        }),
      (saved) => {
        setFlash(request, `Agenda item saved: ${saved.title}`);
        return reply.redirect(`${meetingPath(params)}#agenda`);
      },
    );
  });

  const actionContext = async (actor: Actor, p: Params) => {
    const { forum, meeting } = await meetings.visibleMeeting(actor, p.forumId, p.meetingId);
    mustRun(actor, forum);
    const organisations = await services.organisations.list(actor);
    const people = await services.directory.listActive();
    return {
      ...labels,
      forum,
      meeting,
      pageTitle: 'Add a forum action',
      backLink: meetingPath(p),
      organisationItems: [
        { value: '', text: 'Select an organisation' },
        ...organisations.map((o) => ({ value: o.id, text: o.name })),
      ],
      ownerItems: [
        { value: '', text: 'No named owner' },
        ...people.map((u) => ({ value: u.id, text: `${u.name} (${u.organisationName})` })),
      ],
    };
  };
  app.get('/forums/:forumId/meetings/:meetingId/actions/new', async (request, reply) => {
    const context = await actionContext(actorOf(request), request.params as Params);
    return reply.page('forum-action-form.njk', { ...context, values: {}, errors: {} });
  });
  app.post('/forums/:forumId/meetings/:meetingId/actions', async (request, reply) => {
    const actor = actorOf(request);
    const params = request.params as Params;
    const body = (request.body ?? {}) as Body;
    return submitForm(
      reply,
      {
        template: 'forum-action-form.njk',
        context: { ...(await actionContext(actor, params)), values: body },
        dateFields: ['dueDate'],
      },
      () =>
        meetings.addAction(actor, params.forumId, params.meetingId, {
          organisationId: text(body, 'organisationId') || undefined,
          description: text(body, 'description') || undefined,
          dueDate: joinDateParts(body, 'dueDate'),
          ownerUserId: text(body, 'ownerUserId') || null,
        }),
      (action) => {
        setFlash(request, `Action added to the tracker for ${action.organisationName}`);
        return reply.redirect(`${meetingPath(params)}#actions`);
      },
    );
  });
}
