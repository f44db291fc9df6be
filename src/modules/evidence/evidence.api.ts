import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../composition.ts';
import { actorOf } from '../../platform/http/current-user.ts';
import { listOf, apiErrors, idParams } from '../../platform/schema.ts';
import { EvidenceResponse, EvidenceReviewSchema, EvidenceSubmitSchema } from './evidence.schema.ts';

export async function evidenceApi(base: FastifyInstance, { services }: { services: Services }) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const tags = ['evidence'];

  app.get(
    '/api/v1/actions/:id/evidence',
    {
      schema: {
        tags,
        summary: "An action's evidence, newest first, with every version",
        params: idParams,
        response: { 200: listOf(EvidenceResponse), ...apiErrors },
      },
    },
    async (request) => {
      const items = await services.evidence.listForAction(actorOf(request), request.params.id);
      return { items, total: items.length, page: 1, pageSize: Math.max(items.length, 1) };
    },
  );

  app.post(
    '/api/v1/actions/:id/evidence',
    {
      schema: {
        tags,
        summary: 'Submit written evidence for an action (files are uploaded through the action page)',
        params: idParams,
        body: EvidenceSubmitSchema,
        response: { 201: EvidenceResponse, ...apiErrors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await services.evidence.submit(actorOf(request), request.params.id, request.body)),
  );

  app.post(
    '/api/v1/evidence/:id/review',
    {
      schema: {
        tags,
        summary: 'Accept evidence (closing the action) or return it with a note (business unit)',
        params: idParams,
        body: EvidenceReviewSchema,
        response: { 200: EvidenceResponse, ...apiErrors },
      },
    },
    async (request) => services.evidence.review(actorOf(request), request.params.id, request.body),
  );
}
