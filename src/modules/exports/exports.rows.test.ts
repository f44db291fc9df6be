import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pdfText } from './exports.pdf.ts';
import { fileSlug, safeText, sheetNames } from './exports.rows.ts';

describe('safeText', () => {
  it('puts an apostrophe before text a spreadsheet would run as a formula', () => {
    for (const value of ['=1+1', '+44 20', '-5', '@SUM(A1)', '\t=1', '\r=1']) {
      assert.equal(safeText(value), `'${value}`, JSON.stringify(value));
    }
  });

  it('leaves other text alone, including those characters later in the text', () => {
    for (const value of ['Child Q', 'Audit records = done', '', ' =1', '’s £5', "'quoted"]) {
      assert.equal(safeText(value), value, JSON.stringify(value));
    }
  });
});

describe('sheetNames', () => {
  it('keeps a child’s reference that Excel accepts as it is', () => {
    assert.deepEqual(sheetNames(['Child Q', 'Baby T', 'NS']), ['Child Q', 'Baby T', 'NS']);
  });

  it('replaces the characters Excel refuses and trims apostrophes from the ends', () => {
    assert.deepEqual(sheetNames(['C/1:2', 'A[1]*?\\', "'Quoted'"]), ['C-1-2', 'A-1----', 'Quoted']);
  });

  it('makes names unique without regard to case, within 31 characters', () => {
    const long = 'X'.repeat(40);
    const names = sheetNames(['Child Q', 'child q', 'Child Q', long, long]);
    assert.deepEqual(names.slice(0, 3), ['Child Q', 'child q (2)', 'Child Q (3)']);
    assert.equal(names[3], 'X'.repeat(31));
    assert.equal(names[4], `${'X'.repeat(27)} (2)`);
    assert.ok(names.every((n) => n.length <= 31));
  });

  it('never gives an empty name or the reserved "History"', () => {
    assert.deepEqual(sheetNames(['', "''", 'History']), ['Review', 'Review (2)', 'History review']);
  });
});

describe('fileSlug', () => {
  it('makes an ASCII file name part from a child’s reference', () => {
    assert.equal(fileSlug('Baby T'), 'baby-t');
    assert.equal(fileSlug('Zoë’s C0'), 'zoe-s-c0');
    assert.equal(fileSlug('***'), 'review');
  });
});

describe('pdfText', () => {
  it('keeps what the built-in fonts can draw and folds or replaces the rest', () => {
    assert.equal(pdfText('Café – “£5” ’s €'), 'Café – “£5” ’s €');
    assert.equal(pdfText('Łódź Kőrös'), 'Łódź Kőrös'.replace('Ł', 'L').replace('ź', 'z').replace('ő', 'o'));
    assert.equal(pdfText('中文 😀'), '?? ?');
  });
});
