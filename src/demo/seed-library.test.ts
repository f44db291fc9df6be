import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Db } from '../platform/db/index.ts';
import { createTestDb } from '../../test/test-db.ts';
import { seedDemo } from './index.ts';

describe('the demo library', () => {
  let db: Db;
  before(async () => {
    db = await createTestDb();
    await seedDemo(db, 'demo-password-for-test');
  });
  after(() => db.close());

  it('holds twelve fictional reviews of other areas, at least five about co-sleeping, findable by search', async () => {
    const rows = await db.query<{ area: string; year: number; words: number }>(
      `SELECT area, year, array_length(regexp_split_to_array(trim(body), '\\s+'), 1) AS words FROM library_reviews`,
    );
    assert.equal(rows.length, 12);
    for (const r of rows) {
      assert.notEqual(r.area, 'Brookvale');
      assert.ok(r.year >= 2016 && r.year <= 2025);
      assert.ok(r.words >= 600 && r.words <= 1500, `${r.area} ${r.year}: ${r.words} words`);
    }
    const [sleep] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM library_reviews WHERE search_vector @@ websearch_to_tsquery('english', 'co-sleeping OR "bed sharing" OR "sharing a bed"')`,
    );
    assert.ok(sleep!.n >= 5, `${sleep!.n} about co-sleeping`);
    const [confirmed] = await db.query<{ n: number }>(
      `SELECT count(DISTINCT library_review_id)::int AS n FROM library_review_themes WHERE theme_code = 'unsafe-sleep' AND status = 'confirmed'`,
    );
    assert.equal(confirmed!.n, 6);
  });
});
