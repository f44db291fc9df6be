/** Synthetic library reviews for `npm run bench:search` and `npm run data:national`, made in SQL. */
import type { Queryable } from '../src/platform/db/index.ts';

/** Words in about `kb` kilobytes of the generated text (7.5 characters a word with its space). */
export const wordsFor = (kb: number) => Math.round((kb * 1024) / 7.5);

/**
 * `reviews` library reviews of about `kb` KB each, generated in SQL in batches of 250: Zipf-like words
 * from a vocabulary, plus theme phrases ("safer sleep advice about co-sleeping" in every tenth,
 * "methadone programme" in every five-hundredth, both at the end of the text).
 */
export async function fillLibrary(db: Queryable, { reviews, kb }: { reviews: number; kb: number }) {
  const REVIEWS = reviews;
  const WORDS = wordsFor(kb);
  const vocabulary = Array.from({ length: 3000 }, (_, i) => {
    const syllables = ['ka', 'ro', 'mi', 'ten', 'sal', 'vor', 'de', 'lin', 'pa', 'stu', 'gri', 'mon'];
    let w = '';
    for (let n = i + 1; n > 0; n = Math.floor(n / 12)) w += syllables[n % 12];
    return w;
  });
  const common = [
    'assessment',
    'health',
    'visitor',
    'family',
    'baby',
    'mother',
    'father',
    'school',
    'referral',
    'agency',
  ];
  const words = [...common, ...vocabulary];
  const batch = 250;
  for (let start = 1; start <= REVIEWS; start += batch) {
    await db.query(
      `INSERT INTO library_reviews (title, area, year, review_type, age_band, outcome, body)
       SELECT 'Review ' || g || ': ' || ($3::text[])[1 + (g % 40)] || ' ' || ($3::text[])[1 + (g * 7 % 40)],
              (ARRAY['Northshire','Eastmoor','Riverton','Westford','Kingsmere','Harbury'])[1 + g % 6],
              2016 + g % 10, (ARRAY['lcspr','scr','learning-review'])[1 + g % 3], 'under-1', 'died',
              (SELECT string_agg(($3::text[])[1 + floor(array_length($3::text[], 1) * power(random(), 3))::int], ' ')
                 FROM generate_series(1, $4::int + g * 0))
              || CASE WHEN g % 10 = 0 THEN ' the family were given safer sleep advice about co-sleeping ' ELSE ' ' END
              || CASE WHEN g % 500 = 0 THEN ' the mother was on a methadone programme ' ELSE '' END
         FROM generate_series($1::int, $2::int) g`,
      [start, Math.min(start + batch - 1, REVIEWS), words, WORDS],
    );
    process.stderr.write(`\r${Math.min(start + batch - 1, REVIEWS)} of ${REVIEWS} reviews`);
  }
  process.stderr.write('\n');
  // Settled before anything is measured: autovacuum would otherwise start on the new rows mid-run.
  await db.exec('VACUUM ANALYZE library_reviews, library_passages');
}
