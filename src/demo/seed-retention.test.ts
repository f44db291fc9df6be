import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createServices } from '../composition.ts';
import { loadConfig } from '../config.ts';
import type { Db } from '../platform/db/index.ts';
import { demoActor } from '../../test/factories.ts';
import { createTestDb } from '../../test/test-db.ts';
import { seedDemo } from './index.ts';

describe('demo records due for disposal', () => {
  let db: Db;
  before(async () => {
    db = await createTestDb();
    await seedDemo(db, 'demo-password-for-test');
  });
  after(() => db.close());

  it('lists the Pellow family record, and nothing else of the demo', async () => {
    const services = createServices(db, loadConfig({ NODE_ENV: 'test' }));
    const actor = await demoActor(db, 'manager@demo.lantern.test');
    const { due } = await services.retention.overview(actor);
    assert.deepEqual(
      due.map((r) => [r.recordType, r.rule, r.peopleCount]),
      [['family', 'child-age', 2]],
    );
    // The scan at start-up finds the same two.
    assert.deepEqual(await services.retention.refreshDue(), { added: 0, removed: 0 });
  });
});
