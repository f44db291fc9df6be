import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../composition.ts';
import { actorOf } from '../../platform/http/current-user.ts';
import { listOf, apiErrors, idParams } from '../../platform/schema.ts';
import { baseUrlOf } from './account-links.ts';
import { InviteSchema, UserListQuery, UserPatchBody, UserResponse } from './accounts.schema.ts';

/** Account management for the partnership business unit; every other role gets 403. */
export async function accountsApi(base: FastifyInstance, { services }: { services: Services }) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const tags = ['users'];

  app.get(
    '/api/v1/users',
    {
      schema: {
        tags,
        summary: 'Accounts, newest first (business unit)',
        description:
          '`status` is `invited` until the holder sets a password through their link, `active` after, ' +
          '`deactivated` once switched off.',
        querystring: UserListQuery,
        response: { 200: listOf(UserResponse), ...apiErrors },
      },
    },
    async (request) => {
      const { page, pageSize, ...filters } = request.query;
      const { items, total } = await services.accounts.list(actorOf(request), filters, { page, pageSize });
      return { items, total, page, pageSize };
    },
  );

  app.post(
    '/api/v1/users',
    {
      schema: {
        tags,
        summary: 'Invite a user (business unit)',
        description:
          'Makes an account with no password and e-mails its holder a one-time link to set one (valid 7 days). ' +
          'The link is never returned by the API.',
        body: InviteSchema,
        response: { 201: UserResponse, ...apiErrors },
      },
    },
    async (request, reply) => {
      const { user } = await services.accounts.invite(actorOf(request), request.body, {
        baseUrl: baseUrlOf(request),
      });
      return reply.code(201).send(user);
    },
  );

  app.get(
    '/api/v1/users/:id',
    {
      schema: {
        tags,
        summary: 'One account (business unit)',
        params: idParams,
        response: { 200: UserResponse, ...apiErrors },
      },
    },
    async (request) => services.accounts.get(actorOf(request), request.params.id),
  );

  app.patch(
    '/api/v1/users/:id',
    {
      schema: {
        tags,
        summary: 'Change role or organisation, deactivate or reactivate (send the version you read)',
        description:
          '`active: false` deactivates a leaver: they can no longer sign in, and their sessions and API tokens end. ' +
          'A stale `version` gets 409 before any other check of the body.',
        params: idParams,
        body: UserPatchBody,
        response: { 200: UserResponse, ...apiErrors },
      },
    },
    async (request) => services.accounts.update(actorOf(request), request.params.id, request.body),
  );
}
