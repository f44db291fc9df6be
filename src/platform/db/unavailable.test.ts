import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDatabaseUnavailable, survivingDatabaseOutages } from './unavailable.ts';

const withCode = (code: string, message = 'boom') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it('recognises SQLSTATE class 08, connection exception', () => {
    for (const code of ['08000', '08003', '08006', '08001', '08004', '08P01'])
      assert.equal(isDatabaseUnavailable(withCode(code)), true, code);
  });

  it('recognises the server shutting down, crashing or not yet taking connections', () => {
    for (const code of ['57P01', '57P02', '57P03'])
      assert.equal(isDatabaseUnavailable(withCode(code)), true, code);
  });

  it("recognises Node's socket errors", () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT'])
      assert.equal(isDatabaseUnavailable(withCode(code)), true, code);
  });

  it("recognises pg's messages for a dropped or timed-out connection, even with text added", () => {
    for (const message of [
      'Connection terminated unexpectedly',
      'Connection terminated due to connection timeout',
      'timeout exceeded when trying to connect',
      'Client has encountered a connection error and is not queryable',
      'Connection terminated unexpectedly (Queue: audit-seal, Worker: 0b9e…)',
    ])
      assert.equal(isDatabaseUnavailable(new Error(message)), true, message);
  });

  it('looks inside AggregateError and cause', () => {
    const refused = new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')], '');
    assert.equal(isDatabaseUnavailable(refused), true);
    assert.equal(isDatabaseUnavailable(new Error('job failed', { cause: withCode('57P01') })), true);
  });

  it('leaves every other failure alone: SQL errors, domain errors, non-errors', () => {
    for (const err of [
      withCode('23505', 'duplicate key value violates unique constraint'),
      withCode('42P01', 'relation "nope" does not exist'),
      withCode('40001', 'could not serialize access'),
      withCode('57014', 'canceling statement due to statement timeout'),
      withCode('ENOENT'),
      new Error('Connection terminated'), // our own pool.end() at shutdown, not an outage
      new TypeError("Cannot read properties of undefined (reading 'id')"),
      'ECONNREFUSED',
      undefined,
      null,
    ])
      assert.equal(isDatabaseUnavailable(err), false, String((err as Error | undefined)?.message ?? err));
  });

  it('does not loop on an error that is its own cause', () => {
    const err = new Error('odd') as Error & { cause?: unknown };
    err.cause = err;
    assert.equal(isDatabaseUnavailable(err), false);
  });
});

describe('survivingDatabaseOutages', () => {
  it('logs an unhandled rejection from a database outage and carries on', () => {
    const logged: Error[] = [];
    const handler = survivingDatabaseOutages((err) => logged.push(err));
    const err = withCode('ECONNREFUSED');
    handler(err);
    assert.deepEqual(logged, [err]);
  });

  it('throws any other unhandled rejection on, so it still ends the process', () => {
    const handler = survivingDatabaseOutages(() => assert.fail('must not log'));
    const bug = new TypeError('a bug');
    assert.throws(() => handler(bug), bug);
  });
});
