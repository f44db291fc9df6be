import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LanternModule } from '../module.ts';
import { reviewsApi } from './reviews.api.ts';
import { reviewsPages } from './reviews.pages.ts';

export { createReviewsRepository, type ReviewsRepository, type ReviewScope } from './reviews.repository.ts';
export {
  createReviewsService,
  reviewScopeFor,
  type ReviewsService,
  type ReviewWithDeadlines,
} from './reviews.service.ts';
export * from './reviews.types.ts';
export { statutoryDeadlineSource } from './reviews.reminders.ts';
export { looksLikeAName, loosePatchOf, subjectRefSchema } from './reviews.schema.ts';

export const reviewsModule: LanternModule = {
  viewsDir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'views'),
  async plugin(app, opts) {
    await app.register(reviewsPages, opts);
    await app.register(reviewsApi, opts);
  },
};
