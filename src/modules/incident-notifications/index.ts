import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LanternModule } from '../module.ts';
import { incidentNotificationApi } from './incident-notification.api.ts';
import { incidentNotificationPages } from './incident-notification.pages.ts';

export {
  createIncidentNotificationsRepository,
  type IncidentNotificationsRepository,
} from './incident-notification.repository.ts';
export {
  createIncidentNotificationsService,
  type IncidentNotificationsService,
} from './incident-notification.service.ts';
export type { IncidentNotification, NotifiedChild } from './incident-notification.types.ts';

/** The serious incident notification to the National Panel: recorded, shown and printed beside its review. */
export const incidentNotificationsModule: LanternModule = {
  viewsDir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'views'),
  async plugin(app, opts) {
    await app.register(incidentNotificationPages, opts);
    await app.register(incidentNotificationApi, opts);
  },
};
