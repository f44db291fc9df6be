import type { Queryable } from '../../platform/db/index.ts';
import type { Person, Relationship } from './people.types.ts';

const PERSON_COLUMNS = `p.id, p.family_id AS "familyId", p.relationship, p.nhs_number AS "nhsNumber",
  p.given_name AS "givenName", p.family_name AS "familyName", p.date_of_birth AS "dateOfBirth",
  p.expected_delivery_date AS "expectedDeliveryDate", p.mother_id AS "motherId", p.version,
  p.created_at AS "createdAt", p.updated_at AS "updatedAt"`;

export interface NewPerson {
  familyId: string;
  relationship: Relationship;
  nhsNumber: string | null;
  givenName: string;
  familyName: string;
  dateOfBirth: string | null;
  expectedDeliveryDate: string | null;
  motherId: string | null;
}

export interface PersonNameQuery {
  familyName: string;
  givenName?: string;
  dateOfBirth?: string;
}

/** The details a correction may change (the family and the link to the mother stay as recorded). */
export type PersonChanges = Partial<
  Pick<
    Person,
    'givenName' | 'familyName' | 'nhsNumber' | 'dateOfBirth' | 'expectedDeliveryDate' | 'relationship'
  >
>;

const CHANGE_COLUMNS: Record<keyof PersonChanges, string> = {
  givenName: 'given_name',
  familyName: 'family_name',
  nhsNumber: 'nhs_number',
  dateOfBirth: 'date_of_birth',
  expectedDeliveryDate: 'expected_delivery_date',
  relationship: 'relationship',
};

