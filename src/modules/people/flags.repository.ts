import type { Queryable } from '../../platform/db/index.ts';

import type { Flag, FlagType } from './flags.types.ts';

export type { Flag, FlagType };

const TYPE_COLUMNS = `code, name, symbol, meaning, guidance, raise_roles AS "raiseRoles", end_roles AS "endRoles",
  visible_days_after_end AS "visibleDaysAfterEnd", show_on_babies AS "showOnBabies",
  needs_consent AS "needsConsent", active, version`;

const FLAG_COLUMNS = `f.id, f.person_id AS "personId", f.type_code AS "typeCode", f.note, f.consent,
  f.raised_by AS "raisedBy", u.name AS "raisedByName", f.raised_by_organisation AS "raisedByOrganisationId",
  o.name AS "raisedByOrganisationName", f.raised_at AS "raisedAt", f.ended_at AS "endedAt",
  f.end_reason AS "endReason", f.version`;

export type FlagTypeSettings = Omit<FlagType, 'version'>;

const settingsParams = (t: FlagTypeSettings) => [
  t.code,
  t.name,
  t.symbol,
  t.meaning,
  t.guidance,
  t.raiseRoles,
  t.endRoles,
  t.visibleDaysAfterEnd,
  t.showOnBabies,
  t.needsConsent,
  t.active,
];

export function createFlagsRepository() {
  return {
    async types(db: Queryable): Promise<FlagType[]> {
      return db.query<FlagType>(`SELECT ${TYPE_COLUMNS} FROM flag_types ORDER BY sort_order, name`);
    },

    async type(db: Queryable, code: string): Promise<FlagType | undefined> {
      const rows = await db.query<FlagType>(`SELECT ${TYPE_COLUMNS} FROM flag_types WHERE code = $1`, [code]);
      return rows[0];
    },

    /** Saves a flag type's settings; false when `version` is stale (someone saved first). */
    async updateType(tx: Queryable, t: FlagTypeSettings, version: number): Promise<boolean> {
      const rows = await tx.query(
        `UPDATE flag_types SET name = $2, symbol = $3, meaning = $4, guidance = $5, raise_roles = $6,
                end_roles = $7, visible_days_after_end = $8, show_on_babies = $9, needs_consent = $10,
                active = $11, version = version + 1
          WHERE code = $1 AND version = $12 RETURNING code`,
        [...settingsParams(t), version],
      );
      return rows.length === 1;
    },

    /** Adds a flag type at the end of the list; false when the code is taken. */
    async insertType(tx: Queryable, t: FlagTypeSettings): Promise<boolean> {
      const rows = await tx.query(
        `INSERT INTO flag_types (code, name, symbol, meaning, guidance, raise_roles, end_roles,
                                 visible_days_after_end, show_on_babies, needs_consent, active, sort_order)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,
                 (SELECT coalesce(max(sort_order), 0) + 10 FROM flag_types))
         ON CONFLICT (code) DO NOTHING RETURNING code`,
        settingsParams(t),
      );
      return rows.length === 1;
    },

    /**
     * Flags to show on a person's record: their own that are active or ended within their type's
     * visibility period, and their mother's of types shown on babies.
     */
    async shownOn(db: Queryable, personId: string): Promise<(Flag & { onMother: boolean })[]> {
      return db.query(
        `SELECT ${FLAG_COLUMNS}, f.person_id <> $1 AS "onMother"
           FROM flags f
           JOIN flag_types t ON t.code = f.type_code
           JOIN users u ON u.id = f.raised_by
           JOIN organisations o ON o.id = f.raised_by_organisation
          WHERE (f.person_id = $1
                 OR (t.show_on_babies AND f.person_id = (SELECT mother_id FROM people WHERE id = $1)))
            AND (f.ended_at IS NULL OR f.ended_at > now() - make_interval(days => t.visible_days_after_end))
          ORDER BY f.ended_at IS NOT NULL, t.sort_order, f.raised_at DESC`,
        [personId],
      );
    },

    async history(db: Queryable, personId: string): Promise<Flag[]> {
      return db.query<Flag>(
        `SELECT ${FLAG_COLUMNS} FROM flags f JOIN users u ON u.id = f.raised_by
           JOIN organisations o ON o.id = f.raised_by_organisation
          WHERE f.person_id = $1 ORDER BY f.raised_at DESC`,
        [personId],
      );
    },

    async find(db: Queryable, id: string): Promise<Flag | undefined> {
      const rows = await db.query<Flag>(
        `SELECT ${FLAG_COLUMNS} FROM flags f JOIN users u ON u.id = f.raised_by
           JOIN organisations o ON o.id = f.raised_by_organisation WHERE f.id = $1`,
        [id],
      );
      return rows[0];
    },

    /** Raises a flag; undefined when one of that type is already active on the person. */
    async insert(
      tx: Queryable,
      f: {
        personId: string;
        typeCode: string;
        note: string;
        consent: boolean | null;
        userId: string;
        organisationId: string;
      },
    ): Promise<string | undefined> {
      const rows = await tx.query<{ id: string }>(
        `INSERT INTO flags (person_id, type_code, note, consent, raised_by, raised_by_organisation)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (person_id, type_code) WHERE ended_at IS NULL DO NOTHING
         RETURNING id`,
        [f.personId, f.typeCode, f.note, f.consent, f.userId, f.organisationId],
      );
      return rows[0]?.id;
    },

    async end(tx: Queryable, id: string, userId: string, reason: string, version: number): Promise<boolean> {
      const rows = await tx.query(
        `UPDATE flags SET ended_at = now(), ended_by = $2, end_reason = $3, version = version + 1
          WHERE id = $1 AND ended_at IS NULL AND version = $4 RETURNING id`,
        [id, userId, reason, version],
      );
      return rows.length === 1;
    },
  };
}
export type FlagsRepository = ReturnType<typeof createFlagsRepository>;
