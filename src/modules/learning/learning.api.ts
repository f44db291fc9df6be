import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../composition.ts';
import { actorOf } from '../../platform/http/current-user.ts';
import { apiErrors, idParams, listOf } from '../../platform/schema.ts';

const LearningEvidenceResponse = z.object({
  kind: z.enum(['briefing', 'training', 'forum', 'campaign']),
  title: z.string(),
  href: z.string().describe('The Lantern page that shows it'),
  detail: z.string().describe('Its reach in words'),
  date: z.string().nullable().describe('YYYY-MM-DD, when it happened or was published'),
});

export async function learningApi(base: FastifyInstance, { services }: { services: Services }) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/v1/recommendations/:id/learning',
    {
      schema: {
        tags: ['learning'],
        summary: "What has been done to spread a recommendation's learning",
        description:
          'Briefings, training, forum discussions and campaigns linked to the recommendation, each with its reach. ' +
          '404 when the caller may not see the recommendation.',
        params: idParams,
        response: { 200: listOf(LearningEvidenceResponse), ...apiErrors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await services.reviews.findRecommendation(actor, request.params.id);
      const items = await services.learning.forRecommendation(actor, request.params.id);
      return { items, total: items.length, page: 1, pageSize: Math.max(items.length, 1) };
    },
  );
}
