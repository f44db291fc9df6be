import assert from 'node:assert/strict';
import { createAuditRepository } from '../audit/index.ts';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { createServices } from '../../composition.ts';
import { loadConfig } from '../../config.ts';
import { addDays } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import { createNotificationsRepository, createNotificationsService } from '../notifications/index.ts';
import {
  createRemindersRepository,
  createRemindersService,
  DEFAULT_REMINDER_POLICY,
} from '../reminders/index.ts';
import { requestReminderSource } from './requests.reminders.ts';
import { createTestDb } from '../../../test/test-db.ts';
import { createOrganisation, createReview, createUser } from '../../../test/factories.ts';

const TODAY = '2026-03-10';

describe('information requests are chased automatically', () => {
  let db: Db;
  beforeEach(async () => {
    db = await createTestDb();
  });
  afterEach(() => db.close());

  function remindersOn(day: string) {
    const services = createServices(db, loadConfig({ NODE_ENV: 'test' }));
    const reminders = createRemindersRepository();
    return createRemindersService({
      db,
      reminders,
      notify: createNotificationsService({
        db,
        notifications: createNotificationsRepository(),
        audit: createAuditRepository(),
      }).notify,
      policy: async () => DEFAULT_REMINDER_POLICY,
      today: () => day,
      sources: [
        requestReminderSource(
          services.requests,
          async (tx) => (await reminders.businessUnit(tx)).map((u) => u.id),
          db,
        ),
      ],
    });
  }

  async function kinds(userId: string) {
    const rows = await db.query<{ kind: string; link: string }>(
      'SELECT kind, link FROM notifications WHERE user_id = $1 ORDER BY created_at',
      [userId],
    );
    return rows.map((r) => r.kind);
  }

  async function request(dueDate: string, status = 'sent') {
    const org = await createOrganisation(db, 'police');
    const lead = await createUser(db, 'organisation-lead', org.id);
    const manager = await createUser(db, 'business-unit');
    const review = await createReview(db);
    await db.query(
      `INSERT INTO information_requests (review_id, organisation_id, asks, due_date, status, requested_by)
       VALUES ($1, $2, ARRAY['chronology'], $3, $4, $5)`,
      [review.id, org.id, dueDate, status, manager.id],
    );
    return { lead, manager };
  }

  it('reminds the leads before the due date and chases them when the return is late, weekly', async () => {
    const { lead, manager } = await request(addDays(TODAY, 2));
    await remindersOn(TODAY).run();
    assert.deepEqual(await kinds(lead.id), ['request-due-soon']);
    await remindersOn(addDays(TODAY, 3)).run();
    await remindersOn(addDays(TODAY, 3)).run();
    assert.deepEqual(await kinds(lead.id), ['request-due-soon', 'request-overdue'], 'chased once when late');
    await remindersOn(addDays(TODAY, 10)).run();
    assert.deepEqual(
      await kinds(lead.id),
      ['request-due-soon', 'request-overdue', 'request-overdue'],
      'a week later',
    );
    assert.deepEqual(await kinds(manager.id), []);
    await remindersOn(addDays(TODAY, 18)).run();
    assert.deepEqual(
      await kinds(manager.id),
      ['request-escalated'],
      'the business unit after the further period',
    );
  });

  it('stops chasing once the return is sent', async () => {
    const { lead } = await request(addDays(TODAY, -5), 'returned');
    await remindersOn(TODAY).run();
    assert.deepEqual(await kinds(lead.id), []);
  });
});
