import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../composition.ts';
import { actorOf } from '../../platform/http/current-user.ts';
import { apiErrors, idParams, listOf } from '../../platform/schema.ts';
import {
  EmailPreferencesBody,
  EmailPreferencesResponse,
  NotificationListQuery,
  NotificationResponse,
  notificationJson,
  preferencesJson,
} from './notifications.schema.ts';

/** The caller's own notifications and e-mail choices; nobody reads anyone else's. */
export async function notificationsApi(base: FastifyInstance, { services }: { services: Services }) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const tags = ['notifications'];
  const notifications = services.notifications;

  app.get(
    '/api/v1/notifications',
    {
      schema: {
        tags,
        summary: 'Your notifications, newest first',
        querystring: NotificationListQuery,
        response: { 200: listOf(NotificationResponse), ...apiErrors },
      },
    },
    async (request) => {
      const { page, pageSize, unread } = request.query;
      const { items, total } = await notifications.inbox(actorOf(request), { page, pageSize, unread });
      return { items: items.map(notificationJson), total, page, pageSize };
    },
  );

  app.post(
    '/api/v1/notifications/:id/read',
    {
      schema: {
        tags,
        summary: 'Mark one of your notifications read',
        description: 'Marking one already read keeps its first `readAt`. Anyone else’s notification is 404.',
        params: idParams,
        response: { 200: NotificationResponse, ...apiErrors },
      },
    },
    async (request) => notificationJson(await notifications.markRead(actorOf(request), request.params.id)),
  );

  app.get(
    '/api/v1/me/notification-preferences',
    {
      schema: {
        tags,
        summary: 'Which kinds of notification you also get by email',
        response: { 200: EmailPreferencesResponse, ...apiErrors },
      },
    },
    async (request) => preferencesJson(await notifications.emailPreferences(actorOf(request))),
  );

  app.put(
    '/api/v1/me/notification-preferences',
    {
      schema: {
        tags,
        summary: 'Choose which kinds of notification you also get by email',
        body: EmailPreferencesBody,
        response: { 200: EmailPreferencesResponse, ...apiErrors },
      },
    },
    async (request) =>
      preferencesJson(await notifications.saveEmailPreferences(actorOf(request), request.body)),
  );
}
