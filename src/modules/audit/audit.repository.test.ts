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

  describe('search', () => {
    const insertAt = (at: string, label: string, event: string, subjectId: string) =>
      db.query(
        `INSERT INTO audit_events (at, actor_label, event, subject_type, subject_id) VALUES ($1, $2, $3, 'review', $4)`,
        [at, label, event, subjectId],
      );

    it('counts UK days: 00:30 on 1 June (BST) is 1 June, though it is 31 May in UTC', async () => {
      await insertAt('2026-05-31T23:30:00Z', 'bst-check', 'review.viewed', 'bst-1');
      await insertAt('2026-05-31T22:30:00Z', 'bst-check', 'review.viewed', 'bst-0');
      const june = await audit.search(
        db,
        { actor: 'bst-check', from: '2026-06-01' },
        { page: 1, pageSize: 10 },
      );
      assert.deepEqual(
        june.items.map((r) => r.subjectId),
        ['bst-1'],
      );
      const may = await audit.search(db, { actor: 'bst-check', to: '2026-05-31' }, { page: 1, pageSize: 10 });
      assert.deepEqual(
        may.items.map((r) => r.subjectId),
        ['bst-0'],
      );
    });

    it('matches text literally: % and _ in a filter are not wildcards', async () => {
      await insertAt('2026-01-01T00:00:00Z', 'pct 100% sure', 'review.viewed', 'pct-1');
      await insertAt('2026-01-01T00:00:00Z', 'pct 100x sure', 'review.viewed', 'pct-2');
      const found = await audit.search(db, { actor: '100%' }, { page: 1, pageSize: 10 });
      assert.deepEqual(
        found.items.map((r) => r.subjectId),
        ['pct-1'],
      );
      const family = await audit.search(
        db,
        { actor: 'pct', event: 'review.view' },
        { page: 1, pageSize: 10 },
      );
      assert.equal(family.total, 0, 'an event family is matched on whole dotted parts');
    });

    it('finds an actor by user id, and pages newest first with the total', async () => {
      const userId = '0b8a5a61-7d8f-4a43-9a8e-3f7c1f0f0b11';
      for (let i = 0; i < 3; i++) {
        await db.query(
          `INSERT INTO audit_events (at, actor_user_id, actor_label, event, subject_type, subject_id)
           VALUES ($1, $2, 'someone', 'review.viewed', 'review', $3)`,
          [`2026-02-0${i + 1}T12:00:00Z`, userId, `id-${i}`],
        );
      }
      const page = await audit.search(db, { actor: userId }, { page: 2, pageSize: 2 });
      assert.equal(page.total, 3);
      assert.deepEqual(
        page.items.map((r) => r.subjectId),
        ['id-0'],
      );
    });
  });
});
