import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../composition.ts';
import { actorOf } from '../../platform/http/current-user.ts';
import { apiErrors, idParams, listOf, pageParam, pageSizeParam } from '../../platform/schema.ts';
import {
  BookingResponse,
  CourseResponse,
  CoverageResponse,
  monthsParam,
  ORGANISATION_TYPES,
  ScenarioResponse,
  SessionCancelInput,
  SessionInput,
  SessionResponse,
} from './training.schema.ts';
import { loosePatchOf } from '../reviews/index.ts';

const list = <T>(items: T[]) => ({
  items,
  total: items.length,
  page: 1,
  pageSize: Math.max(items.length, 1),
});

export async function trainingApi(base: FastifyInstance, { services }: { services: Services }) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const tags = ['training'];

  app.get(
    '/api/v1/courses',
    {
      schema: {
        tags,
        summary: 'Courses of the training programme, newest first',
        querystring: z.object({ page: pageParam, pageSize: pageSizeParam }),
        response: { 200: listOf(CourseResponse), ...apiErrors },
      },
    },
    async (request) => services.training.courses(actorOf(request), request.query),
  );

  app.get(
    '/api/v1/courses/:id',
    {
      schema: {
        tags,
        summary: 'A course with its case scenarios and sessions',
        params: idParams,
        response: {
          200: CourseResponse.extend({
            scenarios: z.array(ScenarioResponse),
            sessions: z.array(SessionResponse),
          }),
          ...apiErrors,
        },
      },
    },
    async (request) => {
      const { course, scenarios, sessions } = await services.training.course(
        actorOf(request),
        request.params.id,
      );
      return { ...course, scenarios, sessions };
    },
  );

  app.get(
    '/api/v1/courses/:id/sessions',
    {
      schema: {
        tags,
        summary: "A course's sessions, earliest first, with places booked and left",
        params: idParams,
        response: { 200: listOf(SessionResponse), ...apiErrors },
      },
    },
    async (request) => list((await services.training.course(actorOf(request), request.params.id)).sessions),
  );

  app.get(
    '/api/v1/training/sessions/:id',
    {
      schema: {
        tags,
        summary: 'One session',
        params: idParams,
        response: { 200: SessionResponse, ...apiErrors },
      },
    },
    async (request) => (await services.training.session(actorOf(request), request.params.id)).session,
  );

  app.patch(
    '/api/v1/training/sessions/:id',
    {
      schema: {
        tags,
        summary: 'Change a session (business unit); a stale version is 409',
        description:
          'Fields left out keep their value. `capacity` may not go below the number booked (400); more places go ' +
          'to the waiting list in order. People booked or waiting are told of a new date, time or place.',
        params: idParams,
        body: loosePatchOf(SessionInput.extend({ version: z.number() })),
        response: { 200: SessionResponse, ...apiErrors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { session: s } = await services.training.session(actor, request.params.id);
      const current = {
        date: s.date,
        startTime: s.startTime,
        endTime: s.endTime,
        mode: s.mode,
        venue: s.venue,
        onlineLink: s.onlineLink ?? '',
        capacity: s.capacity,
        facilitator: s.facilitator,
      };
      const defined = Object.entries(request.body).filter(([, v]) => v !== undefined);
      return services.training.updateSession(actor, s.id, { ...current, ...Object.fromEntries(defined) });
    },
  );

  app.post(
    '/api/v1/training/sessions/:id/cancellation',
    {
      schema: {
        tags,
        summary: 'Cancel a whole session with a reason (business unit)',
        description:
          'Everyone booked or waiting is told; the session takes no more bookings and counts for no coverage. ' +
          'Refused (400) once attendance is recorded. A stale `version`, when given, is 409.',
        params: idParams,
        body: SessionCancelInput.extend({ version: z.number().optional() }),
        response: { 200: SessionResponse, ...apiErrors },
      },
    },
    async (request) => services.training.cancelSession(actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/v1/training/sessions/:id/bookings',
    {
      schema: {
        tags,
        summary: 'Book a place (or join the waiting list when the session is full)',
        description:
          'Practitioners and organisation leads book themselves; a lead may send `userId` of a member of their staff. ' +
          '`status` is `booked`, or `waiting` when the session was full.',
        params: idParams,
        body: z.object({ userId: z.string().optional() }).optional(),
        response: { 201: BookingResponse, ...apiErrors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await services.training.book(actorOf(request), request.params.id, { userId: request.body?.userId }),
        ),
  );

  app.post(
    '/api/v1/training/sessions/:id/bookings/:bookingId/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a booking; a freed place goes to the first on the waiting list',
        params: z.object({ id: z.string(), bookingId: z.string() }),
        response: {
          200: z.object({ cancelled: BookingResponse, promoted: BookingResponse.nullable() }),
          ...apiErrors,
        },
      },
    },
    async (request) => {
      const { cancelled, promoted } = await services.training.cancel(
        actorOf(request),
        request.params.id,
        request.params.bookingId,
      );
      return { cancelled, promoted: promoted ?? null };
    },
  );

  app.get(
    '/api/v1/training/bookings',
    {
      schema: {
        tags,
        summary: "The caller's own bookings and waiting-list places, newest session first",
        response: {
          200: listOf(BookingResponse.extend({ date: z.string(), courseTitle: z.string() })),
          ...apiErrors,
        },
      },
    },
    async (request) => list(await services.training.myBookings(actorOf(request))),
  );

  app.get(
    '/api/v1/training/coverage',
    {
      schema: {
        tags,
        summary:
          'For a course: every organisation, with who has had staff attend in the last `months` months',
        description:
          'One item per organisation of the partnership (or only those of `organisationType`). `attendees` counts different people; `lastAttended` is null for an organisation not reached. ' +
          'For the business unit, organisation leads and board members.',
        querystring: z.object({
          courseId: z.string({ error: 'Enter courseId' }).uuid('courseId must be the id of a course'),
          months: monthsParam.default(12),
          organisationType: z.enum(ORGANISATION_TYPES, { error: 'Choose an organisation type' }).optional(),
        }),
        response: { 200: listOf(CoverageResponse), ...apiErrors },
      },
    },
    async (request) => {
      const { courseId, months, organisationType } = request.query;
      const { items } = await services.trainingReach.coverage(actorOf(request), courseId, months);
      return list(items.filter((i) => !organisationType || i.organisationType === organisationType));
    },
  );
}
