import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../composition.ts';
import { actorOf } from '../../platform/http/current-user.ts';
import { apiErrors, listOf, PageQuery, pageOfList } from '../../platform/schema.ts';
import {
  AnalysisResponse,
  DecisionSchema,
  LibraryReviewParams,
  ReviewThemeResponse,
  ThemeResponse,
} from './themes.schema.ts';

/** Year filters arrive as text; the service checks them (one set of messages for page and API). */
const RangeQuery = z.object({ fromYear: z.string().optional(), toYear: z.string().optional() });

/** The themes JSON API: the taxonomy, the analysis, and a review's themes with decisions on them. */
export async function themesApi(base: FastifyInstance, { services }: { services: Services }) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const tags = ['library themes'];
  const themes = services.themes;

  app.get(
    '/api/v1/library/themes',
    {
      schema: {
        tags,
        summary: 'The safeguarding themes taxonomy, inactive themes included (any signed-in user)',
        querystring: PageQuery,
        response: { 200: listOf(ThemeResponse), ...apiErrors },
      },
    },
    async (request) => {
      return pageOfList(await themes.taxonomy(actorOf(request)), request.query);
    },
  );

  app.get(
    '/api/v1/library/themes/analysis',
    {
      schema: {
        tags,
        summary: 'Reviews per confirmed theme by year, and reviews with both themes of each pair',
        description:
          '`byYear`: one item per theme and year (`year` null when a review gives none). `coOccurrence`: each pair once, `theme` before `with` in code order. Only confirmed themes count. `fromYear` and `toYear` narrow by the review’s year.',
        querystring: RangeQuery,
        response: { 200: AnalysisResponse, ...apiErrors },
      },
    },
    async (request) => {
      const { byYear, coOccurrence } = await themes.analysis(actorOf(request), request.query);
      return { byYear, coOccurrence };
    },
  );

  app.get(
    '/api/v1/library/reviews/:libraryReviewId/themes',
    {
      schema: {
        tags,
        summary: 'A library review’s themes: suggested, confirmed and rejected, with passages',
        params: LibraryReviewParams,
        querystring: PageQuery,
        response: { 200: listOf(ReviewThemeResponse), ...apiErrors },
      },
    },
    async (request) => {
      const view = await themes.reviewThemes(actorOf(request), request.params.libraryReviewId);
      return pageOfList([...view.suggested, ...view.confirmed, ...view.rejected], request.query);
    },
  );

  app.post(
    '/api/v1/library/reviews/:libraryReviewId/themes',
    {
      schema: {
        tags,
        summary: 'Confirm or reject a theme for a library review (business unit)',
        description:
          'Decides a suggested theme, changes an earlier decision, or adds a theme that was not suggested (`decision: "confirmed"`). Returns the theme as it now stands.',
        params: LibraryReviewParams,
        body: DecisionSchema,
        response: { 201: ReviewThemeResponse, ...apiErrors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await themes.decide(actorOf(request), request.params.libraryReviewId, request.body)),
  );
}
