import type { JobDefinition } from '../../platform/jobs/jobs.ts';
import type { RetentionService } from './retention.service.ts';

/**
 * Nightly, after the audit purge: lists what is past its retention date. It only lists; a person
 * disposes. The lock inside `refreshDue` means two instances never scan at once, and a retried run
 * writes the same list.
 */
export function retentionJobs(retention: RetentionService): JobDefinition[] {
  return [
    {
      name: 'retention-scan',
      cron: '15 3 * * *',
      runAtStart: true,
      run: () => retention.refreshDue().then(() => undefined),
    },
  ];
}
