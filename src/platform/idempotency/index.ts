export { createIdempotencyRepository } from './idempotency.repository.ts';
export {
  createIdempotencyService,
  KEY_HOURS,
  type IdempotencyService,
  type KeyScope,
} from './idempotency.service.ts';
export { idempotencyJobs } from './idempotency.jobs.ts';
