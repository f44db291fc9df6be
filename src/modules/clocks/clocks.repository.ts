import type { Queryable } from '../../platform/db/index.ts';
import type { BankHoliday } from './bank-holiday-file.ts';
import type { StoredImport, ImportSummary } from './holiday-calendar.ts';

export interface PolicyRow {
  key: string;
  value: number;
  updatedByName: string | null;
  updatedAt: Date | null;
}

export interface ImportRecord {
  id: number;
  source: string;
  years: number[];
  summary: ImportSummary;
  importedByLabel: string;
  importedAt: Date;
}

/**
 * The version of the policy as a whole: the time of its last change in milliseconds (0 before any).
 * A form or API client sends back the version it read, so a stale save is refused.
 */
const VERSION_SQL = `coalesce(floor(extract(epoch FROM max(updated_at)) * 1000), 0)::bigint`;

export function createClocksRepository() {
  return {
    async policyRows(q: Queryable): Promise<PolicyRow[]> {
      return q.query<PolicyRow>(
        `SELECT p.key, p.value, u.name AS "updatedByName", p.updated_at AS "updatedAt"
           FROM policy_settings p LEFT JOIN users u ON u.id = p.updated_by ORDER BY p.key`,
      );
    },

    async policyVersion(q: Queryable): Promise<number> {
      const [row] = await q.query<{ version: number }>(
        `SELECT ${VERSION_SQL} AS version FROM policy_settings`,
      );
      return row!.version;
    },

    /** Serialises policy changes: the version read after this is the one the change replaces. */
    async lockPolicy(tx: Queryable): Promise<void> {
      await tx.query('LOCK TABLE policy_settings IN EXCLUSIVE MODE');
    },

    async setPolicy(tx: Queryable, key: string, value: number, userId: string): Promise<void> {
      // clock_timestamp, not now(): two changes in one transaction-start millisecond still differ.
      await tx.query(
        `INSERT INTO policy_settings (key, value, updated_by, updated_at)
         VALUES ($1, $2, $3, clock_timestamp())
         ON CONFLICT (key) DO UPDATE SET value = $2, updated_by = $3, updated_at = clock_timestamp()`,
        [key, value, userId],
      );
    },

    /** The stored policy and the latest import's id in one round trip: what every deadline needs. */
    async clockState(
      q: Queryable,
    ): Promise<{ policy: { key: string; value: number }[]; latestImportId: number }> {
      const [row] = await q.query<{ policy: { key: string; value: number }[]; latestImportId: number }>(
        `SELECT (SELECT coalesce(json_agg(json_build_object('key', key, 'value', value)), '[]'::json)
                   FROM policy_settings) AS policy,
                (SELECT coalesce(max(id), 0) FROM bank_holiday_imports)::bigint AS "latestImportId"`,
      );
      return row!;
    },

    async storedImports(q: Queryable): Promise<StoredImport[]> {
      const imports = await q.query<{ id: number; years: number[] }>(
        'SELECT id, years FROM bank_holiday_imports ORDER BY id',
      );
      const holidays = await q.query<BankHoliday & { importId: number }>(
        `SELECT import_id AS "importId", date, title, notes, bunting,
                lower(btrim(notes)) LIKE 'provisional%' AS provisional
           FROM bank_holidays ORDER BY date`,
      );
      return imports.map((imp) => ({
        id: Number(imp.id),
        years: imp.years,
        holidays: holidays
          .filter((h) => Number(h.importId) === Number(imp.id))
          .map(({ importId: _i, ...h }) => h),
      }));
    },

    async latestImport(q: Queryable): Promise<ImportRecord | null> {
      const [row] = await q.query<ImportRecord>(
        `SELECT id, source, years, summary, imported_by_label AS "importedByLabel", imported_at AS "importedAt"
           FROM bank_holiday_imports ORDER BY id DESC LIMIT 1`,
      );
      return row ?? null;
    },

    async insertImport(
      tx: Queryable,
      record: {
        source: string;
        years: number[];
        summary: ImportSummary;
        userId: string | null;
        label: string;
      },
      holidays: BankHoliday[],
    ): Promise<number> {
      const [row] = await tx.query<{ id: number }>(
        `INSERT INTO bank_holiday_imports (source, years, summary, imported_by, imported_by_label)
         VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [record.source, record.years, JSON.stringify(record.summary), record.userId, record.label],
      );
      const id = Number(row!.id);
      await tx.query(
        `INSERT INTO bank_holidays (import_id, date, title, notes, bunting)
         SELECT $1, d::date, t, n, b
           FROM unnest($2::text[], $3::text[], $4::text[], $5::boolean[]) AS x(d, t, n, b)`,
        [
          id,
          holidays.map((h) => h.date),
          holidays.map((h) => h.title),
          holidays.map((h) => h.notes),
          holidays.map((h) => h.bunting),
        ],
      );
      return id;
    },
  };
}
export type ClocksRepository = ReturnType<typeof createClocksRepository>;
