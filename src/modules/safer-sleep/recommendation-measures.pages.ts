import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.ts';
import { actorOf, type Actor } from '../../platform/http/current-user.ts';
import { setFlash, submitForm } from '../../platform/http/pages.ts';

const asArray = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(String) : value ? [String(value)] : [];

/** The business unit links a recommendation to the practice measures that should show its effect. */
export async function recommendationMeasuresPages(
  app: FastifyInstance,
  { services }: { services: Services },
) {
  const context = async (actor: Actor, id: string) => {
    const { recommendation, linked, measures } = await services.recommendationMeasures.choices(actor, id);
    return {
      pageTitle: `Practice measures for recommendation ${recommendation.number}`,
      activeNav: 'reviews',
      backLink: `/reviews/${recommendation.reviewId}#recommendation-${recommendation.number}`,
      recommendation,
      measureItems: Object.entries(measures).map(([value, text]) => ({ value, text })),
      values: { measures: linked },
      errors: {},
    };
  };

  app.get('/recommendations/:id/measures', async (request, reply) => {
    const { id } = request.params as { id: string };
    return reply.page('recommendation-measures-edit.njk', await context(actorOf(request), id));
  });

  app.post('/recommendations/:id/measures', async (request, reply) => {
    const actor = actorOf(request);
    const { id } = request.params as { id: string };
    const measures = asArray((request.body as Record<string, unknown> | null)?.measures);
    return submitForm(
      reply,
      {
        template: 'recommendation-measures-edit.njk',
        context: { ...(await context(actor, id)), values: { measures } },
      },
      () => services.recommendationMeasures.link(actor, id, { measures }),
      ({ recommendation }) => {
        setFlash(request, `Practice measures saved for recommendation ${recommendation.number}`);
        return reply.redirect(`/reviews/${recommendation.reviewId}#recommendation-${recommendation.number}`);
      },
    );
  });
}
