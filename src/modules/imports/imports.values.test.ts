import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  cellText,
  mentionsScr,
  normaliseName,
  parseDate,
  parseRecommendationNumber,
  parseReviewType,
  parseStatus,
} from './imports.values.ts';

const dateOf = (cell: Parameters<typeof parseDate>[0]) => {
  const result = parseDate(cell);
  return result.ok === true ? result.date : result;
};

describe('parseDate', () => {
  it('reads UK day-first text with slashes, dashes, dots and two-digit years', () => {
    assert.equal(dateOf('31/03/2024'), '2024-03-31');
    assert.equal(dateOf('1/4/2024'), '2024-04-01');
    assert.equal(dateOf('03/04/2024'), '2024-04-03', 'ambiguous text is read day first');
    assert.equal(dateOf('31-03-2024'), '2024-03-31');
    assert.equal(dateOf('31.3.24'), '2024-03-31');
    assert.equal(dateOf(' 31/03/24 '), '2024-03-31');
  });

  it('reads month names, short or long, with or without an ordinal', () => {
    assert.equal(dateOf('31-Mar-2024'), '2024-03-31');
    assert.equal(dateOf('31 March 2024'), '2024-03-31');
    assert.equal(dateOf('1st Sept 2024'), '2024-09-01');
    assert.equal(dateOf('30 jun 24'), '2024-06-30');
  });

  it('reads ISO dates, with or without a time after them', () => {
    assert.equal(dateOf('2024-03-31'), '2024-03-31');
    assert.equal(dateOf('2024/3/31'), '2024-03-31');
    assert.equal(dateOf('2024-03-31T00:00:00'), '2024-03-31');
    assert.equal(dateOf('31/03/2024 00:00'), '2024-03-31');
  });

  it('reads Excel serial numbers, as numbers or as text', () => {
    assert.equal(dateOf(45382), '2024-03-31');
    assert.equal(dateOf(45473), '2024-06-30');
    assert.equal(dateOf(45382.75), '2024-03-31', 'a time of day does not change the date');
    assert.equal(dateOf('45382'), '2024-03-31');
  });

  it('reads real Excel dates (which arrive as UTC midnight)', () => {
    assert.equal(dateOf(new Date(Date.UTC(2025, 5, 30))), '2025-06-30');
  });

  it('reports impossible dates, American dates and words as problems, and blanks as blank', () => {
    for (const bad of [
      '31/02/2024',
      '03/31/2024',
      '32/01/2024',
      '29/02/2023',
      'soon',
      'Q3 2024',
      'Marzipan 3 2024',
    ]) {
      const result = parseDate(bad);
      assert.equal(result.ok, false, bad);
      assert.match((result as { message: string }).message, new RegExp(`"${bad.replace(/[/.]/g, '\\$&')}"`));
    }
    assert.match((parseDate('31/02/2024') as { message: string }).message, /not a real date/);
    assert.equal(parseDate(2024).ok, false, 'a year alone is not a serial date');
    assert.equal(parseDate('31/03/1985').ok, false, 'before 1990');
    assert.deepEqual(parseDate(''), { ok: 'blank' });
    assert.deepEqual(parseDate(undefined), { ok: 'blank' });
  });
});

describe('parseStatus', () => {
  it('maps the words partnerships use to Lantern statuses', () => {
    for (const word of ['Complete', 'Completed', 'CLOSED', 'Closed.', 'done'])
      assert.equal(parseStatus(word), 'closed');
    for (const word of ['In progress', 'in-progress', 'Ongoing'])
      assert.equal(parseStatus(word), 'in-progress');
    assert.equal(parseStatus('Not started'), 'not-started');
    assert.equal(parseStatus('Awaiting evidence'), 'awaiting-evidence');
    assert.equal(parseStatus(''), 'not-started', 'blank is not started');
    assert.equal(parseStatus('Amber'), undefined);
  });
});

describe('parseReviewType and mentionsScr', () => {
  it('knows the kinds of review by their usual names', () => {
    assert.equal(parseReviewType('SCR'), 'scr');
    assert.equal(parseReviewType('Serious Case Review'), 'scr');
    assert.equal(parseReviewType('LCSPR'), 'lcspr');
    assert.equal(parseReviewType('Rapid review'), 'rapid-review');
    assert.equal(parseReviewType('Learning review'), 'learning-review');
    assert.equal(parseReviewType('Audit'), undefined);
  });

  it('spots a Serious Case Review in a file name or title', () => {
    assert.ok(mentionsScr('SCR-Child-F-plan.csv'));
    assert.ok(mentionsScr('Brookvale LSCB – Serious Case Review Child F'));
    assert.ok(!mentionsScr('LCSPR Child B action plan'));
    assert.ok(!mentionsScr('describe.csv'));
  });
});

describe('normaliseName, cellText and parseRecommendationNumber', () => {
  it('compares names without case, spacing or punctuation', () => {
    assert.equal(
      normaliseName("  Brookvale Council Children's Services "),
      'brookvale council childrens services',
    );
    assert.equal(
      normaliseName('Brookvale Council Children’s Services'),
      'brookvale council childrens services',
    );
    assert.equal(normaliseName('Riverside Medical Centre.'), 'riverside medical centre');
    assert.equal(normaliseName('Health & Care'), 'health and care');
  });

  it('shows real dates day first and trims text', () => {
    assert.equal(cellText(new Date(Date.UTC(2024, 2, 31))), '31/03/2024');
    assert.equal(cellText('  x '), 'x');
    assert.equal(cellText(3), '3');
  });

  it('takes the first whole number of a recommendation number', () => {
    assert.equal(parseRecommendationNumber(3), 3);
    assert.equal(parseRecommendationNumber('R3'), 3);
    assert.equal(parseRecommendationNumber('Recommendation 12.'), 12);
    assert.equal(parseRecommendationNumber('2.1'), 2);
    assert.equal(parseRecommendationNumber('none'), undefined);
    assert.equal(parseRecommendationNumber(''), undefined);
  });
});
