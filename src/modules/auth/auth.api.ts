import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../composition.ts';
import { actorOf } from '../../platform/http/current-user.ts';
import { MeSchema, SignInSchema, TokenResponseSchema } from './auth.schema.ts';

const ErrorSchema = z.object({ error: z.string(), message: z.string().optional() });

export async function authApi(base: FastifyInstance, { services }: { services: Services }) {
  const app = base.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/api/v1/auth/token',
    {
      schema: {
        tags: ['auth'],
        summary: 'Exchange an e-mail and password for a bearer token',
        security: [],
        body: SignInSchema,
        response: { 200: TokenResponseSchema, 401: ErrorSchema, 429: ErrorSchema },
      },
    },
    async (request, reply) => {
      const result = await services.auth.signIn(request.body.email, request.body.password, request.id);
      if (!result.ok) {
        if (result.reason === 'locked') {
          return reply
            .code(429)
            .send({ error: 'locked', message: `Locked until ${result.lockedUntil.toISOString()}` });
        }
        return reply
          .code(401)
          .send({ error: 'unauthenticated', message: 'Incorrect email address or password' });
      }
      const { token, expiresAt } = await services.auth.issueToken(result.actor);
      return { token, expiresAt: expiresAt.toISOString() };
    },
  );

  app.get(
    '/api/v1/me',
    { schema: { tags: ['auth'], summary: 'The caller', response: { 200: MeSchema, 401: ErrorSchema } } },
    async (request) => {
      const { id, email, name, role, organisationId } = actorOf(request);
      return { id, email, name, role, organisationId };
    },
  );
}
