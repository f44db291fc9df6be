import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../composition.ts';
import { actorOf } from '../../platform/http/current-user.ts';
import { apiErrors, listOf } from '../../platform/schema.ts';
import { loosePatchOf } from '../reviews/index.ts';
import {
  ForumCreateSchema,
  ForumDetailResponse,
  ForumParams,
  ForumResponse,
  ForumUpdateSchema,
  ListQuery,
  MemberAddSchema,
  MemberResponse,
} from './forums.schema.ts';

/** The forums JSON API: forums and their members (meetings are in meetings.api.ts). */
export async function forumsApi(base: FastifyInstance, { services }: { services: Services }) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const tags = ['forums'];

  app.get(
    '/api/v1/forums',
    {
      schema: {
        tags,
        summary: 'Forums (every signed-in user may read them)',
        querystring: ListQuery,
        response: { 200: listOf(ForumResponse), ...apiErrors },
      },
    },
    async (request) => {
      const { page, pageSize } = request.query;
      const { items, total } = await services.forums.list(actorOf(request), { page, pageSize });
      return { items, total, page, pageSize };
    },
  );

  app.post(
    '/api/v1/forums',
    {
      schema: {
        tags,
        summary: 'Create a forum (business unit)',
        body: ForumCreateSchema,
        response: { 201: ForumResponse, ...apiErrors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await services.forums.create(actorOf(request), request.body)),
  );

  app.get(
    '/api/v1/forums/:forumId',
    {
      schema: {
        tags,
        summary: 'A forum with its current members, the GP practices with no member yet, and its meetings',
        params: ForumParams,
        response: { 200: ForumDetailResponse, ...apiErrors },
      },
    },
    async (request) => {
      const o = await services.forums.overview(actorOf(request), request.params.forumId);
      return {
        ...o.forum,
        members: o.members,
        practicesWithoutMember: o.practicesWithoutMember,
        meetings: o.meetings,
      };
    },
  );

  app.patch(
    '/api/v1/forums/:forumId',
    {
      schema: {
        tags,
        summary: 'Change a forum’s name or purpose (business unit); a stale version is 409',
        params: ForumParams,
        body: loosePatchOf(ForumUpdateSchema),
        response: { 200: ForumResponse, ...apiErrors },
      },
    },
    async (request) => services.forums.update(actorOf(request), request.params.forumId, request.body),
  );

  app.post(
    '/api/v1/forums/:forumId/members',
    {
      schema: {
        tags,
        summary: 'Add a member for their own organisation (business unit); a new chair replaces the old',
        params: ForumParams,
        body: MemberAddSchema,
        response: { 201: MemberResponse, ...apiErrors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await services.forums.addMember(actorOf(request), request.params.forumId, request.body)),
  );
}
