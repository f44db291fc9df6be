import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LanternModule } from '../module.ts';
import { briefingsApi } from './briefings.api.ts';
import { briefingsPages } from './briefings.pages.ts';

export { createBriefingsRepository, type BriefingsRepository } from './briefings.repository.ts';
/**
 * `createBriefingsService(...).learningEvidence(actor, recommendationId)` gives what briefings have
 * done to spread a recommendation's learning: each published briefing that draws on it, with its
 * reach ("Shared by 4 of 6 organisations; 23 staff have read it"). Wired as `services.briefings`;
 * `learningEvidenceFor(actor, recommendationIds)` gives the same for many recommendations in one query.
 */
export { createBriefingsService, reachInWords, type BriefingsService } from './briefings.service.ts';
export type {
  Briefing,
  BriefingListItem,
  BriefingView,
  LearningEvidence,
  PublishedBriefingText,
} from './briefings.types.ts';

/** Learning briefings: 7-minute briefings drawn from reviews, published to organisations, with their reach. */
export const briefingsModule: LanternModule = {
  viewsDir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'views'),
  async plugin(app, opts) {
    await app.register(briefingsPages, opts);
    await app.register(briefingsApi, opts);
  },
};
