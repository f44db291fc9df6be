import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { passwordProblem } from './password-rules.ts';

const email = 'sam.jones@police.example';

describe('passwordProblem', () => {
  it('accepts a long passphrase with no digits or symbols (no composition rules)', () => {
    assert.equal(passwordProblem('purple kettle harbour', { email }), null);
    assert.equal(passwordProblem('abcdefghijkm', { email }), null);
  });

  it('refuses a password shorter than 12 characters, saying how long it must be', () => {
    assert.equal(passwordProblem('Tr0ub4dor&3', { email }), 'Password must be 12 characters or more');
  });

  it('refuses common passwords whatever their case', () => {
    for (const p of ['password1234', 'PASSWORD1234', 'qwertyuiop123', '123456789012']) {
      assert.match(passwordProblem(p, { email }) ?? '', /too easy to guess/, p);
    }
  });

  it('refuses one character repeated', () => {
    assert.match(passwordProblem('zzzzzzzzzzzzzz', { email }) ?? '', /too easy to guess/);
  });

  it('refuses the user’s own email address, or its part before the @', () => {
    assert.equal(
      passwordProblem('Sam.Jones@Police.Example', { email }),
      'Password must not be your email address',
    );
    assert.equal(
      passwordProblem('a.long.local.part', { email: 'a.long.local.part@x.example' }),
      'Password must not be your email address',
    );
  });

  it('refuses an absurdly long password', () => {
    assert.match(passwordProblem('x'.repeat(300) + 'y', { email }) ?? '', /256 characters or fewer/);
  });
});
