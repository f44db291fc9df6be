import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Db } from '../../platform/db/index.ts';
import { createTestDb } from '../../../test/test-db.ts';
import { describeChainReport } from './audit-chain.report.ts';
import { createAuditChainService } from './audit-chain.service.ts';
import { createAuditRepository } from './audit.repository.ts';

const audit = createAuditRepository();
const system = { id: null, label: 'chain test' };

async function addRows(db: Db, n: number, at?: string) {
  for (let i = 0; i < n; i++) {
    await db.query(
      `INSERT INTO audit_events (at, actor_label, event, subject_type, subject_id, after, details)
       VALUES (coalesce($1::timestamptz, now()), 'chain test', 'review.viewed', 'review', $2,
               '{"b":1,"a":{"y":[1,2],"x":"é"}}', '{"z":null}')`,
      [at ?? null, `r-${i}`],
    );
  }
}

const idAtSeq = async (db: Db, seq: number) =>
  (await db.query<{ id: number }>('SELECT id FROM audit_events WHERE chain_seq = $1', [seq]))[0]!.id;

/** Tampering as a database superuser would: with the append-only trigger switched off. */
async function asSuperuser(db: Db, sql: string, params: unknown[] = []) {
  await db.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update');
  try {
    await db.query(sql, params);
  } finally {
    await db.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update');
  }
}

