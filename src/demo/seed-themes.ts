import type { Queryable } from '../platform/db/index.ts';
import { createThemesRepository, suggestThemesFromText } from '../modules/themes/index.ts';

/** A suggestion scoring this much (e.g. two strong phrases, or three plain keywords) is confirmed in the demo. */
export const DEMO_CONFIRM_AT = 3;

/**
 * Suggests themes for the given library reviews (all of them when no ids are given) and confirms
 * the well-supported suggestions as the business unit manager, so the theme analysis has figures.
 * Run after the library's reviews are seeded, in the same transaction (it uses only the `db` it is
 * given). A theme someone has already decided is left as it is, so running it twice changes nothing;
 * reviews the demo did not add are left for a person to decide.
 */
export async function seedLibraryThemes(
  db: Queryable,
  reviewIds?: string[],
): Promise<{ reviews: number; suggested: number; confirmed: number }> {
  const repo = createThemesRepository();
  const themes = await repo.themes(db, { activeOnly: true });
  const reviews = await db.query<{ id: string; body: string }>(
    `SELECT id, body FROM library_reviews WHERE $1::uuid[] IS NULL OR id = ANY($1::uuid[])
      ORDER BY created_at, id`,
    [reviewIds ?? null],
  );
  const [manager] = await db.query<{ id: string }>(
    `SELECT id FROM users WHERE role = 'business-unit' AND active
      ORDER BY (lower(email) = 'manager@demo.lantern.test') DESC, created_at LIMIT 1`,
  );
  let suggested = 0;
  let confirmed = 0;
  for (const review of reviews) {
    const suggestions = suggestThemesFromText(review.body, themes);
    await repo.storeSuggestions(db, review.id, suggestions);
    suggested += suggestions.length;
    const decided = new Set(
      (await repo.reviewThemes(db, review.id)).filter((t) => t.status !== 'suggested').map((t) => t.code),
    );
    for (const s of suggestions) {
      if (s.score < DEMO_CONFIRM_AT || decided.has(s.code)) continue;
      await repo.decide(db, {
        id: review.id,
        code: s.code,
        status: 'confirmed',
        decidedBy: manager?.id ?? null,
      });
      confirmed++;
    }
  }
  return { reviews: reviews.length, suggested, confirmed };
}
