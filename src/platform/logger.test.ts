import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redactUrl } from './logger.ts';

describe('redactUrl', () => {
  it('hides the secret of a one-time account link, and leaves other addresses alone', () => {
    assert.equal(redactUrl('/account-links/abc123DEF_-xyz'), '/account-links/[redacted]');
    assert.equal(redactUrl('/account-links/abc123?x=1'), '/account-links/[redacted]?x=1');
    assert.equal(redactUrl('/reviews/1234?page=2'), '/reviews/1234?page=2');
  });
});
