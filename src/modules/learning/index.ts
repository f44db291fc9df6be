import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LanternModule } from '../module.ts';
import { learningApi } from './learning.api.ts';
import { learningPages } from './learning.pages.ts';

export {
  createLearningEvidenceService,
  evidenceByRecommendation,
  type LearningEvidenceService,
} from './learning-evidence.service.ts';
export type { LearningEvidence, LearningEvidenceSource } from './learning.types.ts';

/** Spreading the learning: the hub that leads to briefings, training, forums and campaigns. */
export const learningModule: LanternModule = {
  viewsDir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'views'),
  async plugin(app, opts) {
    await app.register(learningPages, opts);
    await app.register(learningApi, opts);
  },
};