/** A LIKE pattern's literal part: the user's `%`, `_` and `\` match only themselves. */
const likePrefix = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export function createPeopleRepository() {
  return {
    async insertFamily(tx: Queryable, createdBy: string): Promise<string> {
      const rows = await tx.query<{ id: string }>(
        'INSERT INTO families (created_by) VALUES ($1) RETURNING id',
        [createdBy],
      );
      return rows[0]!.id;
    },

    async insert(tx: Queryable, p: NewPerson, createdBy: string): Promise<string> {
      const rows = await tx.query<{ id: string }>(
        `INSERT INTO people (family_id, relationship, nhs_number, given_name, family_name, date_of_birth,
                             expected_delivery_date, mother_id, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
        [
          p.familyId,
          p.relationship,
          p.nhsNumber,
          p.givenName,
          p.familyName,
          p.dateOfBirth,
          p.expectedDeliveryDate,
          p.motherId,
          createdBy,
        ],
      );
      return rows[0]!.id;
    },

    async find(db: Queryable, id: string): Promise<Person | undefined> {
      const rows = await db.query<Person>(`SELECT ${PERSON_COLUMNS} FROM people p WHERE p.id = $1`, [id]);
      return rows[0];
    },

    async findByNhsNumber(db: Queryable, nhsNumber: string): Promise<Person | undefined> {
      const rows = await db.query<Person>(`SELECT ${PERSON_COLUMNS} FROM people p WHERE p.nhs_number = $1`, [
        nhsNumber,
      ]);
      return rows[0];
    },

    /**
     * People whose family name starts with `familyName` (and given name with `givenName`, when
     * given), born on `dateOfBirth` when given; case-insensitive. One page, in name order, and how
     * many match in all. The LIKE prefix uses people_name_prefix_idx (text_pattern_ops).
     */
    async search(
      db: Queryable,
      q: PersonNameQuery,
      paging: { page: number; pageSize: number },
    ): Promise<{ items: Person[]; total: number }> {
      const where = `lower(p.family_name) LIKE lower($1) || '%'
            AND ($2::text IS NULL OR lower(p.given_name) LIKE lower($2) || '%')
            AND ($3::date IS NULL OR p.date_of_birth = $3)`;
      const params = [
        likePrefix(q.familyName),
        q.givenName ? likePrefix(q.givenName) : null,
        q.dateOfBirth ?? null,
      ];
      const [items, counted] = await Promise.all([
        db.query<Person>(
          `SELECT ${PERSON_COLUMNS} FROM people p WHERE ${where}
            ORDER BY lower(p.family_name), lower(p.given_name), p.date_of_birth NULLS LAST, p.id
            LIMIT $4 OFFSET $5`,
          [...params, paging.pageSize, (paging.page - 1) * paging.pageSize],
        ),
        db.query<{ n: number }>(`SELECT count(*)::int AS n FROM people p WHERE ${where}`, params),
      ]);
      return { items, total: counted[0]!.n };
    },

    /**
     * Changes a person's details if their version is still `version`; false when someone else
     * changed them first. Each change moves the version on.
     */
    async update(tx: Queryable, id: string, version: number, changes: PersonChanges): Promise<boolean> {
      const sets: string[] = [];
      const values: unknown[] = [id, version];
      for (const [key, column] of Object.entries(CHANGE_COLUMNS)) {
        const value = changes[key as keyof PersonChanges];
        if (value === undefined) continue;
        values.push(value);
        sets.push(`${column} = $${values.length}`);
      }
      const rows = await tx.query(
        `UPDATE people SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')}
          WHERE id = $1 AND version = $2 RETURNING id`,
        values,
      );
      return rows.length === 1;
    },

    async familyMembers(db: Queryable, familyId: string): Promise<Person[]> {
      return db.query<Person>(
        `SELECT ${PERSON_COLUMNS} FROM people p WHERE p.family_id = $1 ORDER BY p.created_at, p.id`,
        [familyId],
      );
    },

    async involve(tx: Queryable, personId: string, organisationId: string, addedBy: string): Promise<void> {
      await tx.query(
        `INSERT INTO person_organisations (person_id, organisation_id, added_by) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING`,
        [personId, organisationId, addedBy],
      );
    },

    /** Whether the organisation is involved with anyone in the person's family. */
    async isFamilyInvolved(db: Queryable, familyId: string, organisationId: string): Promise<boolean> {
      const rows = await db.query(
        `SELECT 1 FROM person_organisations po JOIN people p ON p.id = po.person_id
          WHERE p.family_id = $1 AND po.organisation_id = $2 LIMIT 1`,
        [familyId, organisationId],
      );
      return rows.length > 0;
    },

    /** The organisations involved with anyone in the family (told when someone breaks the glass). */
    async familyOrganisations(db: Queryable, familyId: string): Promise<{ id: string; name: string }[]> {
      return db.query(
        `SELECT DISTINCT o.id, o.name FROM person_organisations po
           JOIN people p ON p.id = po.person_id JOIN organisations o ON o.id = po.organisation_id
          WHERE p.family_id = $1 ORDER BY o.name`,
        [familyId],
      );
    },

    async hasFamilyRecordsAccess(db: Queryable, userId: string): Promise<boolean> {
      const rows = await db.query<{ ok: boolean }>(
        'SELECT family_records_access AS ok FROM users WHERE id = $1',
        [userId],
      );
      return rows[0]?.ok ?? false;
    },

    async hasActiveGrant(db: Queryable, userId: string, personId: string): Promise<boolean> {
      const rows = await db.query(
        `SELECT 1 FROM record_access_grants WHERE user_id = $1 AND person_id = $2 AND expires_at > now() LIMIT 1`,
        [userId, personId],
      );
      return rows.length > 0;
    },

    async insertGrant(
      tx: Queryable,
      g: { userId: string; personId: string; reason: string; hours: number },
    ): Promise<void> {
      await tx.query(
        `INSERT INTO record_access_grants (user_id, person_id, reason, expires_at)
         VALUES ($1, $2, $3, now() + make_interval(hours => $4::int))`,
        [g.userId, g.personId, g.reason, g.hours],
      );
    },

    /** The last accesses of a person's record, from the audit log (as CP-IS shows them). */
    async recentAccesses(
      db: Queryable,
      personId: string,
      limit: number,
    ): Promise<
      { at: Date; event: string; what: string | null; userName: string; organisationName: string | null }[]
    > {
      return db.query(
        `SELECT a.at, a.event, a.details->>'what' AS what, COALESCE(u.name, a.actor_label) AS "userName", o.name AS "organisationName"
           FROM audit_events a LEFT JOIN users u ON u.id = a.actor_user_id
           LEFT JOIN organisations o ON o.id = u.organisation_id
          WHERE a.subject_type = 'person' AND a.subject_id = $1
          ORDER BY a.at DESC, a.id DESC LIMIT $2`,
        [personId, limit],
      );
    },
  };
}
export type PeopleRepository = ReturnType<typeof createPeopleRepository>;
