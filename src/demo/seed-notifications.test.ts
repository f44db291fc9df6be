import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createServices } from '../composition.ts';
import { loadConfig } from '../config.ts';
import type { Db } from '../platform/db/index.ts';
import { createTestDb } from '../../test/test-db.ts';
import { loadDemoIfAsked } from './index.ts';

describe('the demo notifications', () => {
  let db: Db;
  before(async () => {
    db = await createTestDb();
    const services = createServices(db, loadConfig({ NODE_ENV: 'test' }));
    // As the server does: load the demo, then let the real reminder service send what is due.
    await loadDemoIfAsked(db, { loadDemo: true, demoPassword: 'demo-password-for-test' }, () =>
      services.reminders.run(),
    );
  });
  after(() => db.close());

  it('gives the demo people read history and unread reminders, each linking to a real record', async () => {
    const rows = await db.query<{ email: string; unread: number; read: number }>(
      `SELECT u.email, count(*) FILTER (WHERE n.read_at IS NULL)::int AS unread,
              count(*) FILTER (WHERE n.read_at IS NOT NULL)::int AS read
         FROM notifications n JOIN users u ON u.id = n.user_id GROUP BY u.email ORDER BY u.email`,
    );
    for (const who of ['trust.lead', 'manager']) {
      const row = rows.find((r) => r.email === `${who}@demo.lantern.test`);
      assert.ok(row && row.unread > 0 && row.read > 0, `${who} has read and unread notifications`);
    }
    assert.ok(rows.find((r) => r.email === 'hv@demo.lantern.test')?.read, 'the health visitor has history');
    const broken = await db.query(
      `SELECT link FROM notifications WHERE link IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM actions a WHERE '/actions/' || a.id = link)
          AND NOT EXISTS (SELECT 1 FROM information_requests q WHERE '/requests/' || q.id = link)
          AND NOT EXISTS (SELECT 1 FROM reviews r WHERE '/reviews/' || r.id || '#deadlines' = link)`,
    );
    assert.deepEqual(broken, []);
  });

  it('leaves the e-mails unsent in the outbox, as there is no mail service in the demo', async () => {
    const mail = await db.query<{ to: string; sentAt: Date | null }>(
      'SELECT DISTINCT to_address AS "to", sent_at AS "sentAt" FROM outbox ORDER BY to_address',
    );
    assert.ok(mail.some((m) => m.to === 'hv@demo.lantern.test'));
    assert.ok(mail.some((m) => m.to === 'trust.lead@demo.lantern.test'));
    assert.ok(mail.every((m) => m.sentAt === null));
  });
});