describe('tamper-evident audit chain', () => {
  let db: Db;
  let chain: ReturnType<typeof createAuditChainService>;
  let years = 7;
  beforeEach(async () => {
    db = await createTestDb();
    chain = createAuditChainService({ db, audit, retentionYears: async () => years });
  });
  afterEach(() => db.close());

  it('seals rows deterministically: the same rows give the same hashes in another database', async () => {
    await addRows(db, 5, '2026-01-02T03:04:05.123456Z');
    assert.equal(await chain.seal(), 5);
    assert.equal(await chain.seal(), 0, 'sealed rows are not sealed again');
    const other = await createTestDb();
    try {
      await addRows(other, 5, '2026-01-02T03:04:05.123456Z');
      await createAuditChainService({ db: other, audit }).seal();
      const hashes = (d: Db) =>
        d.query<{ seq: number; hash: string }>(
          'SELECT chain_seq AS seq, chain_hash AS hash FROM audit_events ORDER BY chain_seq',
        );
      const mine = await hashes(db);
      assert.deepEqual(await hashes(other), mine);
      assert.deepEqual(
        mine.map((r) => r.seq),
        [1, 2, 3, 4, 5],
      );
    } finally {
      await other.close();
    }
    const report = await chain.verify();
    assert.equal(report.ok, true);
    assert.equal(report.checkedRows, 5);
    assert.equal(report.broken, null);
    const { headline, lines } = describeChainReport(report);
    assert.equal(headline, 'The audit trail is intact: 5 rows checked.');
    assert.ok(lines.includes(`Last sealed row: chain position 5, hash ${report.lastHash}.`));
  });

  it('refuses casual changes: a sealed or unsealed row cannot be updated or deleted', async () => {
    await addRows(db, 2);
    await chain.seal();
    await addRows(db, 1);
    await assert.rejects(db.query("UPDATE audit_events SET event = 'x' WHERE chain_seq = 1"), /append-only/);
    await assert.rejects(
      db.query("UPDATE audit_events SET chain_hash = 'x' WHERE chain_seq = 1"),
      /append-only/,
    );
    await assert.rejects(
      db.query("UPDATE audit_events SET event = 'x' WHERE chain_seq IS NULL"),
      /append-only/,
    );
    await assert.rejects(db.query('DELETE FROM audit_events WHERE chain_seq = 1'), /append-only/);
    await assert.rejects(db.query('TRUNCATE audit_events'), /append-only/);
  });

  it('finds a changed row at its place in the chain', async () => {
    await addRows(db, 6);
    await chain.seal();
    await asSuperuser(db, `UPDATE audit_events SET actor_label = 'someone else' WHERE chain_seq = 4`);
    const report = await chain.verify();
    assert.equal(report.ok, false);
    assert.equal(report.broken?.chainSeq, 4);
    assert.equal(report.broken?.eventId, await idAtSeq(db, 4));
    assert.equal(report.broken?.problem, 'changed');
    assert.equal(report.checkedRows, 3);
    assert.match(
      describeChainReport(report).headline,
      /^The audit trail is broken at chain position 4 \(event \d+, recorded \d{4}-\d\d-\d\dT[\d:.]+Z\)\.$/,
    );
  });

  it('finds a change to a JSON detail, however its keys are ordered', async () => {
    await addRows(db, 3);
    await chain.seal();
    await asSuperuser(
      db,
      `UPDATE audit_events SET after = '{"a":{"x":"é","y":[1,2]},"b":1}' WHERE chain_seq = 2`,
    );
    assert.equal((await chain.verify()).ok, true, 'the same value with keys in another order is no change');
    await asSuperuser(
      db,
      `UPDATE audit_events SET after = '{"a":{"x":"é","y":[1,3]},"b":1}' WHERE chain_seq = 2`,
    );
    assert.equal((await chain.verify()).broken?.chainSeq, 2);
  });

  it('finds a deleted row as a gap in the chain', async () => {
    await addRows(db, 6);
    await chain.seal();
    const fourth = await idAtSeq(db, 4);
    await asSuperuser(db, 'DELETE FROM audit_events WHERE chain_seq = 3');
    const report = await chain.verify();
    assert.equal(report.broken?.problem, 'missing');
    assert.equal(report.broken?.chainSeq, 4);
    assert.equal(report.broken?.eventId, fourth);
    assert.match(report.broken!.message, /Chain position 3 is missing/);
  });

  it('finds two rows swapped in the chain', async () => {
    await addRows(db, 5);
    await chain.seal();
    await asSuperuser(db, 'UPDATE audit_events SET chain_seq = -2 WHERE chain_seq = 2');
    await asSuperuser(db, 'UPDATE audit_events SET chain_seq = 2 WHERE chain_seq = 3');
    await asSuperuser(db, 'UPDATE audit_events SET chain_seq = 3 WHERE chain_seq = -2');
    const report = await chain.verify();
    assert.equal(report.broken?.chainSeq, 2);
    assert.equal(report.broken?.problem, 'reordered');
  });

  it('still verifies after many concurrent audited writes sealed while they run', async () => {
    const writes = Array.from({ length: 60 }, (_, i) =>
      db.transaction((tx) =>
        audit.insert(tx, system, { event: 'flag.read', subjectType: 'person', subjectId: `p-${i}` }),
      ),
    );
    await Promise.all([...writes, chain.seal(), chain.seal()]);
    const report = await chain.verify();
    assert.equal(report.ok, true);
    assert.equal(report.checkedRows, 60);
    assert.equal(report.unsealedOld, 0);
  });

  it('never gives one place in the chain twice when two sealers run at once', async () => {
    await addRows(db, 1200);
    const [a, b] = await Promise.all([chain.seal(), chain.seal()]);
    assert.equal(a + b, 1200);
    const [counts] = await db.query<{ rows: number; seqs: number; max: number }>(
      'SELECT count(*)::int AS rows, count(DISTINCT chain_seq)::int AS seqs, max(chain_seq)::int AS max FROM audit_events',
    );
    assert.deepEqual(counts, { rows: 1200, seqs: 1200, max: 1200 });
    assert.equal((await chain.verify()).ok, true);
  });

  it('warns of rows that waited more than 5 minutes to be sealed', async () => {
    await addRows(db, 1);
    await db.query(
      `INSERT INTO audit_events (at, actor_label, event, subject_type) VALUES (now() - interval '10 minutes', 'x', 'e', 't')`,
    );
    const report = await chain.verify();
    assert.equal(report.unsealedOld, 1);
    assert.equal(report.sealedNow, 2);
    assert.equal(report.ok, true);
    assert.equal((await chain.verify()).unsealedOld, 0);
  });

  it('purges rows older than the retention period from the start of the chain, and verifies from the anchor', async () => {
    await addRows(db, 3, '2015-01-01T00:00:00Z');
    await addRows(db, 2, '2016-06-01T00:00:00Z');
    await addRows(db, 2);
    years = 7;
    assert.equal(await chain.purge(), 5);
    const [anchor] = await db.query<{ seq: number; rows: number }>(
      'SELECT chain_seq AS seq, purged_rows AS rows FROM audit_chain_anchor',
    );
    assert.deepEqual(anchor, { seq: 5, rows: 5 });
    const report = await chain.verify();
    assert.equal(report.ok, true);
    assert.equal(report.firstSeq, 6);
    assert.equal(report.checkedRows, 3, 'the two recent rows and the purge’s own audit row');
    assert.equal(await chain.purge(), 0, 'nothing more is old enough');

    await asSuperuser(db, 'DELETE FROM audit_events WHERE chain_seq = 6');
    const afterDelete = await chain.verify();
    assert.equal(afterDelete.broken?.problem, 'missing');
    assert.equal(afterDelete.broken?.chainSeq, 7);
  });

  it('detects a change to the first row after a purge', async () => {
    await addRows(db, 2, '2010-01-01T00:00:00Z');
    await addRows(db, 2);
    await chain.purge();
    await asSuperuser(db, `UPDATE audit_events SET subject_id = 'other' WHERE chain_seq = 3`);
    assert.equal((await chain.verify()).broken?.chainSeq, 3);
  });

  it('keeps an old row that follows a recent one in the chain, so only a whole prefix is removed', async () => {
    await addRows(db, 1, '2010-01-01T00:00:00Z');
    await addRows(db, 1);
    await addRows(db, 1, '2010-01-01T00:00:00Z');
    assert.equal(await chain.purge(), 1);
    assert.equal((await chain.verify()).ok, true);
  });
});
