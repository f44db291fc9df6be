import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LanternModule } from '../module.ts';
import { publicationCheckApi } from './publication-check.api.ts';
import { publicationCheckPages } from './publication-check.pages.ts';

export { findIdentifiers, findIdentifiersAsync } from './find-identifiers.ts';
export { corpusErrors, loadCorpus, scoreCorpus, type KindScore } from './corpus-score.ts';
export { createPublicationCheckService, type PublicationCheckService } from './publication-check.service.ts';
export type { Finding, FindingKind, FindOptions } from './publication-check.types.ts';
export { FINDING_KINDS, FINDING_KIND_LABELS } from './publication-check.types.ts';

/** The publication check: finds what in a report could identify a child or family. */
export const publicationCheckModule: LanternModule = {
  viewsDir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'views'),
  async plugin(app, opts) {
    await app.register(publicationCheckPages, opts);
    await app.register(publicationCheckApi, opts);
  },
};
