import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LanternModule } from '../module.ts';
import { factorsPages } from './factors.pages.ts';
import { measuresPages } from './measures.pages.ts';
import { recommendationMeasuresPages } from './recommendation-measures.pages.ts';
import { saferSleepApi } from './safer-sleep.api.ts';
import { saferSleepPages } from './safer-sleep.pages.ts';

export { createSaferSleepRepository, type SaferSleepRepository } from './safer-sleep.repository.ts';
export { createSaferSleepService, type SaferSleepService } from './safer-sleep.service.ts';
export { createFactorsService, type FactorsService } from './factors.service.ts';
export { createSaferSleepMeasuresService, type SaferSleepMeasuresService } from './measures.service.ts';
export { SAFER_SLEEP_MEASURES } from './measures.ts';
export {
  createRecommendationMeasuresRepository,
  type RecommendationMeasuresRepository,
} from './recommendation-measures.repository.ts';
export {
  createRecommendationMeasuresService,
  type RecommendationMeasuresService,
} from './recommendation-measures.service.ts';
export * from './safer-sleep.types.ts';

export const saferSleepModule: LanternModule = {
  viewsDir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'views'),
  async plugin(app, opts) {
    await app.register(saferSleepPages, opts);
    await app.register(factorsPages, opts);
    await app.register(measuresPages, opts);
    await app.register(recommendationMeasuresPages, opts);
    await app.register(saferSleepApi, opts);
  },
};
