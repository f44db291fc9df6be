import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../composition.ts';
import { actorOf } from '../../platform/http/current-user.ts';
import {
  ErrorResponse,
  listOf,
  pageParam,
  pageSizeParam,
  apiErrors,
  idParams,
} from '../../platform/schema.ts';
import {
  AssuranceSchema,
  PointCreateSchema,
  PointResponse,
  RecommendationCreateSchema,
  RecommendationResponse,
  ReviewCreateSchema,
  ReviewResponse,
  ReviewUpdateSchema,
  loosePatchOf,
} from './reviews.schema.ts';

const ReviewListItemResponse = ReviewResponse.omit({
  summary: true,
  conclusion: true,
  immediateActions: true,
  panelResponseNote: true,
  publicationReason: true,
  reviewers: true,
  deadlines: true,
}).extend({
  openActions: z.number().int(),
  overdueActions: z.number().int(),
});
const ReviewDetailResponse = ReviewResponse.extend({
  points: z.array(PointResponse),
  recommendations: z.array(RecommendationResponse),
});

export async function reviewsApi(base: FastifyInstance, { services }: { services: Services }) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const tags = ['reviews'];

  app.get(
    '/api/v1/reviews',
    {
      schema: {
        tags,
        summary: 'Reviews the caller may see, newest first',
        querystring: z.object({ page: pageParam, pageSize: pageSizeParam }),
        response: { 200: listOf(ReviewListItemResponse), 400: ErrorResponse, 401: ErrorResponse },
      },
    },
    async (request) => {
      const { page, pageSize } = request.query;
      const { items, total } = await services.reviews.list(actorOf(request), { page, pageSize });
      return { items, total, page, pageSize };
    },
  );

  app.post(
    '/api/v1/reviews',
    {
      schema: {
        tags,
        summary: 'Start a review (business unit)',
        description:
          'A serious incident starts as type `rapid-review` (status `notified`); recording `lcsprDecisionDate` makes it an `lcspr`.',
        body: ReviewCreateSchema,
        response: { 201: ReviewResponse, ...apiErrors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await services.reviews.create(actorOf(request), request.body)),
  );

  app.get(
    '/api/v1/reviews/:id',
    {
      schema: {
        tags,
        summary: 'One review with its findings, good practice, learning points and recommendations',
        params: idParams,
        response: { 200: ReviewDetailResponse, ...apiErrors },
      },
    },
    async (request) => {
      const { review, points, recommendations } = await services.reviews.get(
        actorOf(request),
        request.params.id,
      );
      return { ...review, points, recommendations };
    },
  );

  app.patch(
    '/api/v1/reviews/:id',
    {
      schema: {
        tags,
        summary: 'Change a review (send the version you read; a stale one gets 409)',
        params: idParams,
        body: loosePatchOf(ReviewUpdateSchema),
        response: { 200: ReviewResponse, ...apiErrors },
      },
    },
    async (request) => services.reviews.update(actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/v1/reviews/:id/points',
    {
      schema: {
        tags,
        summary: 'Add a finding, good practice item or learning point',
        params: idParams,
        body: PointCreateSchema,
        response: { 201: PointResponse, ...apiErrors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await services.reviews.addPoint(actorOf(request), request.params.id, request.body)),
  );

  app.get(
    '/api/v1/reviews/:id/recommendations',
    {
      schema: {
        tags,
        summary: "A review's recommendations, by number",
        params: idParams,
        response: { 200: listOf(RecommendationResponse), ...apiErrors },
      },
    },
    async (request) => {
      const items = await services.reviews.listRecommendations(actorOf(request), request.params.id);
      return { items, total: items.length, page: 1, pageSize: Math.max(items.length, 1) };
    },
  );

  app.post(
    '/api/v1/reviews/:id/recommendations',
    {
      schema: {
        tags,
        summary: 'Add a recommendation (numbered within its review)',
        params: idParams,
        body: RecommendationCreateSchema,
        response: { 201: RecommendationResponse, ...apiErrors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await services.reviews.addRecommendation(actorOf(request), request.params.id, request.body)),
  );

  app.get(
    '/api/v1/recommendations/:id',
    {
      schema: {
        tags,
        summary: 'One recommendation, with its assurance status',
        params: idParams,
        response: { 200: RecommendationResponse, ...apiErrors },
      },
    },
    async (request) =>
      (await services.reviews.findRecommendation(actorOf(request), request.params.id)).recommendation,
  );

  app.patch(
    '/api/v1/recommendations/:id',
    {
      schema: {
        tags,
        summary: "Record a recommendation's assurance: open, actions-complete or assured (business unit)",
        description:
          '`actions-complete` and `assured` need every action closed; `assured` needs `assuranceNote`.',
        params: idParams,
        body: loosePatchOf(AssuranceSchema),
        response: { 200: RecommendationResponse, ...apiErrors },
      },
    },
    async (request) => services.reviews.setAssurance(actorOf(request), request.params.id, request.body),
  );
}
