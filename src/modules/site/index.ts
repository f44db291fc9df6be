import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LanternModule } from '../module.ts';
import { sitePages } from './site.pages.ts';

export const siteModule: LanternModule = {
  viewsDir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'views'),
  plugin: sitePages,
};
export { createFeedbackService, type FeedbackService } from './feedback.service.ts';
export { createFeedbackRepository } from './feedback.repository.ts';
