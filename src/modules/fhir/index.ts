import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LanternModule } from '../module.ts';
import { fhirApi } from './fhir.api.ts';
import { systemTokensPages } from './system-tokens.pages.ts';

export { createFhirRepository, type FhirRepository } from './fhir.repository.ts';
export { createFhirService, type FhirService } from './fhir.service.ts';
export { bareFlagsRoute } from './fhir.api.ts';
export { createSystemTokensRepository, type SystemToken } from './system-tokens.repository.ts';
export { createSystemTokensService, type SystemTokensService } from './system-tokens.service.ts';

/** The FHIR R4 Flag API for other clinical systems, and the system tokens they call it with. */
export const fhirModule: LanternModule = {
  viewsDir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'views'),
  async plugin(app, opts) {
    await app.register(fhirApi, opts);
    await app.register(systemTokensPages, opts);
  },
};
