import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createUser } from '../../../test/factories.ts';
import { createTestDb } from '../../../test/test-db.ts';
import type { Db } from '../../platform/db/index.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { createAuditRepository } from '../audit/index.ts';
import { createImportsRepository } from './imports.repository.ts';
import { createImportRunner } from './imports.runner.ts';
import type { ImportPlan } from './imports.types.ts';

const EMPTY_PLAN: ImportPlan = {
  totalRows: 600,
  problems: [],
  notes: [],
  reviews: [],
  recommendations: [],
  actions: [],
};

describe('createImportRunner', () => {
  let db: Db;
  let actor: Actor;
  before(async () => {
    db = await createTestDb();
    const user = await createUser(db, 'business-unit');
    actor = { ...user, name: 'Test', organisationName: 'Test', correlationId: 'test' };
  });
  after(() => db.close());

  it('keeps progress in memory, writes the checking count to the job row, and clears it when done', async () => {
    const imports = createImportsRepository();
    const id = await imports.insertJob(db, {
      createdBy: actor.id,
      fileName: 'plan.csv',
      content: Buffer.from('x'),
      totalRows: 600,
    });
    await imports.saveMapping(db, id, { columns: {}, defaultReviewType: 'scr' });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let reached!: () => void;
    const checking = new Promise<void>((resolve) => (reached = resolve));
    const runner = createImportRunner({
      db,
      imports,
      audit: createAuditRepository(),
      today: () => '2026-05-01',
      async planFor(_actor, _job, onProgress) {
        await onProgress(250);
        reached();
        await gate;
        return EMPTY_PLAN;
      },
    });
    const job = (await imports.findJob(db, id))!;
    assert.equal(await runner.start(actor, job), true);
    assert.equal(await runner.start(actor, job), false, 'a job runs once at a time');
    await checking;

    assert.deepEqual(runner.progressOf(id), { phase: 'checking', done: 250, total: 600 });
    const during = (await imports.findJob(db, id))!;
    assert.deepEqual([during.status, during.processedRows], ['importing', 250]);

    release();
    await runner.settled(id);
    assert.equal(runner.progressOf(id), undefined);
    const finished = (await imports.findJob(db, id))!;
    assert.deepEqual([finished.status, finished.processedRows, finished.importedRows], ['done', 600, 0]);
    assert.ok(finished.finishedAt);
  });
});
