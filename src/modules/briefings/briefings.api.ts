import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../composition.ts';
import { actorOf } from '../../platform/http/current-user.ts';
import { apiErrors, idParams, listOf } from '../../platform/schema.ts';
import { loosePatchOf } from '../reviews/index.ts';
import {
  BriefingCreateSchema,
  BriefingListItemResponse,
  BriefingResponse,
  BriefingUpdateSchema,
  ConfirmSharedSchema,
  ListQuery,
  PublishSchema,
} from './briefings.schema.ts';
import type { BriefingView } from './briefings.types.ts';

const PDF_RESPONSE: { description: string; content: Record<string, { schema: z.ZodType }> } = {
  description: 'The briefing as an A4 PDF attachment',
  content: { 'application/pdf': { schema: z.string().meta({ format: 'binary' }) } },
};

const asResponse = (b: BriefingView) =>
  ({
    ...b,
    learningPointIds: b.learningPoints.map((p) => p.id),
    recommendationIds: b.recommendations.map((p) => p.id),
  }) as unknown as z.infer<typeof BriefingResponse>;

export async function briefingsApi(base: FastifyInstance, { services }: { services: Services }) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const tags = ['learning briefings'];
  const briefings = services.briefings;

  app.get(
    '/api/v1/briefings',
    {
      schema: {
        tags,
        summary: 'Learning briefings: published ones for everyone, drafts too for the business unit',
        description: 'Drafts first, then newest published first. Filter with `reviewId`.',
        querystring: ListQuery,
        response: { 200: listOf(BriefingListItemResponse), ...apiErrors },
      },
    },
    async (request) => {
      const { items, total, page, pageSize } = await briefings.list(actorOf(request), request.query);
      return { items, total, page, pageSize };
    },
  );

  app.post(
    '/api/v1/briefings',
    {
      schema: {
        tags,
        summary: 'Draft a 7-minute briefing from a review (business unit)',
        description:
          'Required: `reviewId`. The draft is pre-filled from the review (summary, findings and conclusion, ' +
          'learning points, recommendations) and linked to all its learning points and recommendations; ' +
          'any field sent replaces the pre-filled one.',
        body: loosePatchOf(BriefingCreateSchema),
        response: { 201: BriefingResponse, ...apiErrors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(asResponse(await briefings.createDraft(actorOf(request), request.body))),
  );

  app.get(
    '/api/v1/briefings/:id',
    {
      schema: {
        tags,
        summary: 'A briefing with its sections, links, recipients and reach',
        params: idParams,
        response: { 200: BriefingResponse, ...apiErrors },
      },
    },
    async (request) => asResponse(await briefings.get(actorOf(request), request.params.id)),
  );

  app.patch(
    '/api/v1/briefings/:id',
    {
      schema: {
        tags,
        summary: 'Change a draft briefing (business unit)',
        description:
          'Send the `version` you read; a stale one is a 409. A published briefing cannot change (409).',
        params: idParams,
        body: loosePatchOf(BriefingUpdateSchema),
        response: { 200: BriefingResponse, ...apiErrors },
      },
    },
    async (request) => asResponse(await briefings.update(actorOf(request), request.params.id, request.body)),
  );

  app.post(
    '/api/v1/briefings/:id/publish',
    {
      schema: {
        tags,
        summary: 'Publish a draft to chosen organisations (business unit)',
        description:
          'Body `{version, organisationIds}` (at least one). Every section except further reading must be written. ' +
          'Each chosen organisation’s safeguarding leads are notified.',
        params: idParams,
        body: loosePatchOf(PublishSchema),
        response: { 200: BriefingResponse, ...apiErrors },
      },
    },
    async (request) => asResponse(await briefings.publish(actorOf(request), request.params.id, request.body)),
  );

  app.post(
    '/api/v1/briefings/:id/shared',
    {
      schema: {
        tags,
        summary: 'Confirm your organisation shared the briefing with its staff (organisation lead)',
        description: 'Body `{sharedDate, how?}`. Once per organisation; again is a 409.',
        params: idParams,
        body: loosePatchOf(ConfirmSharedSchema),
        response: { 200: BriefingResponse, ...apiErrors },
      },
    },
    async (request) =>
      asResponse(await briefings.confirmShared(actorOf(request), request.params.id, request.body)),
  );

  app.post(
    '/api/v1/briefings/:id/acknowledgements',
    {
      schema: {
        tags,
        summary: 'Say “I have read this briefing” (staff of a recipient organisation, once)',
        params: idParams,
        response: { 201: BriefingResponse, ...apiErrors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(asResponse(await briefings.acknowledge(actorOf(request), request.params.id))),
  );

  app.get(
    '/api/v1/briefings/:id/pdf',
    {
      schema: {
        tags,
        summary: 'The briefing as a printable A4 PDF',
        params: idParams,
        response: { 200: PDF_RESPONSE, ...apiErrors },
      },
    },
    async (request, reply) => {
      const file = await briefings.pdf(actorOf(request), request.params.id);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .header('cache-control', 'no-store')
        .send(file.body);
    },
  );
}
