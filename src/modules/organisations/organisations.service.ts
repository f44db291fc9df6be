import type { Db } from '../../platform/db/index.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import type { OrganisationsRepository } from './organisations.repository.ts';
import type { Organisation } from './organisations.types.ts';

export function createOrganisationsService({
  db,
  organisations,
}: {
  db: Db;
  organisations: OrganisationsRepository;
}) {
  return {
    /** The partnership's organisations: names and types are not sensitive, so every signed-in user may list them. */
    async list(_actor: Actor): Promise<Organisation[]> {
      return organisations.list(db);
    },
    async find(id: string): Promise<Organisation | undefined> {
      return organisations.findById(db, id);
    },
  };
}
export type OrganisationsService = ReturnType<typeof createOrganisationsService>;
