import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LanternModule } from '../module.ts';
import { actionsApi } from './actions.api.ts';
import { actionsPages } from './actions.pages.ts';
import { actionsProgressPages } from './actions.progress.pages.ts';

export { createActionsRepository, type ActionsRepository } from './actions.repository.ts';
export { actionScopeFor, createActionsService, type ActionsService } from './actions.service.ts';
export * from './actions.types.ts';
export { ActionResponse } from './actions.schema.ts';

export const actionsModule: LanternModule = {
  viewsDir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'views'),
  async plugin(app, opts) {
    await app.register(actionsPages, opts);
    await app.register(actionsProgressPages, opts);
    await app.register(actionsApi, opts);
  },
};
