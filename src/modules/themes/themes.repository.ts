import type { Queryable } from '../../platform/db/index.ts';
import type { Passage } from './themes.suggest.ts';
import type {
  LibraryReviewSummary,
  ReviewTheme,
  Theme,
  ThemePairCount,
  ThemeStatus,
  ThemeYearCount,
  YearRange,
} from './themes.types.ts';

const SELECT_THEME = `
  SELECT code, name, description, keywords, active, sort_order AS "sortOrder", version FROM library_themes`;

/** `library_reviews` belongs to the library module: this module only reads it. */
const SELECT_REVIEW = `
  SELECT id, title, area, year, review_type AS "reviewType" FROM library_reviews`;

/** Conditions on a confirmed theme row `t` of a review `r`, for the analysis's year range. */
function yearFilter(range: YearRange, params: unknown[]): string {
  const parts: string[] = [];
  if (range.fromYear !== undefined) {
    params.push(range.fromYear);
    parts.push(`r.year >= $${params.length}`);
  }
  if (range.toYear !== undefined) {
    params.push(range.toYear);
    parts.push(`r.year <= $${params.length}`);
  }
  return parts.length ? ` AND ${parts.join(' AND ')}` : '';
}

export function createThemesRepository() {
  return {
    async themes(db: Queryable, opts: { activeOnly?: boolean } = {}): Promise<Theme[]> {
      return db.query<Theme>(
        `${SELECT_THEME} ${opts.activeOnly ? 'WHERE active' : ''} ORDER BY sort_order, name`,
      );
    },

    async theme(db: Queryable, code: string): Promise<Theme | undefined> {
      return (await db.query<Theme>(`${SELECT_THEME} WHERE code = $1`, [code]))[0];
    },

    async nameTaken(db: Queryable, name: string, exceptCode?: string): Promise<boolean> {
      const rows = await db.query(
        'SELECT 1 FROM library_themes WHERE lower(name) = lower($1) AND code IS DISTINCT FROM $2',
        [name, exceptCode ?? null],
      );
      return rows.length > 0;
    },

    async insertTheme(tx: Queryable, t: Omit<Theme, 'version' | 'active'>): Promise<void> {
      await tx.query(
        `INSERT INTO library_themes (code, name, description, keywords, sort_order) VALUES ($1, $2, $3, $4::text[], $5)`,
        [t.code, t.name, t.description, t.keywords, t.sortOrder],
      );
    },

    async updateTheme(
      tx: Queryable,
      code: string,
      t: Pick<Theme, 'name' | 'description' | 'keywords' | 'active'>,
      version: number,
    ): Promise<boolean> {
      const rows = await tx.query(
        `UPDATE library_themes SET name = $3, description = $4, keywords = $5::text[], active = $6, version = version + 1
          WHERE code = $1 AND version = $2 RETURNING code`,
        [code, version, t.name, t.description, t.keywords, t.active],
      );
      return rows.length > 0;
    },

    async review(db: Queryable, id: string): Promise<LibraryReviewSummary | undefined> {
      return (await db.query<LibraryReviewSummary>(`${SELECT_REVIEW} WHERE id = $1`, [id]))[0];
    },

    async reviewBody(db: Queryable, id: string): Promise<string | undefined> {
      return (await db.query<{ body: string }>('SELECT body FROM library_reviews WHERE id = $1', [id]))[0]
        ?.body;
    },

    /** Reviews with no theme row at all: never suggested (or added before the suggester ran). */
    async reviewsWithoutThemes(db: Queryable, limit: number): Promise<string[]> {
      const rows = await db.query<{ id: string }>(
        `SELECT r.id FROM library_reviews r
          WHERE NOT EXISTS (SELECT 1 FROM library_review_themes t WHERE t.library_review_id = r.id)
          ORDER BY r.created_at, r.id LIMIT $1`,
        [limit],
      );
      return rows.map((r) => r.id);
    },

    async reviewThemes(db: Queryable, id: string): Promise<ReviewTheme[]> {
      return db.query<ReviewTheme>(
        `SELECT t.theme_code AS code, th.name, t.status, t.score, t.passages,
                u.name AS "decidedByName",
                to_char(t.decided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "decidedAt"
           FROM library_review_themes t JOIN library_themes th ON th.code = t.theme_code
           LEFT JOIN users u ON u.id = t.decided_by
          WHERE t.library_review_id = $1
          ORDER BY t.score DESC, th.sort_order, th.name`,
        [id],
      );
    },

    async reviewTheme(db: Queryable, id: string, code: string): Promise<ReviewTheme | undefined> {
      return (await this.reviewThemes(db, id)).find((t) => t.code === code);
    },

    /**
     * Stores Lantern's suggestions for a review. A theme a person has confirmed or rejected keeps
     * its decision; suggestions no longer made are removed.
     */
    async storeSuggestions(
      tx: Queryable,
      id: string,
      suggestions: { code: string; score: number; passages: Passage[] }[],
    ): Promise<void> {
      await tx.query(
        `DELETE FROM library_review_themes
          WHERE library_review_id = $1 AND status = 'suggested' AND NOT (theme_code = ANY($2::text[]))`,
        [id, suggestions.map((s) => s.code)],
      );
      for (const s of suggestions)
        await tx.query(
          `INSERT INTO library_review_themes (library_review_id, theme_code, status, score, passages)
           VALUES ($1, $2, 'suggested', $3, $4::jsonb)
           ON CONFLICT (library_review_id, theme_code) DO UPDATE SET score = EXCLUDED.score, passages = EXCLUDED.passages
            WHERE library_review_themes.status = 'suggested'`,
          [id, s.code, s.score, JSON.stringify(s.passages)],
        );
    },

    async decide(
      tx: Queryable,
      d: { id: string; code: string; status: ThemeStatus; decidedBy: string | null },
    ): Promise<void> {
      await tx.query(
        `INSERT INTO library_review_themes (library_review_id, theme_code, status, decided_by, decided_at)
         VALUES ($1, $2, $3, $4, now())
         ON CONFLICT (library_review_id, theme_code)
         DO UPDATE SET status = EXCLUDED.status, decided_by = EXCLUDED.decided_by, decided_at = now()`,
        [d.id, d.code, d.status, d.decidedBy],
      );
    },

    /** Reviews with each confirmed theme, by year (null: the review gives no year). */
    async countsByYear(db: Queryable, range: YearRange): Promise<ThemeYearCount[]> {
      const params: unknown[] = [];
      const where = yearFilter(range, params);
      return db.query<ThemeYearCount>(
        `SELECT t.theme_code AS theme, r.year, count(*)::int AS reviews
           FROM library_review_themes t JOIN library_reviews r ON r.id = t.library_review_id
          WHERE t.status = 'confirmed'${where}
          GROUP BY t.theme_code, r.year ORDER BY t.theme_code, r.year NULLS LAST`,
        params,
      );
    },

    /** Reviews with both themes confirmed, for every pair (each pair once, `theme` < `with`). */
    async coOccurrence(db: Queryable, range: YearRange): Promise<ThemePairCount[]> {
      const params: unknown[] = [];
      const where = yearFilter(range, params);
      return db.query<ThemePairCount>(
        `SELECT a.theme_code AS theme, b.theme_code AS "with", count(*)::int AS reviews
           FROM library_review_themes a
           JOIN library_review_themes b ON b.library_review_id = a.library_review_id AND b.theme_code > a.theme_code
           JOIN library_reviews r ON r.id = a.library_review_id
          WHERE a.status = 'confirmed' AND b.status = 'confirmed'${where}
          GROUP BY a.theme_code, b.theme_code ORDER BY a.theme_code, b.theme_code`,
        params,
      );
    },

    /** The reviews behind a number of the analysis. */
    async reviewsWith(
      db: Queryable,
      f: YearRange & { theme: string; with?: string; year?: number | 'unknown' },
    ): Promise<LibraryReviewSummary[]> {
      const params: unknown[] = [f.theme];
      let where = `EXISTS (SELECT 1 FROM library_review_themes t WHERE t.library_review_id = r.id AND t.theme_code = $1 AND t.status = 'confirmed')`;
      if (f.with) {
        params.push(f.with);
        where += ` AND EXISTS (SELECT 1 FROM library_review_themes t WHERE t.library_review_id = r.id AND t.theme_code = $${params.length} AND t.status = 'confirmed')`;
      }
      if (f.year === 'unknown') where += ' AND r.year IS NULL';
      else if (f.year !== undefined) {
        params.push(f.year);
        where += ` AND r.year = $${params.length}`;
      }
      where += yearFilter(f, params);
      return db.query<LibraryReviewSummary>(
        `SELECT r.id, r.title, r.area, r.year, r.review_type AS "reviewType" FROM library_reviews r
          WHERE ${where} ORDER BY r.year DESC NULLS LAST, r.title LIMIT 1000`,
        params,
      );
    },
  };
}
export type ThemesRepository = ReturnType<typeof createThemesRepository>;
