import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../composition.ts';
import { ValidationFailed } from '../../platform/errors.ts';
import { actorOf } from '../../platform/http/current-user.ts';
import { apiErrors, idParams, listOf } from '../../platform/schema.ts';
import {
  RequestCreateBody,
  RequestDetailResponse,
  RequestResponse,
  ReturnBody,
  WithdrawSchema,
} from './requests.schema.ts';

/** The service names the page's field `organisationIds`; the API's caller sent `organisationId`. */
async function asApiFields<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof ValidationFailed)) throw err;
    throw new ValidationFailed(
      err.fields.map((f) => ({ ...f, path: f.path.replace(/^organisationIds(\.\d+)?/, 'organisationId') })),
    );
  }
}

export async function requestsApi(base: FastifyInstance, { services }: { services: Services }) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const tags = ['information requests'];

  app.get(
    '/api/v1/reviews/:id/requests',
    {
      schema: {
        tags,
        summary: "A review's information requests to organisations, open first",
        description: 'An organisation lead sees only their organisation’s requests.',
        params: idParams,
        response: { 200: listOf(RequestResponse), ...apiErrors },
      },
    },
    async (request) => {
      const items = await services.requests.listForReview(actorOf(request), request.params.id);
      return { items, total: items.length, page: 1, pageSize: Math.max(items.length, 1) };
    },
  );

  app.post(
    '/api/v1/reviews/:id/requests',
    {
      schema: {
        tags,
        summary: 'Ask an organisation for information for a review (business unit)',
        description:
          'Without `dueDate`, the request is due 10 working days after the National Panel was notified ' +
          '(or after today if that is not recorded, or has passed). The organisation’s leads are notified.',
        params: idParams,
        body: RequestCreateBody,
        response: { 201: RequestDetailResponse, ...apiErrors },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { organisationId, ...rest } = request.body;
      const { requests } = await asApiFields(() =>
        services.requests.send(actor, request.params.id, { ...rest, organisationIds: [organisationId] }),
      );
      return reply.code(201).send({ ...requests[0]!, answer: '', files: [] });
    },
  );

  app.get(
    '/api/v1/requests/:id',
    {
      schema: {
        tags,
        summary: 'One information request with its return (every view is audited)',
        description: 'Board members and reviewers see the answer (`answer`, `files`) once it is returned.',
        params: idParams,
        response: { 200: RequestDetailResponse, ...apiErrors },
      },
    },
    async (request) => (await services.requests.get(actorOf(request), request.params.id)).request,
  );

  app.post(
    '/api/v1/requests/:id/return',
    {
      schema: {
        tags,
        summary: "Send the organisation's return, with its written answer (the organisation's leads)",
        description: 'Files are uploaded through the request page.',
        params: idParams,
        body: ReturnBody,
        response: { 200: RequestDetailResponse, ...apiErrors },
      },
    },
    async (request) =>
      services.requests.sendReturn(actorOf(request), request.params.id, { answer: request.body.text }),
  );

  app.post(
    '/api/v1/requests/:id/withdraw',
    {
      schema: {
        tags,
        summary: 'Withdraw an open request, with the reason (business unit)',
        params: idParams,
        body: WithdrawSchema,
        response: { 200: RequestDetailResponse, ...apiErrors },
      },
    },
    async (request) => services.requests.withdraw(actorOf(request), request.params.id, request.body),
  );
}
