import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../composition.ts';
import { actorOf } from '../../platform/http/current-user.ts';
import { MeSchema, TokenRequestSchema, TokenResponseSchema } from './auth.schema.ts';

const ErrorSchema = z.object({
  error: z.string(),
  message: z.string().optional(),
  fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

export async function authApi(base: FastifyInstance, { services }: { services: Services }) {
  const app = base.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/api/v1/auth/token',
    {
      schema: {
        tags: ['auth'],
        summary: 'Exchange an e-mail and password (and, with two-factor sign-in, a code) for a bearer token',
        description:
          'People with two-factor sign-in also send `otp`: the code their authenticator app shows, or a ' +
          'recovery code. Without it the answer is 401 naming the field `otp`. Someone who must use ' +
          'two-factor sign-in but has not set an app up yet gets 403: they sign in to Lantern in a browser first.',
        security: [],
        body: TokenRequestSchema,
        response: { 200: TokenResponseSchema, 401: ErrorSchema, 403: ErrorSchema, 429: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { email, password, otp } = request.body;
      let result = await services.auth.signIn(email, password, request.id);
      if (result.ok === 'second-step') {
        if (result.next === 'set-up')
          return reply.code(403).send({
            error: 'two-factor-set-up-needed',
            message: 'Sign in to Lantern in a browser once to set up an authenticator app, then try again',
          });
        if (!otp)
          return reply.code(401).send({
            error: 'otp-required',
            message: 'Send the code from your authenticator app in otp',
            fields: [{ path: 'otp', message: 'Enter the code from your authenticator app' }],
          });
        result = await services.twoFactor.completeSignIn(result.userId, otp, request.id);
      }
      if (!result.ok) {
        if (result.reason === 'locked') {
          return reply
            .code(429)
            .send({ error: 'locked', message: `Locked until ${result.lockedUntil.toISOString()}` });
        }
        return reply.code(401).send({
          error: 'unauthenticated',
          message: otp ? 'Incorrect email address, password or code' : 'Incorrect email address or password',
        });
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
