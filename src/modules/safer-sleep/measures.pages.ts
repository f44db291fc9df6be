import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.ts';
import { actorOf } from '../../platform/http/current-user.ts';
import { SAFER_SLEEP_MEASURES } from './measures.ts';

const monthFormat = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** The safer-sleep practice measures: aggregates only, by month and organisation. */
export async function measuresPages(app: FastifyInstance, { services }: { services: Services }) {
  app.get('/measures/safer-sleep', async (request, reply) => {
    const result = await services.saferSleepMeasures.byMonth(actorOf(request), { months: 12 });
    const months = [...new Set(result.items.map((i) => i.month))].map((month) => ({
      month,
      label: monthFormat.format(new Date(`${month}-01T00:00:00Z`)),
      rows: result.items.filter((i) => i.month === month),
    }));
    return reply.page('measures.njk', {
      pageTitle: 'Safer-sleep practice measures',
      activeNav: 'measures',
      ...result,
      monthGroups: months,
      measures: SAFER_SLEEP_MEASURES,
    });
  });
}
