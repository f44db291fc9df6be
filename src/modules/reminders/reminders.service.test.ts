import assert from 'node:assert/strict';
import { createAuditRepository } from '../audit/index.ts';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { addDays } from '../../platform/clock.ts';
import type { Db, Queryable } from '../../platform/db/index.ts';
import {
  createNotificationsRepository,
  createNotificationsService,
  type NewNotification,
} from '../notifications/index.ts';
import { createRemindersRepository } from './reminders.repository.ts';
import { DEFAULT_REMINDER_POLICY } from './reminders.rules.ts';
import { createRemindersService } from './reminders.service.ts';
import { createTestDb } from '../../../test/test-db.ts';
import { createOrganisation, createReviewWithAction, createUser } from '../../../test/factories.ts';

const TODAY = '2026-03-10'; // a Tuesday

describe('reminders and escalation', () => {
  let db: Db;
  beforeEach(async () => {
    db = await createTestDb();
  });
  afterEach(() => db.close());

  function remindersOn(day: string, notify?: (tx: Queryable, m: NewNotification) => Promise<unknown>) {
    const notifications = createNotificationsService({
      db,
      notifications: createNotificationsRepository(),
      audit: createAuditRepository(),
    });
    return createRemindersService({
      db,
      reminders: createRemindersRepository(),
      notify: notify ?? notifications.notify,
      policy: async () => DEFAULT_REMINDER_POLICY,
      today: () => day,
    });
  }

  async function inbox(userId: string) {
    return db.query<{ kind: string; subject: string; body: string; link: string }>(
      'SELECT kind, subject, body, link FROM notifications WHERE user_id = $1 ORDER BY created_at, kind',
      [userId],
    );
  }

  async function partnership() {
    const org = await createOrganisation(db, 'nhs-trust', 'Brookvale Test Trust');
    const owner = await createUser(db, 'practitioner', org.id);
    const lead = await createUser(db, 'organisation-lead', org.id);
    const manager = await createUser(db, 'business-unit');
    return { org, owner, lead, manager };
  }

  it('reminds the owner a week before the due date, once however often the job runs', async () => {
    const { org, owner, lead } = await partnership();
    const { action } = await createReviewWithAction(db, org.id, {
      ownerUserId: owner.id,
      dueDate: addDays(TODAY, 5),
    });
    const first = await remindersOn(TODAY).run();
    await remindersOn(TODAY).run();
    await remindersOn(addDays(TODAY, 1)).run();
    assert.equal(first.sent, 1);
    const got = await inbox(owner.id);
    assert.equal(got.length, 1);
    assert.equal(got[0]!.kind, 'action-due-soon');
    assert.equal(got[0]!.link, `/actions/${action.id}`);
    assert.match(got[0]!.subject, /Action due on 15 March 2026: Child Q, recommendation 1/);
    assert.equal((await inbox(lead.id)).length, 0);
  });

  it('reminds on the due date, then escalates to the lead and later to the business unit', async () => {
    const { org, owner, lead, manager } = await partnership();
    await createReviewWithAction(db, org.id, { ownerUserId: owner.id, dueDate: TODAY });
    await remindersOn(TODAY).run();
    assert.deepEqual(
      (await inbox(owner.id)).map((n) => n.kind),
      ['action-due-today'],
    );

    await remindersOn(addDays(TODAY, 1)).run();
    assert.deepEqual(
      (await inbox(owner.id)).map((n) => n.kind),
      ['action-due-today', 'action-overdue'],
    );
    assert.deepEqual(
      (await inbox(lead.id)).map((n) => n.kind),
      ['action-escalated'],
    );
    assert.equal((await inbox(manager.id)).length, 0);

    await remindersOn(addDays(TODAY, 14)).run();
    assert.equal((await inbox(manager.id)).length, 0, 'the business unit waits the further 14 days');
    await remindersOn(addDays(TODAY, 15)).run();
    await remindersOn(addDays(TODAY, 20)).run();
    const escalated = await inbox(manager.id);
    assert.deepEqual(
      escalated.map((n) => n.kind),
      ['action-escalated'],
    );
    assert.match(escalated[0]!.body, /Brookvale Test Trust/);
    assert.equal((await inbox(owner.id)).length, 2);
    assert.equal((await inbox(lead.id)).length, 1);
  });

  it('sends what a stopped job missed, but not stale "due soon" reminders', async () => {
    const { org, owner, lead, manager } = await partnership();
    await createReviewWithAction(db, org.id, { ownerUserId: owner.id, dueDate: addDays(TODAY, -30) });
    await remindersOn(TODAY).run();
    assert.deepEqual(
      (await inbox(owner.id)).map((n) => n.kind),
      ['action-overdue'],
    );
    assert.equal((await inbox(lead.id)).length, 1);
    assert.equal((await inbox(manager.id)).length, 1);
  });

  it('tells the organisation leads when an action has no owner, and nobody about closed actions', async () => {
    const { org, lead } = await partnership();
    await createReviewWithAction(db, org.id, { dueDate: TODAY });
    await createReviewWithAction(db, org.id, { dueDate: addDays(TODAY, -3), status: 'closed' });
    await remindersOn(TODAY).run();
    assert.deepEqual(
      (await inbox(lead.id)).map((n) => n.kind),
      ['action-due-today'],
    );
  });

  it('reminds again when the due date is moved', async () => {
    const { org, owner } = await partnership();
    const { action } = await createReviewWithAction(db, org.id, { ownerUserId: owner.id, dueDate: TODAY });
    await remindersOn(TODAY).run();
    await db.query('UPDATE actions SET due_date = $2 WHERE id = $1', [action.id, addDays(TODAY, 14)]);
    await remindersOn(addDays(TODAY, 14)).run();
    assert.deepEqual(
      (await inbox(owner.id)).map((n) => n.kind),
      ['action-due-today', 'action-due-today'],
    );
  });

  it('sends nothing of a reminder whose transaction fails, and all of it on the next run', async () => {
    const { org, owner, lead } = await partnership();
    const secondLead = await createUser(db, 'organisation-lead', org.id);
    await createReviewWithAction(db, org.id, { ownerUserId: owner.id, dueDate: addDays(TODAY, -2) });
    const real = createNotificationsService({
      db,
      notifications: createNotificationsRepository(),
      audit: createAuditRepository(),
    });
    let calls = 0;
    const failing = async (tx: Queryable, m: NewNotification) => {
      // The escalation goes to two leads: fail after the first is written.
      if (m.kind === 'action-escalated' && ++calls === 2) throw new Error('mail queue unavailable');
      return real.notify(tx, m);
    };
    await assert.rejects(remindersOn(TODAY, failing).run(), /mail queue unavailable/);
    assert.equal((await inbox(lead.id)).length + (await inbox(secondLead.id)).length, 0);
    await remindersOn(TODAY).run();
    assert.equal((await inbox(lead.id)).length, 1);
    assert.equal((await inbox(secondLead.id)).length, 1);
    assert.deepEqual(
      (await inbox(owner.id)).map((n) => n.kind),
      ['action-overdue'],
    );
  });

  it('sends each reminder once when runs overlap', async () => {
    const { org, owner, lead, manager } = await partnership();
    for (let i = 0; i < 5; i++)
      await createReviewWithAction(db, org.id, { ownerUserId: owner.id, dueDate: addDays(TODAY, -20 - i) });
    const runs = await Promise.all([1, 2, 3, 4].map(() => remindersOn(TODAY).run()));
    assert.equal(
      runs.reduce((n, r) => n + r.sent, 0),
      15,
      '5 actions × overdue, lead, business unit',
    );
    assert.equal((await inbox(owner.id)).length, 5);
    assert.equal((await inbox(lead.id)).length, 5);
    assert.equal((await inbox(manager.id)).length, 5);
  });

  it('sends a weekly digest once a week to people with something open', async () => {
    const { org, owner, lead, manager } = await partnership();
    const idle = await createUser(db, 'practitioner', org.id);
    await createReviewWithAction(db, org.id, {
      ownerUserId: owner.id,
      dueDate: addDays(TODAY, -1),
      description: 'Share the safer-sleep briefing with every midwife',
    });
    await createReviewWithAction(db, org.id, { ownerUserId: owner.id, dueDate: addDays(TODAY, 10) });
    await remindersOn(TODAY).sendWeeklyDigests();
    await remindersOn(addDays(TODAY, 2)).sendWeeklyDigests(); // same week
    const digests = (await inbox(owner.id)).filter((n) => n.kind === 'weekly-digest');
    assert.equal(digests.length, 1);
    assert.match(digests[0]!.subject, /week beginning 9 March 2026/);
    assert.match(digests[0]!.body, /Overdue \(1\):\n- Child Q 1: Share the safer-sleep briefing/);
    assert.match(digests[0]!.body, /Due in the next 2 weeks \(1\)/);
    assert.equal((await inbox(lead.id)).length, 1, 'the lead sees the organisation’s actions');
    assert.match((await inbox(manager.id))[0]!.body, /Across the partnership, 1 action is overdue/);
    assert.equal((await inbox(idle.id)).length, 0);
    await remindersOn(addDays(TODAY, 7)).sendWeeklyDigests(); // next week
    assert.equal((await inbox(owner.id)).filter((n) => n.kind === 'weekly-digest').length, 2);
  });
});
