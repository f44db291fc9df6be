import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatNhsNumber, isValidNhsNumber } from './nhs-number.ts';

describe('NHS numbers', () => {
  it('accepts numbers whose check digit is right, typed with or without spaces', () => {
    assert.equal(isValidNhsNumber('9434765919'), true);
    assert.equal(isValidNhsNumber('943 476 5919'), true);
    assert.equal(isValidNhsNumber('943-476-5919'), true);
  });

  it('refuses a wrong check digit, a check digit of 10, and anything not 10 digits', () => {
    assert.equal(isValidNhsNumber('9434765918'), false);
    // 1000000010: weights give remainder 1, so the check digit would be 10: never issued.
    assert.equal(isValidNhsNumber('1000000010'), false);
    assert.equal(isValidNhsNumber('943476591'), false);
    assert.equal(isValidNhsNumber('94347659190'), false);
    assert.equal(isValidNhsNumber('94347659A9'), false);
  });

  it('has exactly one valid check digit (or none) for any first nine digits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{9}$/), (nine) => {
        const valid = [...'0123456789'].filter((d) => isValidNhsNumber(nine + d));
        return valid.length <= 1;
      }),
    );
  });

  it('is written 3-3-4', () => {
    assert.equal(formatNhsNumber('9434765919'), '943 476 5919');
  });
});
