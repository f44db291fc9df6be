import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.ts';

/** The public pages every public service owes (no sign-in), and the start page. */
export async function sitePages(app: FastifyInstance, _opts: { services: Services }) {
  app.get('/', async (request, reply) =>
    reply.page('start.njk', {
      pageTitle: 'Learning from safeguarding reviews',
      signedIn: Boolean(request.actor),
    }),
  );
  app.get('/accessibility', async (_request, reply) =>
    reply.page('accessibility.njk', { pageTitle: 'Accessibility statement' }),
  );
  app.get('/privacy', async (_request, reply) => reply.page('privacy.njk', { pageTitle: 'Privacy notice' }));
  app.get('/cookies', async (_request, reply) => reply.page('cookies.njk', { pageTitle: 'Cookies' }));
}
