import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LanternModule } from '../module.ts';
import { unbornApi } from './unborn.api.ts';
import { unbornPages } from './unborn.pages.ts';
import { lossesPages } from './losses.pages.ts';

export { createUnbornRepository, type UnbornRepository } from './unborn.repository.ts';
export { createUnbornService, type UnbornService } from './unborn.service.ts';
export { createLossesRepository, type LossesRepository } from './losses.repository.ts';
export { createLossesService, type LossesService } from './losses.service.ts';

/** The unborn baby pathway (Unborn Baby Network), bereavement records and the late-referral measure. */
export const unbornModule: LanternModule = {
  viewsDir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'views'),
  async plugin(app, opts) {
    await app.register(unbornPages, opts);
    await app.register(lossesPages, opts);
    await app.register(unbornApi, opts);
  },
};
