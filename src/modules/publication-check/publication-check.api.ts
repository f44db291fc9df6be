import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../composition.ts';
import { actorOf } from '../../platform/http/current-user.ts';
import { apiErrors } from '../../platform/schema.ts';
import {
  CHECK_BODY_LIMIT,
  PublicationCheckResponse,
  PublicationCheckSchema,
} from './publication-check.schema.ts';

export async function publicationCheckApi(base: FastifyInstance, { services }: { services: Services }) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/api/v1/publication-check',
    {
      bodyLimit: CHECK_BODY_LIMIT,
      schema: {
        tags: ['publication-check'],
        summary: 'Find what in a report could identify a child or family',
        description:
          'Names, dates of birth and other full dates, addresses, postcodes, NHS numbers, phone numbers, e-mail addresses, schools and small named places, sorted by where they start. `start` and `end` are character (UTF-16) offsets into `text`. Strings in `allowed` are never reported. Any signed-in user.',
        body: PublicationCheckSchema,
        response: { 200: PublicationCheckResponse, ...apiErrors },
      },
    },
    async (request) => ({ findings: await services.publicationCheck.check(actorOf(request), request.body) }),
  );
}
