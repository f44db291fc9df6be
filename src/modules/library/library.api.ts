import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../composition.ts';
import { actorOf } from '../../platform/http/current-user.ts';
import { apiErrors, listOf } from '../../platform/schema.ts';
import { loosePatchOf } from '../reviews/index.ts';
import {
  CreateFromTextSchema,
  LibraryReviewParams,
  LibraryReviewResponse,
  PatchSchema,
  SearchItemResponse,
  SearchQuery,
} from './library.schema.ts';
import type { LibraryReview } from './library.types.ts';

const reviewOut = ({ body, ...r }: LibraryReview) => ({
  ...r,
  text: body,
  downloadUrl: r.fileName ? `/library/reviews/${r.id}/file` : null,
});

/** The library's JSON API: add by text, read, change metadata, search. */
export async function libraryApi(base: FastifyInstance, { services }: { services: Services }) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const tags = ['library'];
  const library = services.library;

  app.get(
    '/api/v1/library/search',
    {
      schema: {
        tags,
        summary: 'Search the library, most relevant first (newest first with no query)',
        description:
          'Repeat year, area, type, ageBand or theme to match any of several values. Only 200 matches are ranked: those with the words in the title, then the newest.',
        querystring: SearchQuery,
        response: { 200: listOf(SearchItemResponse), ...apiErrors },
      },
    },
    async (request) => {
      const result = await library.search(actorOf(request), request.query, { withFacets: false });
      return {
        items: result.items.map((i) => ({
          id: i.id,
          title: i.title,
          area: i.area,
          year: i.year,
          snippet: i.snippet,
          themes: i.themes,
        })),
        total: result.total,
        page: result.page,
        pageSize: result.pageSize,
      };
    },
  );

  app.post(
    '/api/v1/library/reviews',
    {
      schema: {
        tags,
        summary: 'Add a review by its text (business unit); files are uploaded on the page',
        body: CreateFromTextSchema,
        response: { 201: LibraryReviewResponse, ...apiErrors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(reviewOut(await library.addFromText(actorOf(request), request.body))),
  );

  app.get(
    '/api/v1/library/reviews/:libraryReviewId',
    {
      schema: {
        tags,
        summary: 'A library review with its text',
        params: LibraryReviewParams,
        response: { 200: LibraryReviewResponse, ...apiErrors },
      },
    },
    async (request) => reviewOut(await library.visible(actorOf(request), request.params.libraryReviewId)),
  );

  app.patch(
    '/api/v1/library/reviews/:libraryReviewId',
    {
      schema: {
        tags,
        summary: 'Change a review’s metadata (business unit); a stale version is 409',
        params: LibraryReviewParams,
        body: loosePatchOf(PatchSchema),
        response: { 200: LibraryReviewResponse, ...apiErrors },
      },
    },
    async (request) =>
      reviewOut(await library.update(actorOf(request), request.params.libraryReviewId, request.body)),
  );
}
