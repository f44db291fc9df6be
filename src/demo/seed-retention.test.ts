import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createServices } from '../composition.ts';
import { loadConfig } from '../config.ts';
import type { Db } from '../platform/db/index.ts';
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
    const [manager] = await db.query<{ id: string; organisationId: string; email: string }>(
      `SELECT id, organisation_id AS "organisationId", email FROM users WHERE email = 'manager@demo.lantern.test'`,
    );
    const actor = {
      ...manager!,
      role: 'business-unit' as const,
      name: 'Manager',
      organisationName: 'Partnership',
      correlationId: 't',
    };
    const { due } = await services.retention.overview(actor);
    assert.deepEqual(
      due.map((r) => [r.recordType, r.rule, r.peopleCount]),
      [['family', 'child-age', 2]],
    );
    // The scan at start-up finds the same two.
    assert.deepEqual(await services.retention.refreshDue(), { added: 0, removed: 0 });
  });
});
