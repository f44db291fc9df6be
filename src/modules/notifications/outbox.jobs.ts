import type { JobDefinition } from '../../platform/jobs/jobs.ts';
import type { OutboxService } from './outbox.service.ts';

/**
 * Delivers queued e-mail every minute, in batches until the queue is empty (at most 20 batches a
 * run, so one run cannot hold a worker for long). With no mail service configured it does nothing
 * and the messages stay for the business unit's outbox page.
 */
export function emailJobs(outbox: OutboxService, batchSize = 50): JobDefinition[] {
  return [
    {
      name: 'deliver-email',
      cron: '* * * * *',
      runAtStart: true,
      expireInSeconds: 10 * 60,
      async run() {
        for (let batch = 0; batch < 20; batch++) {
          const { claimed } = await outbox.deliverOutbox({ limit: batchSize });
          if (claimed < batchSize) return;
        }
      },
    },
  ];
}
