import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.ts';
import { actorOf, type Actor } from '../../platform/http/current-user.ts';
import { joinDateParts } from '../../platform/http/forms.ts';
import { setFlash, submitForm } from '../../platform/http/pages.ts';
import { chairOnly, labels, meetingPath, text, type Body, type Params } from './meetings.view.ts';

const meetingInput = (body: Body) => ({
  meetingDate: joinDateParts(body, 'meetingDate'),
  startTime: text(body, 'startTime') || undefined,
  format: text(body, 'format') || undefined,
  venue: text(body, 'venue'),
});

/** A forum's meetings: schedule, the meeting page, date and venue, minutes and attendance. */
export async function meetingsPages(app: FastifyInstance, { services }: { services: Services }) {
  const meetings = services.forumMeetings;
  const mustRun = chairOnly(services);

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
}
