import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createServices, type Services } from '../../composition.ts';
import { loadConfig } from '../../config.ts';
import type { Db } from '../../platform/db/index.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { createTestDb } from '../../../test/test-db.ts';
import { createUser } from '../../../test/factories.ts';

describe('notifications', () => {
  let db: Db;
  let services: Services;
  before(async () => {
    db = await createTestDb();
    services = createServices(db, loadConfig({ NODE_ENV: 'test' }));
  });
  after(() => db.close());

  const actorOf = (u: { id: string; role: Actor['role']; organisationId: string; email: string }) =>
    ({ ...u, name: 'Test' }) as Actor;

  it('puts a notification in the inbox and an e-mail in the outbox in the same transaction', async () => {
    const owner = await createUser(db, 'organisation-lead');
    await db.transaction((tx) =>
      services.notifications.notify(tx, {
        userId: owner.id,
        kind: 'action-overdue',
        subject: 'Action 1.1 is overdue',
        body: 'It was due on 1 March 2026.',
        link: '/actions/x',
      }),
    );
    assert.equal(await services.notifications.unreadCount(actorOf(owner)), 1);
    const outbox = await db.query<{ to_address: string; body: string }>(
      'SELECT to_address, body FROM outbox WHERE user_id = $1',
      [owner.id],
    );
    assert.equal(outbox.length, 1);
    assert.equal(outbox[0]!.to_address, owner.email);
    assert.match(outbox[0]!.body, /Open it in Lantern: \/actions\/x/);
  });

  it('writes nothing when the transaction that caused it rolls back', async () => {
    const owner = await createUser(db, 'organisation-lead');
    await assert.rejects(
      db.transaction(async (tx) => {
        await services.notifications.notify(tx, {
          userId: owner.id,
          kind: 'action-due-today',
          subject: 'Due today',
          body: 'Due today.',
        });
        throw new Error('the reminder job failed');
      }),
    );
    assert.equal(await services.notifications.unreadCount(actorOf(owner)), 0);
    const outbox = await db.query('SELECT 1 FROM outbox WHERE user_id = $1', [owner.id]);
    assert.equal(outbox.length, 0);
  });

  it('sends no e-mail of a kind the user has turned off, but still fills the inbox', async () => {
    const owner = await createUser(db, 'organisation-lead');
    await db.query(
      `INSERT INTO notification_email_preferences (user_id, kind, email) VALUES ($1, 'weekly-digest', false)`,
      [owner.id],
    );
    await db.transaction((tx) =>
      services.notifications.notify(tx, {
        userId: owner.id,
        kind: 'weekly-digest',
        subject: 'Your week',
        body: 'Nothing due.',
      }),
    );
    assert.equal(await services.notifications.unreadCount(actorOf(owner)), 1);
    assert.equal((await db.query('SELECT 1 FROM outbox WHERE user_id = $1', [owner.id])).length, 0);
  });

  it('marks a notification read only for its own recipient', async () => {
    const owner = await createUser(db, 'organisation-lead');
    const other = await createUser(db, 'organisation-lead');
    const n = await db.transaction((tx) =>
      services.notifications.notify(tx, {
        userId: owner.id,
        kind: 'action-overdue',
        subject: 's',
        body: 'b',
      }),
    );
    await assert.rejects(services.notifications.markRead(actorOf(other), n.id), /not found/);
    await services.notifications.markRead(actorOf(owner), n.id);
    assert.equal(await services.notifications.unreadCount(actorOf(owner)), 0);
  });
});
