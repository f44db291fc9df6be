import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createServices } from '../composition.ts';
import { loadConfig } from '../config.ts';
import type { Db } from '../platform/db/index.ts';
import { createActor } from '../../test/factories.ts';
import { createTestDb } from '../../test/test-db.ts';
import {
  CO_SLEEPING_REVIEW,
  insertLibraryReview,
  NEGLECT_REVIEW,
} from '../modules/themes/themes.test-support.ts';
import { seedLibraryThemes } from './seed-themes.ts';

describe('demo library themes', () => {
  let db: Db;
  before(async () => {
    db = await createTestDb();
  });
  after(() => db.close());

  it('suggests themes for every library review and confirms the well-supported ones, once', async () => {
    const manager = await createActor(db, 'business-unit');
    const services = createServices(db, loadConfig({ NODE_ENV: 'test' }));
    const a = await insertLibraryReview(db, { title: 'Baby T', body: CO_SLEEPING_REVIEW, year: 2022 });
    await insertLibraryReview(db, { title: 'Child M', body: NEGLECT_REVIEW, year: 2021 });
    await services.themes.decide(manager, a.id, { theme: 'unsafe-sleep', decision: 'rejected' });

    const first = await db.transaction((tx) => seedLibraryThemes(tx));
    assert.equal(first.reviews, 2);
    assert.ok(first.confirmed >= 2);
    const { byYear, coOccurrence } = await services.themes.analysis(manager, {});
    assert.ok(byYear.some((c) => c.theme === 'parental-alcohol' && c.year === 2022));
    assert.ok(coOccurrence.length > 0);
    const view = await services.themes.reviewThemes(manager, a.id);
    assert.ok(
      view.rejected.some((t) => t.code === 'unsafe-sleep'),
      'a person’s decision is kept',
    );
    assert.ok(view.confirmed.every((t) => t.decidedByName === manager.name));

    const second = await seedLibraryThemes(db);
    assert.equal(second.confirmed, 0);
  });
});
