import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../composition.ts';
import { actorOf } from '../../platform/http/current-user.ts';
import { ORGANISATION_TYPES } from './organisations.types.ts';

export const OrganisationSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(ORGANISATION_TYPES),
});

export async function organisationsApi(base: FastifyInstance, { services }: { services: Services }) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/v1/organisations',
    {
      schema: {
        tags: ['organisations'],
        summary: "The partnership's organisations",
        response: {
          200: z.object({
            items: z.array(OrganisationSchema),
            total: z.number(),
            page: z.number(),
            pageSize: z.number(),
          }),
        },
      },
    },
    async (request) => {
      const items = await services.organisations.list(actorOf(request));
      return { items, total: items.length, page: 1, pageSize: items.length };
    },
  );
}
