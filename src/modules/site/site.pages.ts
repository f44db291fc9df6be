import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.ts';
import { actorOf } from '../../platform/http/current-user.ts';
import { submitForm } from '../../platform/http/pages.ts';

/** The public pages every public service owes (no sign-in), and the start page. */
export async function sitePages(app: FastifyInstance, { services }: { services: Services }) {
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

  /** Only a path on this site is kept as the page the feedback is about. */
  const pageOf = (value: unknown) => (typeof value === 'string' && /^\/[\w\-/]*$/.test(value) ? value : '');

  app.get('/feedback', async (request, reply) => {
    const { page } = request.query as { page?: string };
    return reply.page('feedback.njk', {
      pageTitle: 'Give feedback',
      hasForm: true,
      values: { page: pageOf(page) },
      errors: {},
    });
  });

  app.post('/feedback', async (request, reply) => {
    const body = request.body as Record<string, string | undefined>;
    const values = { text: body.text, page: pageOf(body.page) };
    return submitForm(
      reply,
      { template: 'feedback.njk', context: { pageTitle: 'Give feedback', hasForm: true, values } },
      () => services.feedback.give(request.actor, { text: body.text ?? '', page: values.page }),
      () => reply.page('feedback-sent.njk', { pageTitle: 'Thank you for your feedback' }),
    );
  });

  app.get('/feedback/received', async (request, reply) => {
    const items = await services.feedback.list(actorOf(request));
    return reply.page('feedback-received.njk', { pageTitle: 'Feedback received', items });
  });
}
