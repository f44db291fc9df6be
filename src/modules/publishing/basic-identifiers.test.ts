import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findBasicIdentifiers } from './basic-identifiers.ts';

describe('the temporary pattern-only publication check', () => {
  it('finds each kind it knows, with offsets into the text', () => {
    const text =
      'Mrs Walker (born 3 March 2025, NHS 943 476 5919) lives at BV4 7QT; e-mail walker@example.test. Seen 5 May 2026.';
    const found = findBasicIdentifiers(text);
    assert.deepEqual(
      found.map((f) => [f.kind, f.text]),
      [
        ['name', 'Mrs Walker'],
        ['date-of-birth', '3 March 2025'],
        ['nhs-number', '943 476 5919'],
        ['postcode', 'BV4 7QT'],
        ['email', 'walker@example.test'],
        ['date', '5 May 2026'],
      ],
    );
    for (const f of found) assert.equal(text.slice(f.start, f.end), f.text);
  });

  it('leaves out the allowed references, and finds nothing in a clean passage', () => {
    assert.deepEqual(findBasicIdentifiers('Mrs Walker agreed.', { allowed: ['mrs walker'] }), []);
    assert.deepEqual(findBasicIdentifiers('The health visitor saw Child Q and Mother at home.'), []);
  });
});
