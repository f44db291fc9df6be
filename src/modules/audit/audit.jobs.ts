import type { JobDefinition } from '../../platform/jobs/jobs.ts';
import type { AuditChainService } from './audit-chain.service.ts';

/**
 * Sealing runs every minute (and at start), so rows are chained within a minute or two of being
 * written; the advisory lock inside `seal` means two instances never seal at once. The retention
 * purge runs nightly.
 */
export function auditJobs(chain: AuditChainService): JobDefinition[] {
  return [
    {
      name: 'audit-seal',
      cron: '* * * * *',
      runAtStart: true,
      expireInSeconds: 300,
      run: () => chain.seal().then(() => undefined),
    },
    { name: 'audit-purge', cron: '45 2 * * *', run: () => chain.purge().then(() => undefined) },
  ];
}
