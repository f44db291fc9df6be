import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from '../../platform/db/index.ts';
import { startJobRunner, type JobRunner } from '../../platform/jobs/jobs.ts';
import { createTestDb } from '../../../test/test-db.ts';
import { createAuditRepository } from '../audit/index.ts';
import { createDisposalRepository } from './disposal.repository.ts';
import { retentionJobs } from './retention.jobs.ts';
import { createRetentionRepository } from './retention.repository.ts';
import { createRetentionService } from './retention.service.ts';
import { countRows, createRecordedFamily } from './retention.test-support.ts';

describe('the retention scan job', () => {
  let db: Db;
  const runners: JobRunner[] = [];
  before(async () => {
    db = await createTestDb();
  });
  after(async () => {
    for (const r of runners) await r.stop();
    await db.close();
  });

  it('runs when instances start and again when sent, listing each record once however many run it', async () => {
    const { familyId } = await createRecordedFamily(db, { enteredOn: '2001-01-01' });
    const service = () =>
      createRetentionService({
        db,
        retention: createRetentionRepository(),
        disposal: createDisposalRepository(),
        audit: createAuditRepository(),
        policy: async () => ({
          reviewRetentionYears: 15,
          familyRecordChildAge: 25,
          familyRecordYearsAfterLastEntry: 8,
        }),
      });
    // Two instances, each with its own worker on the one queue.
    for (let i = 0; i < 2; i++)
      runners.push(await startJobRunner(db, retentionJobs(service()), { pollingIntervalSeconds: 0.5 }));
    const listed = () => countRows(db, 'retention_due WHERE record_id = $1', [familyId]);
    for (let i = 0; i < 60 && (await listed()) === 0; i++) await sleep(250);
    assert.equal(await listed(), 1, 'the start-up run listed the family record');

    await runners[0]!.send('retention-scan');
    await runners[1]!.send('retention-scan');
    const completed = async () =>
      countRows(db, `pgboss.job WHERE name = 'retention-scan' AND state = 'completed'`);
    for (let i = 0; i < 60 && (await completed()) < 2; i++) await sleep(250);
    assert.ok((await completed()) >= 2, 'both sent runs finished');
    assert.equal(await listed(), 1);
    assert.equal(
      await countRows(db, `audit_events WHERE event = 'retention.listed'`),
      1,
      'only the first run changed the list',
    );
  });
});
