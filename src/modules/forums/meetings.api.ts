import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../composition.ts';
import { actorOf } from '../../platform/http/current-user.ts';
import { apiErrors, listOf } from '../../platform/schema.ts';
import { ActionResponse } from '../actions/index.ts';
import { loosePatchOf } from '../reviews/index.ts';
import {
  AgendaItemResponse,
  AgendaItemSchema,
  AttendanceSchema,
  ForumParams,
  MeetingCreateSchema,
  MeetingDetailResponse,
  MeetingParams,
  MeetingResponse,
  MeetingUpdateSchema,
  MinutesSchema,
} from './forums.schema.ts';

/** The meetings JSON API: schedule, read, minutes, attendance, agenda items and forum actions. */
export async function meetingsApi(base: FastifyInstance, { services }: { services: Services }) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const tags = ['forums'];
  const meetings = services.forumMeetings;

  app.get(
    '/api/v1/forums/:forumId/meetings',
    {
      schema: {
        tags,
        summary: 'A forum’s meetings, newest first',
        params: ForumParams,
        response: { 200: listOf(MeetingResponse), ...apiErrors },
      },
    },
    async (request) => {
      const { meetings: items } = await services.forums.overview(actorOf(request), request.params.forumId);
      return { items, total: items.length, page: 1, pageSize: Math.max(items.length, 1) };
    },
  );

  app.post(
    '/api/v1/forums/:forumId/meetings',
    {
      schema: {
        tags,
        summary: 'Schedule a meeting (the chair or the business unit)',
        params: ForumParams,
        body: MeetingCreateSchema,
        response: { 201: MeetingResponse, ...apiErrors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await meetings.schedule(actorOf(request), request.params.forumId, request.body)),
  );

  app.get(
    '/api/v1/forums/:forumId/meetings/:meetingId',
    {
      schema: {
        tags,
        summary: 'A meeting with its agenda, attendance and the forum actions with their live status',
        params: MeetingParams,
        response: { 200: MeetingDetailResponse, ...apiErrors },
      },
    },
    async (request) => {
      const { forumId, meetingId } = request.params;
      const view = await meetings.get(actorOf(request), forumId, meetingId);
      return { ...view.meeting, agenda: view.agenda, attendance: view.attendance, actions: view.actions };
    },
  );

  app.patch(
    '/api/v1/forums/:forumId/meetings/:meetingId',
    {
      schema: {
        tags,
        summary: 'Change a meeting’s date, time or venue (the chair or the business unit)',
        params: MeetingParams,
        body: loosePatchOf(MeetingUpdateSchema),
        response: { 200: MeetingResponse, ...apiErrors },
      },
    },
    async (request) =>
      meetings.update(actorOf(request), request.params.forumId, request.params.meetingId, request.body),
  );

  app.put(
    '/api/v1/forums/:forumId/meetings/:meetingId/minutes',
    {
      schema: {
        tags,
        summary: 'Record the minutes (the chair or the business unit); a stale version is 409',
        params: MeetingParams,
        body: loosePatchOf(MinutesSchema),
        response: { 200: MeetingResponse, ...apiErrors },
      },
    },
    async (request) =>
      meetings.recordMinutes(
        actorOf(request),
        request.params.forumId,
        request.params.meetingId,
        request.body,
      ),
  );

  app.put(
    '/api/v1/forums/:forumId/meetings/:meetingId/attendance',
    {
      schema: {
        tags,
        summary: 'Replace the attendance record: each member present, sent apologies or absent',
        params: MeetingParams,
        body: AttendanceSchema,
        response: {
          200: z.object({ attendance: z.array(z.object({ memberId: z.string(), status: z.string() })) }),
          ...apiErrors,
        },
      },
    },
    async (request) => ({
      attendance: await meetings.recordAttendance(
        actorOf(request),
        request.params.forumId,
        request.params.meetingId,
        request.body,
      ),
    }),
  );

  app.post(
    '/api/v1/forums/:forumId/meetings/:meetingId/agenda-items',
    {
      schema: {
        tags,
        summary: 'Add an agenda item, optionally linked to a review, a learning point or a briefing',
        params: MeetingParams,
        body: AgendaItemSchema,
        response: { 201: AgendaItemResponse, ...apiErrors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await meetings.addAgendaItem(
            actorOf(request),
            request.params.forumId,
            request.params.meetingId,
            request.body,
          ),
        ),
  );

  app.post(
    '/api/v1/forums/:forumId/meetings/:meetingId/actions',
    {
      schema: {
        tags,
        summary: 'Record a forum action: it becomes a tracked action with no recommendation',
        description: 'Body as for POST /api/v1/recommendations/{id}/actions. The chair or the business unit.',
        params: MeetingParams,
        body: z.object({
          organisationId: z.string(),
          description: z.string(),
          dueDate: z.string(),
          ownerUserId: z.string().nullable().optional(),
        }),
        response: { 201: ActionResponse, ...apiErrors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await meetings.addAction(
            actorOf(request),
            request.params.forumId,
            request.params.meetingId,
            request.body,
          ),
        ),
  );
}
