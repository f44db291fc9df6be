import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Db } from '../platform/db/index.ts';
import { createTestDb } from '../../test/test-db.ts';
import { seedDemo } from './index.ts';

describe('the demo notifications', () => {
  let db: Db;
  before(async () => {
    db = await createTestDb();
    await seedDemo(db, 'demo-password-for-test');
  });
  after(() => db.close());

  it('gives the demo people read and unread notifications, each linking to a real action', async () => {
    const rows = await db.query<{ email: string; unread: number; read: number }>(
      `SELECT u.email, count(*) FILTER (WHERE n.read_at IS NULL)::int AS unread,
              count(*) FILTER (WHERE n.read_at IS NOT NULL)::int AS read
         FROM notifications n JOIN users u ON u.id = n.user_id GROUP BY u.email ORDER BY u.email`,
    );
    for (const who of ['trust.lead', 'hv', 'manager']) {
      const row = rows.find((r) => r.email === `${who}@demo.lantern.test`);
      assert.ok(row && row.unread > 0 && row.read > 0, `${who} has read and unread notifications`);
    }
    const broken = await db.query(
      `SELECT link FROM notifications WHERE link IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM actions a WHERE '/actions/' || a.id = link)`,
    );
    assert.deepEqual(broken, []);
  });

  it('leaves two e-mails unsent in the outbox', async () => {
    const mail = await db.query<{ to: string; sentAt: Date | null }>(
      'SELECT to_address AS "to", sent_at AS "sentAt" FROM outbox ORDER BY to_address',
    );
    assert.deepEqual(
      mail.map((m) => [m.to, m.sentAt]),
      [
        ['hv@demo.lantern.test', null],
        ['trust.lead@demo.lantern.test', null],
      ],
    );
  });
});
