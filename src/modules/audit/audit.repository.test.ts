import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Db } from '../../platform/db/index.ts';
import { createTestDb } from '../../../test/test-db.ts';
import { createAuditRepository } from './audit.repository.ts';

describe('audit log', () => {
  let db: Db;
  const audit = createAuditRepository();
  before(async () => {
    db = await createTestDb();
  });
  after(() => db.close());

  it('records who did what to which record, with before and after', async () => {
    await audit.insert(
      db,
      { id: null, label: 'system', correlationId: 'req-1' },
      {
        event: 'review.updated',
        subjectType: 'review',
        subjectId: 'r-1',
        before: { summary: 'old' },
        after: { summary: 'new' },
      },
    );
    const [row] = await audit.listForSubject(db, 'review', 'r-1');
    assert.equal(row?.event, 'review.updated');
    assert.equal(row?.correlationId, 'req-1');
    assert.deepEqual(row?.before, { summary: 'old' });
    assert.deepEqual(row?.after, { summary: 'new' });
  });

  it('refuses to change or delete a row once written (append-only)', async () => {
    await audit.insert(
      db,
      { id: null, label: 'system' },
      { event: 'review.viewed', subjectType: 'review', subjectId: 'r-2' },
    );
    await assert.rejects(
      db.query("UPDATE audit_events SET event = 'tampered' WHERE subject_id = 'r-2'"),
      /append-only/,
    );
    await assert.rejects(db.query("DELETE FROM audit_events WHERE subject_id = 'r-2'"), /append-only/);
    await assert.rejects(db.query('TRUNCATE audit_events'), /append-only/);
    const rows = await audit.listForSubject(db, 'review', 'r-2');
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.event, 'review.viewed');
  });

  it('writes nothing when the transaction that made the change rolls back', async () => {
    await assert.rejects(
      db.transaction(async (tx) => {
        await audit.insert(
          tx,
          { id: null, label: 'system' },
          { event: 'action.updated', subjectType: 'action', subjectId: 'a-1' },
        );
        throw new Error('the change failed');
      }),
      /the change failed/,
    );
    assert.equal((await audit.listForSubject(db, 'action', 'a-1')).length, 0);
  });
});
