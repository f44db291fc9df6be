import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.ts';
import { isApiRequest } from '../../platform/http/api-request.ts';
import type { LanternModule } from '../module.ts';
import { flagTypesPages } from './flag-types.pages.ts';
import { flagsPages } from './flags.pages.ts';
import { peopleApi } from './people.api.ts';
import { peoplePages } from './people.pages.ts';
import { personChangesApi } from './person-changes.api.ts';
import { personEditPages } from './person-edit.pages.ts';
export { createPeopleRepository, type PeopleRepository } from './people.repository.ts';
export {
  BREAK_GLASS_HOURS,
  BreakGlassNeeded,
  createPeopleService,
  type PeopleService,
} from './people.service.ts';
export { formatNhsNumber, isValidNhsNumber, normaliseNhsNumber } from './nhs-number.ts';
export { nhsNumberSchema, PersonCreateSchema } from './people.schema.ts';
export * from './people.types.ts';
export { createFlagsRepository, type Flag, type FlagType, type FlagsRepository } from './flags.repository.ts';
export { createFlagsService, type FlagsService } from './flags.service.ts';
export { createFlagTypesService, FLAG_ROLES, type FlagTypesService } from './flag-types.service.ts';

export const peopleModule: LanternModule = {
  viewsDir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'views'),
  async plugin(app, opts) {
    await app.register(peoplePages, opts);
    await app.register(flagsPages, opts);
    await app.register(flagTypesPages, opts);
    await app.register(peopleApi, opts);
    await app.register(personChangesApi, opts);
    await app.register(personEditPages, opts);
  },
};

/**
 * Shows "Families" in the business unit's navigation only when the user was given family-records
 * access (practitioners and leads always see it). Registered on the root app, like the unread
 * count, so it reaches every page; one indexed look-up, for business unit pages only.
 */
export async function familiesNavHook(app: FastifyInstance, { services }: { services: Services }) {
  app.addHook('preHandler', async (request) => {
    if (request.actor?.role !== 'business-unit' || isApiRequest(request)) return;
    if (/^\/(govuk|assets|public)\//.test(request.url)) return;
    const showFamiliesNav = await services.people.seesFamilies(request.actor);
    request.layoutData = { ...request.layoutData, showFamiliesNav };
  });
}
Object.assign(familiesNavHook, { [Symbol.for('skip-override')]: true });
