import type { JobDefinition } from '../jobs/jobs.ts';
import type { IdempotencyService } from './idempotency.service.ts';

/** Expired idempotency keys are deleted every hour (they are refused as expired before that anyway). */
export function idempotencyJobs(idempotency: IdempotencyService): JobDefinition[] {
  return [
    { name: 'idempotency-purge', cron: '23 * * * *', run: () => idempotency.purge().then(() => undefined) },
  ];
}
