import type { Queryable } from '../../platform/db/index.ts';
import type { Organisation, OrganisationSettings, OrganisationType } from './organisations.types.ts';

const SELECT = `
  SELECT o.id, o.name, o.type, o.commissioned_by AS "commissionedBy", c.name AS "commissionedByName"
    FROM organisations o LEFT JOIN organisations c ON c.id = o.commissioned_by`;

export function createOrganisationsRepository() {
  return {
    async list(db: Queryable): Promise<Organisation[]> {
      return db.query<Organisation>('SELECT id, name, type FROM organisations ORDER BY name');
    },
    async listSettings(db: Queryable): Promise<OrganisationSettings[]> {
      return db.query<OrganisationSettings>(`${SELECT} ORDER BY o.name`);
    },
    async findById(db: Queryable, id: string): Promise<Organisation | undefined> {
      const rows = await db.query<Organisation>('SELECT id, name, type FROM organisations WHERE id = $1', [
        id,
      ]);
      return rows[0];
    },
    async findSettings(db: Queryable, id: string): Promise<OrganisationSettings | undefined> {
      const rows = await db.query<OrganisationSettings>(`${SELECT} WHERE o.id = $1`, [id]);
      return rows[0];
    },
    async findByName(db: Queryable, name: string): Promise<Organisation | undefined> {
      const rows = await db.query<Organisation>(
        'SELECT id, name, type FROM organisations WHERE lower(name) = lower($1)',
        [name],
      );
      return rows[0];
    },
    async insert(
      db: Queryable,
      o: { name: string; type: OrganisationType; commissionedBy: string | null },
    ): Promise<Organisation> {
      const rows = await db.query<Organisation>(
        'INSERT INTO organisations (name, type, commissioned_by) VALUES ($1, $2, $3) RETURNING id, name, type',
        [o.name, o.type, o.commissionedBy],
      );
      return rows[0]!;
    },
    async update(
      db: Queryable,
      id: string,
      o: { name: string; type: OrganisationType; commissionedBy: string | null },
    ): Promise<void> {
      await db.query('UPDATE organisations SET name = $2, type = $3, commissioned_by = $4 WHERE id = $1', [
        id,
        o.name,
        o.type,
        o.commissionedBy,
      ]);
    },
  };
}
export type OrganisationsRepository = ReturnType<typeof createOrganisationsRepository>;
