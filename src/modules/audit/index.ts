export { createAuditRepository, type AuditRepository } from './audit.repository.ts';
export type { AuditActor, AuditEvent, AuditFilters, AuditRow } from './audit.types.ts';
export {
  createAuditChainService,
  type AuditChainService,
  type ChainBreak,
  type ChainReport,
} from './audit-chain.service.ts';
export { describeChainReport } from './audit-chain.report.ts';
export { auditJobs } from './audit.jobs.ts';
export { auditActorOf } from './audit-actor.ts';
