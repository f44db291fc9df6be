import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { createServices } from '../../composition.ts';
import { loadConfig } from '../../config.ts';
import type { Db, Queryable } from '../../platform/db/index.ts';
import { createRemindersRepository, createRemindersService } from '../reminders/index.ts';
import { statutoryDeadlineSource } from './reviews.reminders.ts';
import { createTestDb } from '../../../test/test-db.ts';
import { createReview, createUser } from '../../../test/factories.ts';

describe('statutory deadlines are chased for the business unit', () => {
  let db: Db;
  beforeEach(async () => {
    db = await createTestDb();
  });
  afterEach(() => db.close());

  function remindersOn(day: string) {
    const services = createServices(db, loadConfig({ NODE_ENV: 'test' }));
    const reminders = createRemindersRepository();
    const businessUnit = async (tx: Queryable) => (await reminders.businessUnit(tx)).map((u) => u.id);
    return createRemindersService({
      db,
      reminders,
      notify: services.notifications.notify,
      policy: () => services.clocks.policy(),
      today: () => day,
      sources: [statutoryDeadlineSource(services.reviews, businessUnit)],
    });
  }

  async function inbox(userId: string) {
    return db.query<{ kind: string; subject: string; link: string }>(
      'SELECT kind, subject, link FROM notifications WHERE user_id = $1 ORDER BY created_at',
      [userId],
    );
  }

  it('before the Panel notification is due, on the day, and once when it is missed; not after it is recorded', async () => {
    const manager = await createUser(db, 'business-unit');
    const partner = await createUser(db, 'organisation-lead');
    // Aware on Monday 2 March 2026: the Panel must be notified by Monday 9 March.
    const review = await createReview(db, {
      awareDate: '2026-03-02',
      incidentDate: '2026-03-01',
      subjectRef: 'C0',
    });
    await remindersOn('2026-03-03').run();
    await remindersOn('2026-03-09').run();
    await remindersOn('2026-03-10').run();
    await remindersOn('2026-03-11').run();
    const got = (await inbox(manager.id)).filter((n) => n.subject.includes('Notify the National Panel'));
    assert.deepEqual(
      got.map((n) => n.kind),
      ['deadline-due-soon', 'deadline-due-soon', 'deadline-overdue'],
    );
    assert.match(got[0]!.subject, /Due on 9 March 2026: Notify the National Panel \(C0\)/);
    assert.equal(got[0]!.link, `/reviews/${review.id}#deadlines`);
    assert.equal((await inbox(partner.id)).length, 0, 'partners are not told about the partnership’s clocks');

    // Recording the notification stops its clock: no more reminders for that step.
    await db.query(`UPDATE reviews SET panel_notified_date = '2026-03-11' WHERE id = $1`, [review.id]);
    const before = (await inbox(manager.id)).length;
    await remindersOn('2026-03-12').run();
    const after = await inbox(manager.id);
    assert.equal(after.filter((n) => n.subject.includes('Notify the National Panel')).length, 3);
    assert.ok(after.length >= before);
  });
});
