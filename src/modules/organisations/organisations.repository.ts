import type { Queryable } from '../../platform/db/index.ts';
import type { Organisation, OrganisationType } from './organisations.types.ts';

export function createOrganisationsRepository() {
  return {
    async list(db: Queryable): Promise<Organisation[]> {
      return db.query<Organisation>('SELECT id, name, type FROM organisations ORDER BY name');
    },
    async findById(db: Queryable, id: string): Promise<Organisation | undefined> {
      const rows = await db.query<Organisation>('SELECT id, name, type FROM organisations WHERE id = $1', [
        id,
      ]);
      return rows[0];
    },
    async insert(db: Queryable, o: { name: string; type: OrganisationType }): Promise<Organisation> {
      const rows = await db.query<Organisation>(
        'INSERT INTO organisations (name, type) VALUES ($1, $2) RETURNING id, name, type',
        [o.name, o.type],
      );
      return rows[0]!;
    },
  };
}
export type OrganisationsRepository = ReturnType<typeof createOrganisationsRepository>;
