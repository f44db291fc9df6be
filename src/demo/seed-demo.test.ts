import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Db } from '../platform/db/index.ts';
import { createTestDb } from '../../test/test-db.ts';
import { loadDemoIfAsked, seedDemo } from './index.ts';

describe('the demo partnership', () => {
  let db: Db;
  before(async () => {
    db = await createTestDb();
  });
  after(() => db.close());

  it('loads into an empty database, with the contract’s accounts and actions in every state', async () => {
    const printed = await loadDemoIfAsked(db, { loadDemo: true, demoPassword: 'demo-password-for-test' });
    assert.match(printed ?? '', /password for all: demo-password-for-test/);
    assert.match(printed ?? '', /manager@demo\.lantern\.test/);
    const emails = (await db.query<{ email: string }>('SELECT email FROM users')).map((u) => u.email);
    for (const email of [
      'manager',
      'la.lead',
      'police.lead',
      'icb.lead',
      'trust.lead',
      'gp.lead',
      'hv',
      'board',
    ]) {
      assert.ok(emails.includes(`${email}@demo.lantern.test`), `${email} is missing`);
    }
    const statuses = (
      await db.query<{ status: string }>('SELECT DISTINCT status FROM actions ORDER BY status')
    ).map((r) => r.status);
    assert.deepEqual(statuses, ['awaiting-evidence', 'closed', 'in-progress', 'not-started']);
    const owned = await db.query(
      `SELECT 1 FROM actions a JOIN users u ON u.id = a.owner_user_id WHERE u.email IN ('gp.lead@demo.lantern.test', 'hv@demo.lantern.test')`,
    );
    assert.ok(owned.length >= 2, 'the GP lead and the health visitor each own an action');
    const reviews = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM reviews');
    assert.equal(reviews[0]!.n, 2);
  });

  it('never touches a database that holds data, and prints the same sign-ins on a restart', async () => {
    assert.equal(await seedDemo(db, 'another-password'), false);
    const again = await loadDemoIfAsked(db, { loadDemo: true, demoPassword: undefined });
    assert.match(again ?? '', /password for all: demo-password-for-test/);
    const reviews = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM reviews');
    assert.equal(reviews[0]!.n, 2);
  });
});
