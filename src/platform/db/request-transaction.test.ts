import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDb } from '../../../test/test-db.ts';
import type { Db } from './db.ts';
import { openRequestTransaction, withRequestTransactions } from './request-transaction.ts';
import { isDatabaseUnavailable } from './unavailable.ts';

/** Runs `work` as a request inside `tx` would: every query through `db` joins the transaction. */
const inRequest = <T>(tx: Awaited<ReturnType<typeof openRequestTransaction>>, work: () => Promise<T>) =>
  new Promise<T>((resolve, reject) => tx.enter(() => void work().then(resolve, reject)));

describe('request transactions', () => {
  let raw: Db;
  let db: Db;
  before(async () => {
    raw = await createTestDb();
    db = withRequestTransactions(raw);
    await raw.exec('CREATE TABLE rt_check (n int PRIMARY KEY)');
  });
  after(() => raw.close());
  const rows = async () =>
    (await raw.query<{ n: number }>('SELECT n FROM rt_check ORDER BY n')).map((r) => r.n);

  it('joins queries and service transactions to the request; a failing one is undone alone', async () => {
    await raw.exec('DELETE FROM rt_check');
    const tx = await openRequestTransaction(db);
    await inRequest(tx, async () => {
      await db.query('INSERT INTO rt_check VALUES (1)');
      // Statements issued at once are queued, not interleaved on the one connection.
      await Promise.all([2, 3, 4].map((n) => db.query('INSERT INTO rt_check VALUES ($1)', [n])));
      await assert.rejects(
        db.transaction(async (q) => {
          await q.query('INSERT INTO rt_check VALUES (5)');
          throw new Error('refused');
        }),
        /refused/,
      );
      // A failing statement (a unique violation a service turns into a 400, say) leaves the rest usable.
      await assert.rejects(db.query('INSERT INTO rt_check VALUES (1)'), /duplicate key/);
      await db.transaction(async (q) => {
        await q.query('INSERT INTO rt_check VALUES (6)');
        await db.query('INSERT INTO rt_check VALUES (7)'); // inside a service transaction: same one
      });
      assert.deepEqual(
        (await db.query<{ n: number }>('SELECT n FROM rt_check ORDER BY n')).map((r) => r.n),
        [1, 2, 3, 4, 6, 7],
      );
    });
    await tx.commit();
    assert.deepEqual(await rows(), [1, 2, 3, 4, 6, 7]);
  });

  it('a rolled-back request leaves nothing, and outside a request the database is used as before', async () => {
    await raw.exec('DELETE FROM rt_check');
    const tx = await openRequestTransaction(db);
    await inRequest(tx, () => db.transaction((q) => q.query('INSERT INTO rt_check VALUES (8)')));
    await tx.rollback();
    assert.deepEqual(await rows(), []);
    await db.query('INSERT INTO rt_check VALUES (9)');
    assert.deepEqual(await rows(), [9]);
  });

  it('on PostgreSQL, ends a request transaction left idle, keeping none of its writes', async (t) => {
    if (raw.kind !== 'postgres') return t.skip('PGlite has no idle-in-transaction timer');
    await raw.exec('DELETE FROM rt_check');
    const tx = await openRequestTransaction(db, { idleMs: 200 });
    await inRequest(tx, () => db.query('INSERT INTO rt_check VALUES (10)'));
    // A handler that stops answering: the server ends the transaction and its connection.
    await new Promise((resolve) => setTimeout(resolve, 800));
    // As an unreachable database: the request is answered 503, try again.
    await assert.rejects(tx.commit(), (err) => isDatabaseUnavailable(err));
    assert.deepEqual(await rows(), []);
    // The pool carries on with a fresh connection.
    await db.query('INSERT INTO rt_check VALUES (11)');
    assert.deepEqual(await rows(), [11]);
  });
});
