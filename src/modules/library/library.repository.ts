import type { Queryable } from '../../platform/db/index.ts';
import type {
  ExtractedFile,
  Facets,
  FacetCount,
  LibraryFile,
  LibraryImport,
  LibraryReview,
  LibraryReviewFields,
  LibraryReviewType,
  SearchFilters,
  SearchHit,
} from './library.types.ts';

/**
 * ts_headline marks matches with these control characters. Stored text never holds them (tidyText
 * strips them), so after escaping the whole snippet they can be swapped for <mark> safely.
 */
export const MARK_START = '\u0001';
export const MARK_END = '\u0002';
const HEADLINE = `StartSel=${MARK_START}, StopSel=${MARK_END}`;
/** Ranking reads each match's whole vector: rank only this many candidates (stack-notes). */
export const RANK_CAP = 200;

const THEMES = `coalesce((SELECT array_agg(t.theme_code ORDER BY t.theme_code) FROM library_review_themes t
                  WHERE t.library_review_id = r.id AND t.status = 'confirmed'), '{}') AS themes`;
const SELECT_REVIEW = `
  SELECT r.id, r.title, r.area, r.year, r.review_type AS "reviewType", r.age_band AS "ageBand", r.outcome,
         r.source_url AS "sourceUrl", r.body, r.file_name AS "fileName", r.content_type AS "contentType",
         r.size_bytes AS "sizeBytes", r.version, ${THEMES},
         to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "createdAt",
         to_char(r.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "updatedAt"
    FROM library_reviews r`;
const SELECT_IMPORT = `
  SELECT id, source, status, total, done, failed, errors,
         to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "startedAt",
         to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "finishedAt",
         (status = 'running' AND progressed_at < now() - interval '10 minutes') AS interrupted
    FROM library_imports`;

type Dimension = 'year' | 'area' | 'type' | 'ageBand' | 'theme';

/** WHERE conditions for the filters (each filter: any of its values; filters together: all). */
function conditions(f: SearchFilters, params: unknown[], skip?: Dimension): string[] {
  const add = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const out: string[] = [];
  // With a text query, `+ 0` keeps the planner off the year index: it would fetch every review of the
  // year and check each one's whole search_vector (read back from TOAST), 72 ms for 1,000 reviews at
  // 50 KB, where the GIN index finds the matches and the year is then checked on the row in 8 ms.
  if (f.year.length && skip !== 'year')
    out.push(`${f.q ? '(r.year + 0)' : 'r.year'} = ANY(${add(f.year)}::int[])`);
  if (f.area.length && skip !== 'area') out.push(`r.area = ANY(${add(f.area)}::text[])`);
  if (f.type.length && skip !== 'type') out.push(`r.review_type = ANY(${add(f.type)}::text[])`);
  if (f.ageBand.length && skip !== 'ageBand') out.push(`r.age_band = ANY(${add(f.ageBand)}::text[])`);
  if (f.theme.length && skip !== 'theme')
    out.push(`EXISTS (SELECT 1 FROM library_review_themes t WHERE t.library_review_id = r.id
                       AND t.status = 'confirmed' AND t.theme_code = ANY(${add(f.theme)}::text[]))`);
  return out;
}

/**
 * Whether PostgreSQL may read the search text as holding a phrase: quotes, and also words joined by
 * a hyphen, apostrophe, dot or slash ("co-sleeping" is 'co-sleep' <-> 'co' <-> 'sleep').
 */
export const mayHavePhrase = (q: string) => /[^\p{L}\p{N}\s]/u.test(q);

