import type { Db, Queryable } from '../../src/platform/db/index.ts';
import { createAuditRepository } from '../../src/modules/audit/index.ts';
import type { JobDefinition } from '../../src/platform/jobs/jobs.ts';
import {
  createNotificationsRepository,
  createNotificationsService,
  type NewNotification,
} from '../../src/modules/notifications/index.ts';
import {
  createRemindersRepository,
  createRemindersService,
  DEFAULT_REMINDER_POLICY,
} from '../../src/modules/reminders/index.ts';

export const JOB_TEST_TODAY = '2026-03-10';

/**
 * The production reminder service on `db`, as the real `reminders` job, with test timings: a run
 * presumed dead after 2 s and retried at once. `afterNotify` lets a test stop a worker mid-transaction.
 */
export function reminderJobsForTest(
  db: Db,
  hooks: { afterNotify?: () => Promise<void>; onRun?: () => Promise<void> } = {},
): JobDefinition[] {
  const notifications = createNotificationsService({
    db,
    notifications: createNotificationsRepository(),
    audit: createAuditRepository(),
  });
  const reminders = createRemindersService({
    db,
    reminders: createRemindersRepository(),
    policy: async () => DEFAULT_REMINDER_POLICY,
    today: () => JOB_TEST_TODAY,
    async notify(tx: Queryable, message: NewNotification) {
      const n = await notifications.notify(tx, message);
      await hooks.afterNotify?.();
      return n;
    },
  });
  return [
    {
      name: 'reminders',
      expireInSeconds: 2,
      retryDelaySeconds: 0,
      retryLimit: 5,
      async run() {
        await hooks.onRun?.();
        await reminders.run();
      },
    },
  ];
}
