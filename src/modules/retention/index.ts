import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LanternModule } from '../module.ts';
import { retentionPages } from './retention.pages.ts';

export { createRetentionRepository, type RetentionRepository } from './retention.repository.ts';
export { createDisposalRepository, type DisposalRepository } from './disposal.repository.ts';
export { createRetentionService, type RetentionService } from './retention.service.ts';
export { retentionJobs } from './retention.jobs.ts';
export type { DueRecord, RecordType } from './retention.types.ts';

/** Records retention: the business unit's "Due for disposal" list (issue 8.3). */
export const retentionModule: LanternModule = {
  viewsDir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'views'),
  async plugin(app, opts) {
    await app.register(retentionPages, opts);
  },
};
