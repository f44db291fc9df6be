import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.ts';
import { actorOf } from '../../platform/http/current-user.ts';
import { setFlash, submitForm } from '../../platform/http/pages.ts';
import { pageParam } from '../../platform/schema.ts';

type Body = Record<string, unknown>;
export const INBOX_PAGE_SIZE = 20;

/** A link inside Lantern only: a notification must never send its reader to another site. */
export function safeLocalPath(link: string | null | undefined): string | null {
  return link && /^\/(?![/\\])/.test(link) ? link : null;
}

/** Checkboxes post nothing when none is ticked, a string for one, a list for several. */
const listOf = (value: unknown): unknown[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/**
 * The inbox and e-mail preferences. Opening a notification is a POST (it marks it read, then goes
 * to what it is about), so no GET changes anything and every change carries the CSRF token.
 */
export async function notificationsPages(app: FastifyInstance, { services }: { services: Services }) {
  const notifications = services.notifications;

  app.get('/notifications', async (request, reply) => {
    const actor = actorOf(request);
    const page = pageParam.catch(1).parse((request.query as Body).page);
    const { items, total } = await notifications.inbox(actor, { page, pageSize: INBOX_PAGE_SIZE });
    return reply.page('inbox.njk', {
      pageTitle: 'Notifications',
      activeNav: 'notifications',
      items: items.map((n) => ({ ...n, target: safeLocalPath(n.link) })),
      total,
      page,
      pageCount: Math.max(1, Math.ceil(total / INBOX_PAGE_SIZE)),
      pageHref: (n: number) => `/notifications?page=${n}`,
    });
  });

  app.post('/notifications/:id/read', async (request, reply) => {
    const { id } = request.params as { id: string };
    const read = await notifications.markRead(actorOf(request), id);
    const target = safeLocalPath(read.link);
    if (target) return reply.redirect(target);
    const page = pageParam.catch(1).parse((request.body as Body | undefined)?.page);
    return reply.redirect(page > 1 ? `/notifications?page=${page}` : '/notifications');
  });

  app.post('/notifications/read-all', async (request, reply) => {
    const count = await notifications.markAllRead(actorOf(request));
    setFlash(
      request,
      count ? 'All your notifications are marked as read' : 'You had no unread notifications',
    );
    return reply.redirect('/notifications');
  });

  const preferencesPage = {
    pageTitle: 'Email notifications',
    activeNav: 'account',
    backLink: '/account',
  };

  app.get('/account/notifications', async (request, reply) => {
    const preferences = await notifications.emailPreferences(actorOf(request));
    const selected = preferences.filter((p) => p.email).map((p) => p.kind);
    return reply.page('notification-preferences.njk', {
      ...preferencesPage,
      preferences,
      selected,
      errors: {},
    });
  });

  app.post('/account/notifications', async (request, reply) => {
    const actor = actorOf(request);
    const emailKinds = listOf((request.body as Body).emailKinds);
    const preferences = await notifications.emailPreferences(actor);
    return submitForm(
      reply,
      {
        template: 'notification-preferences.njk',
        context: { ...preferencesPage, preferences, selected: emailKinds.map(String) },
      },
      () => notifications.saveEmailPreferences(actor, { emailKinds }),
      () => {
        setFlash(request, 'Your email choices are saved');
        return reply.redirect('/account/notifications');
      },
    );
  });
}
