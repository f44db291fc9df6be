import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.ts';
import { isApiRequest } from '../../platform/http/api-request.ts';
import type { LanternModule } from '../module.ts';
import { notificationsApi } from './notifications.api.ts';
import { notificationsPages } from './notifications.pages.ts';
import { outboxPages } from './outbox.pages.ts';

export { createNotificationsRepository, type NotificationsRepository } from './notifications.repository.ts';
export { createNotificationsService, type NotificationsService } from './notifications.service.ts';
export { createOutboxRepository, type OutboxRepository } from './outbox.repository.ts';
export { createOutboxService, type OutboxService, type DeliveryCounts } from './outbox.service.ts';
export { createMailer, type Mailer } from './mailer.ts';
export { emailJobs } from './outbox.jobs.ts';
export {
  NOTIFICATION_KINDS,
  type NewNotification,
  type Notification,
  type NotificationKind,
} from './notifications.types.ts';

const ASSET_PREFIXES = ['/govuk/', '/assets/', '/public/'];

/**
 * The header's unread count, for every signed-in page. The hook lives here, not in the platform, so
 * the dependency runs from module to platform: the platform only knows `request.layoutData`, a bag
 * its page decorator passes to every template. `skip-override` (Fastify's own mechanism, what
 * fastify-plugin sets) lets this hook reach every route, not just this module's.
 */
async function unreadCountInHeader(app: FastifyInstance, { services }: { services: Services }) {
  app.addHook('preHandler', async (request) => {
    if (!request.actor || isApiRequest(request)) return;
    if (ASSET_PREFIXES.some((prefix) => request.url.startsWith(prefix))) return;
    const unreadNotifications = await services.notifications.unreadCount(request.actor);
    request.layoutData = { ...request.layoutData, unreadNotifications };
  });
}
Object.assign(unreadCountInHeader, { [Symbol.for('skip-override')]: true });

/** Notifications: the inbox, e-mail preferences, the admin's outbox and the JSON API. */
export const notificationsModule: LanternModule = {
  viewsDir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'views'),
  async plugin(app, opts) {
    await app.register(notificationsPages, opts);
    await app.register(outboxPages, opts);
    await app.register(notificationsApi, opts);
  },
};

/** Registered on the root app (before the modules), so its hook runs for every page. */
export const notificationsLayoutHook = unreadCountInHeader;
