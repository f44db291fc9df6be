import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LanternModule } from '../module.ts';
import { organisationsApi } from './organisations.api.ts';
import { organisationsPages } from './organisations.pages.ts';

export { createOrganisationsRepository, type OrganisationsRepository } from './organisations.repository.ts';
export { createOrganisationsService, type OrganisationsService } from './organisations.service.ts';
export { ORGANISATION_TYPES, type Organisation, type OrganisationType } from './organisations.types.ts';

export const organisationsModule: LanternModule = {
  viewsDir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'views'),
  async plugin(app, opts) {
    await app.register(organisationsPages, opts);
    await app.register(organisationsApi, opts);
  },
};
