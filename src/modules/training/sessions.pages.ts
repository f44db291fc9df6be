import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.ts';
import { ValidationFailed } from '../../platform/errors.ts';
import { actorOf, type Actor } from '../../platform/http/current-user.ts';
import { setFlash, submitForm } from '../../platform/http/pages.ts';
import { SESSION_MODES } from './training.types.ts';

type Body = Record<string, unknown>;
const text = (body: Body, key: string) => (typeof body[key] === 'string' ? (body[key] as string).trim() : '');

export async function sessionPages(app: FastifyInstance, { services }: { services: Services }) {
  const sessionContext = async (actor: Actor, sessionId: string) => {
    const view = await services.training.session(actor, sessionId);
    return {
      ...view,
      pageTitle: `${view.session.courseTitle}: session`,
      activeNav: 'learning',
      modes: SESSION_MODES,
      canManage: actor.role === 'business-unit',
      canBook: actor.role === 'practitioner' || actor.role === 'organisation-lead',
      seesFeedbackText: actor.role === 'business-unit' || actor.role === 'board-member',
      staffItems: [
        { value: '', text: 'Choose a person' },
        ...view.staff.map((u) => ({ value: u.id, text: u.name })),
      ],
      values: {} as Body,
      errors: {},
    };
  };

  app.get('/training-sessions/:sessionId', async (request, reply) => {
    const { sessionId } = request.params as { sessionId: string };
    return reply.page('session.njk', await sessionContext(actorOf(request), sessionId));
  });

  app.post('/training-sessions/:sessionId/bookings', async (request, reply) => {
    const actor = actorOf(request);
    const { sessionId } = request.params as { sessionId: string };
    const body = (request.body ?? {}) as Body;
    const forStaff = text(body, 'for') === 'staff';
    const context = await sessionContext(actor, sessionId);
    return submitForm(
      reply,
      { template: 'session.njk', context: { ...context, values: body } },
      async () => {
        if (forStaff && !text(body, 'userId'))
          throw new ValidationFailed([
            { path: 'userId', message: 'Select a member of your organisation’s staff' },
          ]);
        return services.training.book(actor, sessionId, {
          userId: forStaff ? text(body, 'userId') : undefined,
        });
      },
      (booking) => {
        const who = booking.userId === actor.id ? 'You are' : `${booking.name} is`;
        setFlash(
          request,
          booking.status === 'booked'
            ? `${who} booked on this session`
            : `The session is full. ${who} on the waiting list and will be told if a place comes free.`,
        );
        return reply.redirect(`/training-sessions/${sessionId}`);
      },
    );
  });

  app.post('/training-sessions/:sessionId/bookings/:bookingId/cancel', async (request, reply) => {
    const actor = actorOf(request);
    const { sessionId, bookingId } = request.params as { sessionId: string; bookingId: string };
    const { cancelled, promoted } = await services.training.cancel(actor, sessionId, bookingId);
    const who = cancelled.userId === actor.id ? 'Your booking' : `${cancelled.name}’s booking`;
    setFlash(
      request,
      promoted
        ? `${who} is cancelled. The place went to ${promoted.name}, first on the waiting list.`
        : `${who} is cancelled`,
    );
    return reply.redirect(`/training-sessions/${sessionId}`);
  });

  app.post('/training-sessions/:sessionId/attendance', async (request, reply) => {
    const actor = actorOf(request);
    const { sessionId } = request.params as { sessionId: string };
    const body = (request.body ?? {}) as Body;
    const marks: Record<string, string> = {};
    for (const [key, value] of Object.entries(body))
      if (key.startsWith('attendance-') && typeof value === 'string') marks[key.slice(11)] = value;
    return submitForm(
      reply,
      { template: 'session.njk', context: await sessionContext(actor, sessionId) },
      () => services.training.recordAttendance(actor, sessionId, marks),
      () => {
        setFlash(request, 'Attendance recorded');
        return reply.redirect(`/training-sessions/${sessionId}#attendance`);
      },
    );
  });

  app.get('/training-sessions/:sessionId/feedback', async (request, reply) => {
    const { sessionId } = request.params as { sessionId: string };
    const { session, given } = await services.trainingAttendees.feedbackForm(actorOf(request), sessionId);
    return reply.page('feedback-form.njk', {
      pageTitle: 'Feedback on the session',
      activeNav: 'learning',
      session,
      given,
      values: {},
      errors: {},
    });
  });

  app.post('/training-sessions/:sessionId/feedback', async (request, reply) => {
    const actor = actorOf(request);
    const { sessionId } = request.params as { sessionId: string };
    const body = (request.body ?? {}) as Body;
    const { session, given } = await services.trainingAttendees.feedbackForm(actor, sessionId);
    return submitForm(
      reply,
      {
        template: 'feedback-form.njk',
        context: {
          pageTitle: 'Feedback on the session',
          activeNav: 'learning',
          session,
          given,
          values: body,
        },
      },
      () =>
        services.trainingAttendees.giveFeedback(actor, sessionId, {
          rating: text(body, 'rating') || undefined,
          comments: text(body, 'comments'),
        }),
      () => {
        setFlash(request, 'Thank you for your feedback');
        return reply.redirect('/my-training');
      },
    );
  });

  app.get('/training-sessions/:sessionId/bookings/:bookingId/certificate', async (request, reply) => {
    const { sessionId, bookingId } = request.params as { sessionId: string; bookingId: string };
    const { pdf, fileName } = await services.trainingAttendees.certificate(
      actorOf(request),
      sessionId,
      bookingId,
    );
    return reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="${fileName}"`)
      .send(pdf);
  });

  app.get('/my-training', async (request, reply) => {
    const bookings = await services.training.myBookings(actorOf(request));
    return reply.page('my-training.njk', {
      pageTitle: 'Your training',
      activeNav: 'learning',
      upcoming: bookings.filter((b) => !b.past),
      past: bookings.filter((b) => b.past),
    });
  });

  app.get('/training-attendance', async (request, reply) => {
    const actor = actorOf(request);
    const { records, organisations } = await services.training.attendance(actor);
    return reply.page('attendance.njk', {
      pageTitle: 'Training attendance',
      activeNav: 'learning',
      records,
      organisations,
      scope: actor.role === 'organisation-lead' ? actor.organisationName : 'every organisation',
    });
  });

  app.get('/training-attendance.csv', async (request, reply) =>
    reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="training-attendance.csv"')
      .send(await services.training.attendanceCsv(actorOf(request))),
  );
}