/** The query and filters as SQL: `$1` is always the search text. */
function whereOf(f: SearchFilters, skip?: Dimension) {
  const params: unknown[] = [f.q];
  const conds = conditions(f, params, skip);
  // A phrase is matched in two steps (migration 035): the index finds the reviews holding all its
  // words (the query loosened, so it reads no review's vector), then a passage holding the phrase
  // confirms each one; only a review no single passage confirms has its whole vector checked (as is
  // every review whose text holds a tag-like "<": see migration 035).
  // With a "not", the loose query is null and the exact query is used alone. Only letters, digits and
  // spaces never make a phrase, so such a query skips the passage test altogether.
  if (f.q && !mayHavePhrase(f.q)) conds.unshift(`r.search_vector @@ websearch_to_tsquery('english', $1)`);
  else if (f.q)
    conds.unshift(
      `r.search_vector @@ coalesce(library_loose_query(websearch_to_tsquery('english', $1)), websearch_to_tsquery('english', $1))`,
      `((SELECT library_loose_query(websearch_to_tsquery('english', $1))) IS NULL
        OR r.id IN (SELECT DISTINCT p.library_review_id FROM library_passages p
                     WHERE p.vector @@ websearch_to_tsquery('english', $1) AND p.confirms)
        OR ts_match_vq(r.search_vector, websearch_to_tsquery('english', $1)))`,
    );
  else conds.unshift(`$1::text = ''`);
  return { sql: conds.join(' AND '), params };
}

