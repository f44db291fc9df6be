import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LanternModule } from '../module.ts';
import { requestsApi } from './requests.api.ts';
import { requestsPages } from './requests.pages.ts';

export { createRequestsRepository, type RequestsRepository } from './requests.repository.ts';
export { createRequestsService, type RequestsService } from './requests.service.ts';
export * from './requests.types.ts';

export const requestsModule: LanternModule = {
  viewsDir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'views'),
  async plugin(app, opts) {
    await app.register(requestsPages, opts);
    await app.register(requestsApi, opts);
  },
};
export { requestReminderSource } from './requests.reminders.ts';
