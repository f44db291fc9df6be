import type { Queryable } from '../../platform/db/index.ts';

/**
 * A library review inserted directly, for tests and browser tests of this module (the library
 * module owns the table and its upload journey).
 */
export async function insertLibraryReview(
  db: Queryable,
  r: { title: string; body: string; year?: number | null; area?: string },
): Promise<{ id: string }> {
  const rows = await db.query<{ id: string }>(
    `INSERT INTO library_reviews (title, body, year, area, review_type) VALUES ($1, $2, $3, $4, 'lcspr') RETURNING id`,
    [r.title, r.body, r.year ?? null, r.area ?? 'Northshire'],
  );
  return rows[0]!;
}

/** Passages of a fictional review about a baby who died while co-sleeping after parental drinking. */
export const CO_SLEEPING_REVIEW = [
  'Baby T was eight weeks old when he died. On the night of the incident Baby T was co-sleeping with his mother on the sofa.',
  'His mother had been drinking alcohol at a family celebration earlier that evening, and said she had drunk more than usual.',
  'The health visitor gave safer sleep advice at the new birth visit, but it was given to the mother only.',
  'The father was not seen by any professional, and the father’s own use of alcohol was not asked about.',
].join('\n');

/** Passages of a fictional review about neglect and housing, with no unsafe sleep. */
export const NEGLECT_REVIEW = [
  'Child M lived with her mother in temporary accommodation after an eviction.',
  'Professionals noted poor home conditions and missed appointments over two years, and the neglect was not recognised.',
  'Partner agencies met twice but information was not shared with the school.',
].join('\n');
