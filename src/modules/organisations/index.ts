import type { LanternModule } from '../module.ts';
import { organisationsApi } from './organisations.api.ts';

export { createOrganisationsRepository, type OrganisationsRepository } from './organisations.repository.ts';
export { createOrganisationsService, type OrganisationsService } from './organisations.service.ts';
export { ORGANISATION_TYPES, type Organisation, type OrganisationType } from './organisations.types.ts';

export const organisationsModule: LanternModule = { viewsDir: '', plugin: organisationsApi };
