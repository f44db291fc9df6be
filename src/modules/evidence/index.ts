import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LanternModule } from '../module.ts';
import { evidenceApi } from './evidence.api.ts';
import { evidencePages } from './evidence.pages.ts';

export { createEvidenceRepository, type EvidenceRepository } from './evidence.repository.ts';
export { createEvidenceService, type EvidenceService } from './evidence.service.ts';
export type { Evidence } from './evidence.types.ts';
// The file checks, for other modules that take uploads (information request returns).
export { ALLOWED_DESCRIPTION, checkedContentType, MAX_EVIDENCE_BYTES } from './file-check.ts';

export const evidenceModule: LanternModule = {
  viewsDir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'views'),
  async plugin(app, opts) {
    await app.register(evidencePages, opts);
    await app.register(evidenceApi, opts);
  },
};