export function createLibraryRepository() {
  return {
    async insert(
      tx: Queryable,
      input: { fields: LibraryReviewFields; body: string; file?: ExtractedFile; addedBy: string | null },
    ): Promise<string> {
      const { fields: m, file } = input;
      const rows = await tx.query<{ id: string }>(
        `INSERT INTO library_reviews (title, area, year, review_type, age_band, outcome, source_url, body,
                                      file_name, content_type, size_bytes, sha256, content, added_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
        [
          m.title,
          m.area,
          m.year,
          m.reviewType,
          m.ageBand,
          m.outcome,
          m.sourceUrl,
          input.body,
          file?.fileName ?? null,
          file?.contentType ?? null,
          file?.content.length ?? null,
          file?.sha256 ?? null,
          file?.content ?? null,
          input.addedBy,
        ],
      );
      return rows[0]!.id;
    },

    /**
     * Adds or refreshes this partnership's own published report (one library entry per review): the
     * area is the partnership's local authority. Returns the id and whether it is new.
     */
    async upsertPartnershipReport(
      tx: Queryable,
      input: { reviewId: string; title: string; year: number; reviewType: LibraryReviewType; body: string },
    ): Promise<{ id: string; inserted: boolean }> {
      const rows = await tx.query<{ id: string; inserted: boolean }>(
        `INSERT INTO library_reviews (review_id, title, area, year, review_type, body)
         VALUES ($1, $2, coalesce((SELECT name FROM organisations WHERE type = 'local-authority'
                                    ORDER BY created_at, name LIMIT 1), ''), $3, $4, $5)
         ON CONFLICT (review_id) WHERE review_id IS NOT NULL DO UPDATE
           SET title = EXCLUDED.title, year = EXCLUDED.year, review_type = EXCLUDED.review_type,
               body = EXCLUDED.body, version = library_reviews.version + 1, updated_at = now()
         RETURNING id, (xmax = 0) AS inserted`,
        [input.reviewId, input.title, input.year, input.reviewType, input.body],
      );
      return rows[0]!;
    },

    async holdsFile(db: Queryable, sha256: string): Promise<{ id: string; title: string } | undefined> {
      return (
        await db.query<{ id: string; title: string }>(
          'SELECT id, title FROM library_reviews WHERE sha256 = $1',
          [sha256],
        )
      )[0];
    },

    async find(db: Queryable, id: string): Promise<LibraryReview | undefined> {
      return (await db.query<LibraryReview>(`${SELECT_REVIEW} WHERE r.id = $1`, [id]))[0];
    },

    async file(db: Queryable, id: string): Promise<LibraryFile | undefined> {
      const rows = await db.query<LibraryFile>(
        `SELECT file_name AS "fileName", content_type AS "contentType", content FROM library_reviews
          WHERE id = $1 AND content IS NOT NULL`,
        [id],
      );
      const row = rows[0];
      return row && { ...row, content: Buffer.from(row.content) };
    },

    async update(tx: Queryable, id: string, m: LibraryReviewFields, version: number): Promise<boolean> {
      const rows = await tx.query(
        `UPDATE library_reviews SET title = $3, area = $4, year = $5, review_type = $6, age_band = $7, outcome = $8,
                source_url = $9, version = version + 1, updated_at = now()
          WHERE id = $1 AND version = $2 RETURNING id`,
        [id, version, m.title, m.area, m.year, m.reviewType, m.ageBand, m.outcome, m.sourceUrl],
      );
      return rows.length === 1;
    },

    async remove(tx: Queryable, id: string): Promise<boolean> {
      return (await tx.query('DELETE FROM library_reviews WHERE id = $1 RETURNING id', [id])).length === 1;
    },

    async themeNames(db: Queryable): Promise<Record<string, string>> {
      const rows = await db.query<{ code: string; name: string }>('SELECT code, name FROM library_themes');
      return Object.fromEntries(rows.map((r) => [r.code, r.name]));
    },

    async options(db: Queryable) {
      return db.query<{ id: string; title: string; area: string; year: number | null }>(
        'SELECT id, title, area, year FROM library_reviews ORDER BY title, id',
      );
    },

    async summary(db: Queryable, id: string) {
      return (
        await db.query<{ id: string; title: string; area: string; year: number | null; reviewType: string }>(
          'SELECT id, title, area, year, review_type AS "reviewType" FROM library_reviews WHERE id = $1',
          [id],
        )
      )[0];
    },

    /**
     * Within the caller's transaction, steer the planner to the GIN indexes. It cannot keep statistics
     * on vectors this large and does not count the cost of reading each one, so it would otherwise scan
     * every review's whole vector for a rare word (measured: 270 ms at 10,000 × 50 KB, under 1 ms by index).
     * Turning off sequential scans makes its cost estimates huge, and above a cost PostgreSQL compiles
     * the statement (JIT): 430 ms spent to save nothing on a statement that runs in 20. So no JIT here.
     */
    async preferIndexes(tx: Queryable) {
      await tx.query(`SELECT set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true)`);
    },

    /**
     * One page of results. With a query: the candidates are capped at RANK_CAP (title matches
     * first, then newest) before ts_rank_cd reads their lead vectors; without one: newest first.
     */
    async search(db: Queryable, f: SearchFilters, paging: { page: number; pageSize: number }) {
      const { sql, params } = whereOf(f);
      const limit = `$${params.length + 1}`;
      const offset = `$${params.length + 2}`;
      const page = [...params, paging.pageSize, (paging.page - 1) * paging.pageSize];
      // One statement: the total (every match, through the GIN index on search_vector) and the page,
      // joined to a single row so a page past the end still brings the total (its columns are null).
      //
      // Candidates: reviews whose title matches (GIN on the title), then the newest text matches,
      // RANK_CAP in all; only they are ranked, on lead_vector (title and the first 2,000 characters,
      // a few KB) rather than the whole text's vector (migration 029). The snippet is made from `lead`
      // when the query's words occur there; otherwise from the first passage that matches (migration
      // 035); failing that (the words spread over passages, or only in the title) from a window around
      // the first place a query word occurs in the whole text, which reads the text back from TOAST
      // (ts_headline reads every word it is given, so never the whole text).
      const ranked = f.q
        ? `WITH q AS (SELECT websearch_to_tsquery('english', $1) AS query),
           words AS (SELECT array(SELECT DISTINCT w FROM (
                       SELECT unnest(tsvector_to_array(to_tsvector('english', $1))) AS w
                       UNION SELECT regexp_split_to_table(lower($1), '[^[:alnum:]]+')) x
                     WHERE length(w) > 1 AND w NOT IN ('or', 'and')) AS words),
           -- The words as one regular expression, every character but letters and digits escaped.
           terms AS (SELECT string_agg(regexp_replace(w, '([^[:alnum:]])', '\\\\\\1', 'g'), '|') AS pattern
                       FROM unnest((SELECT words FROM words)) w),
           -- Every match, once: the total and the newest candidates come from here, and the title matches
           -- are checked against it instead of reading their whole vectors again.
           matches AS MATERIALIZED (SELECT r.id, r.created_at FROM library_reviews r WHERE ${sql}),
           candidates AS (
             -- The title matches first, through the title's index (OFFSET 0 keeps the planner from
             -- walking every match instead and making each title's vector: 4 ms for 1,000 matches).
             (SELECT t.id FROM (SELECT r.id FROM library_reviews r
                                 WHERE to_tsvector('english', r.title) @@ (SELECT query FROM q) OFFSET 0) t
               WHERE t.id IN (SELECT id FROM matches)
               LIMIT ${RANK_CAP})
             UNION
             (SELECT id FROM matches ORDER BY created_at DESC LIMIT ${RANK_CAP})),
           hits AS (
             SELECT r.id, ts_rank_cd(r.lead_vector, (SELECT query FROM q)) AS rank, r.created_at
               FROM library_reviews r WHERE r.id IN (SELECT id FROM candidates)
              ORDER BY rank DESC, r.created_at DESC, r.id LIMIT ${limit} OFFSET ${offset}),
           found AS (
             SELECT r.id, r.title, r.area, r.year, r.review_type AS "reviewType", ${THEMES},
                    ts_headline('english',
                      CASE WHEN ts_filter(r.lead_vector, '{b}') @@ (SELECT query FROM q) THEN r.lead
                      ELSE coalesce(
                        (SELECT p.content FROM library_passages p
                          -- ts_match_vq is @@ that no index can answer: the review's passages are read
                          -- in order, not every passage in the library with the words (0.13 ms a result).
                          WHERE p.library_review_id = r.id AND ts_match_vq(p.vector, (SELECT query FROM q))
                          ORDER BY p.ordinal LIMIT 1),
                        substring(r.body FROM (
                        -- One case-insensitive scan for any of the words (escaped), not lower() of the whole text.
                        SELECT greatest(1, coalesce(nullif(regexp_instr(r.body, t.pattern, 1, 1, 0, 'i'), 0), 1) - 200)
                          FROM terms t) FOR 1200)) END,
                      (SELECT query FROM q),
                      '${HEADLINE}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "') AS "rawSnippet",
                    h.rank, h.created_at AS created
               FROM hits h JOIN library_reviews r ON r.id = h.id)
           SELECT c.total, p.id, p.title, p.area, p.year, p."reviewType", p.themes, p."rawSnippet"
             FROM (SELECT count(*)::int AS total FROM matches) c
             LEFT JOIN found p ON true
            ORDER BY p.rank DESC, p.created DESC, p.id`
        : `SELECT c.total, p.id, p.title, p.area, p.year, p."reviewType", p.themes, p."rawSnippet"
             FROM (SELECT count(*)::int AS total FROM library_reviews r WHERE ${sql}) c
             LEFT JOIN LATERAL (
               SELECT r.id, r.title, r.area, r.year, r.review_type AS "reviewType", ${THEMES},
                      left(r.lead, 240) AS "rawSnippet", r.created_at AS created
                 FROM library_reviews r WHERE ${sql}
                ORDER BY r.created_at DESC, r.id LIMIT ${limit} OFFSET ${offset}) p ON true
            ORDER BY p.created DESC, p.id`;
      const rows = await db.query<{ total: number } & { [K in keyof SearchHit]: SearchHit[K] | null }>(
        ranked,
        page,
      );
      const items = rows
        .filter((r): r is { total: number } & SearchHit => r.id !== null)
        .map((r): SearchHit => ({
          id: r.id,
          title: r.title,
          area: r.area,
          year: r.year,
          reviewType: r.reviewType,
          rawSnippet: r.rawSnippet,
          themes: r.themes,
        }));
      return { items, total: rows[0]?.total ?? 0 };
    },

    /** For each filter, how many results each value would give with the query and the other filters. */
    async facets(db: Queryable, f: SearchFilters): Promise<Facets> {
      const count = async (dim: Dimension, column: string) => {
        const { sql, params } = whereOf(f, dim);
        return db.query<FacetCount>(
          `SELECT ${column}::text AS value, count(*)::int AS count FROM library_reviews r
            WHERE ${sql} AND ${column} IS NOT NULL AND ${column}::text <> '' GROUP BY 1 ORDER BY 1`,
          params,
        );
      };
      const themes = async () => {
        const { sql, params } = whereOf(f, 'theme');
        return db.query<FacetCount & { name: string }>(
          `SELECT th.code AS value, th.name, count(*)::int AS count
             FROM library_reviews r
             JOIN library_review_themes t ON t.library_review_id = r.id AND t.status = 'confirmed'
             JOIN library_themes th ON th.code = t.theme_code
            WHERE ${sql} GROUP BY th.code, th.name, th.sort_order ORDER BY th.sort_order, th.name`,
          params,
        );
      };
      // One after another: they share the caller's transaction.
      const year = await count('year', 'r.year');
      const area = await count('area', 'r.area');
      const type = await count('type', 'r.review_type');
      const ageBand = await count('ageBand', 'r.age_band');
      const theme = await themes();
      return { year: year.reverse(), area, type, ageBand, theme };
    },

    /** Passages of a review where the query's terms occur, marked with the sentinels. */
    async occurrences(db: Queryable, id: string, q: string): Promise<string[]> {
      const rows = await db.query<{ passages: string | null; matches: boolean }>(
        `SELECT ts_headline('english', r.body, websearch_to_tsquery('english', $2),
                  '${HEADLINE}, MaxWords=35, MinWords=15, MaxFragments=30, FragmentDelimiter=${MARK_END}${MARK_END}${MARK_END}') AS passages,
                r.search_vector @@ websearch_to_tsquery('english', $2) AS matches
           FROM library_reviews r WHERE r.id = $1`,
        [id, q],
      );
      const row = rows[0];
      if (!row?.matches || !row.passages) return [];
      const delimiter = MARK_END.repeat(3);
      return row.passages.split(delimiter).filter((p) => p.includes(MARK_START));
    },

    async startImport(tx: Queryable, source: 'csv' | 'folder' | 'upload', total: number, by: string | null) {
      const rows = await tx.query<{ id: string }>(
        'INSERT INTO library_imports (source, total, started_by) VALUES ($1, $2, $3) RETURNING id',
        [source, total, by],
      );
      return rows[0]!.id;
    },

    async recordProgress(db: Queryable, id: string, failure?: { item: string; message: string }) {
      await db.query(
        `UPDATE library_imports SET done = done + $2, failed = failed + $3,
                errors = CASE WHEN $4::jsonb IS NULL THEN errors ELSE errors || $4::jsonb END, progressed_at = now()
          WHERE id = $1`,
        [id, failure ? 0 : 1, failure ? 1 : 0, failure ? JSON.stringify([failure]) : null],
      );
    },

    async finishImport(db: Queryable, id: string, status: 'finished' | 'failed') {
      await db.query(
        `UPDATE library_imports SET status = $2, finished_at = now(), progressed_at = now() WHERE id = $1`,
        [id, status],
      );
    },

    async findImport(db: Queryable, id: string): Promise<LibraryImport | undefined> {
      return (await db.query<LibraryImport>(`${SELECT_IMPORT} WHERE id = $1`, [id]))[0];
    },
  };
}
export type LibraryRepository = ReturnType<typeof createLibraryRepository>;
