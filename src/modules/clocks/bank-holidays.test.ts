import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ValidationFailed } from '../../platform/errors.ts';
import { parseBankHolidayFile, type BankHoliday } from './bank-holiday-file.ts';
import { mergeHolidays, planImport } from './holiday-calendar.ts';
import { readBankHolidays } from './working-days.ts';

const FIXTURE = readFileSync('test/fixtures/bank-holidays-2029.json');
const shipped = readBankHolidays();

const messagesFor = (content: string | Buffer) => {
  try {
    parseBankHolidayFile(content);
  } catch (err) {
    assert.ok(err instanceof ValidationFailed);
    return err.fields.map((f) => `${f.path}: ${f.message}`);
  }
  assert.fail('the file was accepted');
};

const feed = (events: unknown[]) => JSON.stringify({ 'england-and-wales': { division: 'x', events } });
const year = (y: number, overrides: Partial<BankHoliday>[] = []) =>
  ['01-01', '04-01', '04-02', '05-01', '05-02', '08-01', '12-25', '12-26'].map((md, i) => ({
    title: `Holiday ${i + 1}`,
    date: `${y}-${md}`,
    notes: '',
    bunting: true,
    ...overrides[i],
  }));

describe('reading an official bank-holidays file', () => {
  it('reads the england-and-wales events, marking provisional ones, and ignores other divisions', () => {
    const holidays = parseBankHolidayFile(FIXTURE);
    assert.equal(holidays.length, 17);
    assert.ok(holidays.every((h) => !h.provisional));
    assert.deepEqual(holidays[0], {
      date: '2028-01-03',
      title: 'New Year’s Day',
      notes: 'Substitute day',
      bunting: false,
      provisional: false,
    });
  });

  it('explains what is wrong with a file that is not the official format', () => {
    assert.deepEqual(messagesFor('<html>'), [
      'file: The file is not JSON: it must be in the format of https://www.gov.uk/bank-holidays.json',
    ]);
    assert.deepEqual(messagesFor('{"scotland": {"events": []}}'), [
      'file: The file has no “england-and-wales” events: it must be in the format of https://www.gov.uk/bank-holidays.json',
    ]);
    assert.deepEqual(messagesFor(''), ['file: The file is empty']);
    assert.deepEqual(messagesFor(Buffer.alloc(5 * 1024 * 1024 + 1, 32)), [
      'file: The file must be 5 MB or smaller',
    ]);
  });

  it('names each event with a missing title, an unreal date or a repeated date', () => {
    const events = year(2030);
    events[1] = { ...events[1]!, date: '2030-02-30' };
    events[2] = { ...events[2]!, title: ' ' };
    events[3] = { ...events[3]!, date: '2030-12-25' };
    assert.deepEqual(messagesFor(feed(events)), [
      'file: Event 2 (Holiday 2) has no real date written YYYY-MM-DD',
      'file: Event 3 has no title',
      'file: 2030-12-25 appears more than once',
    ]);
  });

  it('refuses a year with fewer than 8 dates, which would remove the rest of that year', () => {
    assert.deepEqual(messagesFor(feed(year(2030).slice(0, 3))), [
      'file: 2030 has only 3 bank holidays: England and Wales have at least 8 a year, so the file must hold every date of each year it covers',
    ]);
  });
});

describe('the calendar in force', () => {
  it('replaces provisional dates for the years an import covers and keeps every other year', () => {
    const imported = parseBankHolidayFile(FIXTURE);
    const merged = mergeHolidays(shipped, [{ id: 1, years: [2028, 2029], holidays: imported }]);
    const of = (y: string) => merged.filter((h) => h.date.startsWith(y));
    assert.ok(of('2029').every((h) => h.source === 'imported' && !h.provisional));
    assert.ok(of('2029').some((h) => h.date === '2029-06-08'));
    assert.ok(!of('2029').some((h) => h.date === '2029-05-07'), 'the moved holiday is gone');
    assert.ok(of('2030').every((h) => h.source === 'shipped' && h.provisional));
    assert.equal(of('2018').length, 8, 'older years are never lost');
  });

  it('takes each year from the latest import that covers it', () => {
    const first = { id: 1, years: [2030], holidays: year(2030).map((h) => ({ ...h, provisional: false })) };
    const second = {
      id: 2,
      years: [2031],
      holidays: year(2031).map((h) => ({ ...h, provisional: false })),
    };
    const merged = mergeHolidays(shipped, [second, first]);
    assert.ok(
      merged.some((h) => h.date === '2030-04-01'),
      'an earlier import still decides 2030',
    );
    assert.ok(merged.some((h) => h.date === '2031-04-01'));
  });

  it('summarises an import: years replaced and added, dates added and removed, provisional dates confirmed', () => {
    const current = mergeHolidays(shipped, []);
    const incoming = [
      ...parseBankHolidayFile(FIXTURE),
      ...year(2040).map((h) => ({ ...h, provisional: false })),
    ];
    const { summary, errors, years } = planImport(current, incoming);
    assert.deepEqual(errors, []);
    assert.deepEqual(years, [2028, 2029, 2040]);
    assert.deepEqual(summary.yearsReplaced, [2028, 2029]);
    assert.deepEqual(summary.yearsAdded, [2040]);
    assert.deepEqual(
      summary.added.filter((h) => h.date.startsWith('2029')).map((h) => h.date),
      ['2029-05-11', '2029-06-08'],
    );
    assert.deepEqual(
      summary.removed.map((h) => h.date),
      ['2029-05-07'],
    );
    assert.equal(summary.confirmed, 15);
  });

  it('refuses to replace published dates with provisional ones', () => {
    const current = mergeHolidays(shipped, []);
    const provisional2026 = year(2026).map((h) => ({ ...h, notes: 'Provisional', provisional: true }));
    assert.deepEqual(planImport(current, provisional2026).errors, [
      '2026 already has published dates: the file must not replace them with provisional ones',
    ]);
  });
});
