import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.ts';
import { actorOf } from '../../platform/http/current-user.ts';
import { pageParam } from '../../platform/schema.ts';

/** The business unit's view of the e-mails Lantern sends (and, with no e-mail service, the only one). */
export async function outboxPages(app: FastifyInstance, { services }: { services: Services }) {
  app.get('/outbox', async (request, reply) => {
    const page = pageParam.catch(1).parse((request.query as Record<string, unknown>).page);
    const { items, total, pageSize } = await services.outbox.list(actorOf(request), page);
    return reply.page('outbox-list.njk', {
      pageTitle: 'Emails sent by Lantern',
      activeNav: 'outbox',
      emails: items,
      total,
      page,
      pageCount: Math.max(1, Math.ceil(total / pageSize)),
      pageHref: (n: number) => `/outbox?page=${n}`,
    });
  });

  app.get('/outbox/:id', async (request, reply) => {
    const email = await services.outbox.get(actorOf(request), (request.params as { id: string }).id);
    // The body can hold a one-time link: never cache it.
    return reply.header('cache-control', 'no-store').page('outbox-show.njk', {
      pageTitle: email.subject,
      activeNav: 'outbox',
      backLink: '/outbox',
      email,
    });
  });
}
