import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.ts';
import { actorOf } from '../../platform/http/current-user.ts';
import { statusOverTimeChart } from './actions.charts.ts';

/** How the actions the reader follows have moved between states, month by month. */
export async function actionsProgressPages(app: FastifyInstance, { services }: { services: Services }) {
  app.get('/actions/progress', async (request, reply) => {
    const actor = actorOf(request);
    const months = await services.actions.statusOverTime(actor, 12);
    return reply.page('action-progress.njk', {
      pageTitle: 'Action status over time',
      activeNav: 'actions',
      backLink: '/actions',
      chart: await statusOverTimeChart(months),
    });
  });
}
