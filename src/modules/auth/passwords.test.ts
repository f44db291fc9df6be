import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hashPassword, verifyPassword } from './passwords.ts';

async function fastest(times: number, work: () => Promise<unknown>): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    await work();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

describe('passwords', () => {
  it('hashes with argon2id and a fresh salt, and verifies only the right password', async () => {
    const first = await hashPassword('correct horse');
    const second = await hashPassword('correct horse');
    assert.match(first, /^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/);
    assert.notEqual(first, second);
    assert.equal(await verifyPassword(first, 'correct horse'), true);
    assert.equal(await verifyPassword(first, 'Correct horse'), false);
    assert.equal(await verifyPassword(first, ''), false);
  });

  it('answers false, not an error, for a missing account or a damaged hash', async () => {
    assert.equal(await verifyPassword(undefined, 'anything'), false);
    assert.equal(await verifyPassword('not a hash', 'anything'), false);
  });

  it('takes as long to check a missing account as a real one, so timing does not reveal accounts', async () => {
    const real = await hashPassword('correct horse');
    // The fastest of several runs, to see the work done rather than the machine's load.
    const known = await fastest(5, () => verifyPassword(real, 'wrong'));
    const missing = await fastest(5, () => verifyPassword(undefined, 'wrong'));
    assert.ok(missing > known * 0.3, `missing account ${missing.toFixed(1)} ms, real ${known.toFixed(1)} ms`);
  });
});
