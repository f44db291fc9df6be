import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../composition.ts';
import { actorOf } from '../../platform/http/current-user.ts';
import { ErrorResponse, listOf, apiErrors, idParams } from '../../platform/schema.ts';
import { loosePatchOf } from '../reviews/index.ts';
import {
  ActionCreateSchema,
  ActionListQuery,
  ActionResponse,
  ActionUpdateResponse,
  ActionUpdateSchema,
  ProgressSchema,
} from './actions.schema.ts';

export async function actionsApi(base: FastifyInstance, { services }: { services: Services }) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const tags = ['actions'];

  app.post(
    '/api/v1/recommendations/:id/actions',
    {
      schema: {
        tags,
        summary: 'Add an action to a recommendation (business unit)',
        description: 'A due date in the past is accepted (legacy plans); the action is then overdue.',
        params: idParams,
        body: ActionCreateSchema,
        response: { 201: ActionResponse, ...apiErrors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await services.actions.create(actorOf(request), request.params.id, request.body)),
  );

  app.get(
    '/api/v1/actions',
    {
      schema: {
        tags,
        summary: 'The action tracker: actions the caller may see, newest first',
        querystring: ActionListQuery,
        response: { 200: listOf(ActionResponse), 400: ErrorResponse, 401: ErrorResponse },
      },
    },
    async (request) => {
      const { page, pageSize, sort, ...filters } = request.query;
      const { items, total } = await services.actions.list(actorOf(request), filters, {
        page,
        pageSize,
        sort,
      });
      return { items, total, page, pageSize };
    },
  );

  app.get(
    '/api/v1/actions/:id',
    {
      schema: {
        tags,
        summary: 'One action with its dated updates',
        params: idParams,
        response: { 200: ActionResponse.extend({ updates: z.array(ActionUpdateResponse) }), ...apiErrors },
      },
    },
    async (request) => {
      const { action, updates } = await services.actions.get(actorOf(request), request.params.id);
      return { ...action, updates };
    },
  );

  app.patch(
    '/api/v1/actions/:id',
    {
      schema: {
        tags,
        summary: 'Change an action or move it between states (send the version you read)',
        description:
          'Partners move their actions between not-started, in-progress and awaiting-evidence; only the business unit closes ' +
          'an action or sends it back (with `reason`). Changing `dueDate` requires `dueDateReason`.',
        params: idParams,
        body: loosePatchOf(ActionUpdateSchema),
        response: { 200: ActionResponse, ...apiErrors },
      },
    },
    async (request) => services.actions.update(actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/v1/actions/:id/updates',
    {
      schema: {
        tags,
        summary: 'Add a dated progress update',
        params: idParams,
        body: ProgressSchema,
        response: { 201: listOf(ActionUpdateResponse), ...apiErrors },
      },
    },
    async (request, reply) => {
      const items = await services.actions.addProgress(actorOf(request), request.params.id, request.body);
      return reply
        .code(201)
        .send({ items, total: items.length, page: 1, pageSize: Math.max(items.length, 1) });
    },
  );
}
