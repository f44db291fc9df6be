import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LanternModule } from '../module.ts';
import { publicPages } from './public.pages.ts';
import { publishingPages } from './publishing.pages.ts';

export { createPublishingRepository, type PublishingRepository } from './publishing.repository.ts';
/**
 * `createPublishingService(deps)`: the report, press statement and briefing of a review, the
 * publication check's findings, and `gate(reviewId, tx)` for the reviews service's `publicationGate`.
 * `deps.onReportPublished` (optional) is told when a review with a clean report is published.
 */
export {
  createPublishingService,
  placeOf,
  type PublishingDeps,
  type PublishingService,
} from './publishing.service.ts';
export type { Finding, FindIdentifiers, FindingKind } from './publishing.types.ts';
/** Replaced by publication-check's `findIdentifiers` at merge. */

/** Publishing a review's report: the internal publication page and the public published reviews. */
export const publishingModule: LanternModule = {
  viewsDir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'views'),
  async plugin(app, opts) {
    await app.register(publishingPages, opts);
    await app.register(publicPages, opts);
  },
};
