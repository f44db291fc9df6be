import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from '../../platform/db/index.ts';
import { startJobRunner, type JobRunner } from '../../platform/jobs/jobs.ts';
import { createTestDb } from '../../../test/test-db.ts';
import { createAuditChainService } from './audit-chain.service.ts';
import { auditJobs } from './audit.jobs.ts';
import { createAuditRepository } from './audit.repository.ts';

describe('audit jobs', () => {
  let db: Db;
  let runner: JobRunner | undefined;
  before(async () => {
    db = await createTestDb();
  });
  after(async () => {
    await runner?.stop();
    await db.close();
  });

  it('seal the audit rows an instance finds when it starts, and purge when sent', async () => {
    const audit = createAuditRepository();
    await db.query(
      `INSERT INTO audit_events (at, actor_label, event, subject_type) VALUES ('2001-01-01', 'old', 'x.y', 'z')`,
    );
    await audit.insert(db, { id: null, label: 'jobs test' }, { event: 'x.y', subjectType: 'z' });
    const chain = createAuditChainService({ db, audit, retentionYears: async () => 7 });
    runner = await startJobRunner(db, auditJobs(chain), { pollingIntervalSeconds: 0.5 });
    const unsealed = async () =>
      (
        await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_events WHERE chain_seq IS NULL')
      )[0]!.n;
    for (let i = 0; i < 60 && (await unsealed()) > 0; i++) await sleep(250);
    assert.equal(await unsealed(), 0, 'the start-up run sealed every row');

    await runner.send('audit-purge');
    const purged = async () =>
      (
        await db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_events WHERE actor_label = 'old'")
      )[0]!.n;
    for (let i = 0; i < 60 && (await purged()) > 0; i++) await sleep(250);
    assert.equal(await purged(), 0, 'the purge removed the row older than 7 years');
    assert.equal((await chain.verify()).ok, true);
  });
});
