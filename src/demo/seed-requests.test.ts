import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createServices } from '../composition.ts';
import { loadConfig } from '../config.ts';
import type { Db } from '../platform/db/index.ts';
import { demoActor } from '../../test/factories.ts';
import { createTestDb } from '../../test/test-db.ts';
import { seedDemo } from './index.ts';

describe('the demo information requests', () => {
  let db: Db;
  before(async () => {
    db = await createTestDb();
    await seedDemo(db, 'demo-password-for-test');
  });
  after(() => db.close());

  it('gives Child Q’s review four requests: two returned, one open and one overdue', async () => {
    const services = createServices(db, loadConfig({ NODE_ENV: 'test' }));
    const manager = await demoActor(db, 'manager@demo.lantern.test');
    const [review] = await db.query<{ id: string }>("SELECT id FROM reviews WHERE subject_ref = 'Child Q'");
    const requests = await services.requests.listForReview(manager, review!.id);
    const words = requests.map((r) => r.statusText.replace(/^Returned .*/, 'Returned')).sort();
    assert.deepEqual(words, ['Not returned yet', 'Overdue', 'Returned', 'Returned']);
  });
});
