import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.ts';
import { actorOf } from '../../platform/http/current-user.ts';

/** The learning hub: one place to reach each way the partnership spreads what its reviews taught. */
export async function learningPages(app: FastifyInstance, _opts: { services: Services }) {
  app.get('/learning', async (request, reply) => {
    actorOf(request);
    return reply.page('learning.njk', { pageTitle: 'Spreading the learning', activeNav: 'learning' });
  });
}
