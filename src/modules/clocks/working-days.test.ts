import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { computeDeadlines } from './deadlines.ts';
import { addMonthsClamped, createWorkingDayCalendar, readBankHolidays } from './working-days.ts';

const holidays = readBankHolidays();
const calendar = createWorkingDayCalendar(holidays.map((h) => h.date));
const holidaySet = new Set(holidays.map((h) => h.date));
const weekday = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay();

/** Any date from 2018 to 2034, as 'YYYY-MM-DD'. */
const anyDate = fc
  .integer({ min: Date.UTC(2018, 0, 1) / 86_400_000, max: Date.UTC(2034, 11, 1) / 86_400_000 })
  .map((day) => new Date(day * 86_400_000).toISOString().slice(0, 10));

describe('the bank holiday file', () => {
  it('has the official one-off and substitute days, and provisional years up to at least 2030', () => {
    for (const date of [
      '2020-05-08',
      '2022-06-03',
      '2022-09-19',
      '2023-05-08',
      '2020-12-28',
      '2021-12-27',
      '2022-01-03',
      '2026-12-28',
    ]) {
      assert.ok(holidaySet.has(date), `${date} is missing`);
    }
    assert.ok(!holidaySet.has('2020-05-04'), 'the early May holiday moved to VE day in 2020');
    const provisional = holidays.filter((h) => h.provisional);
    assert.ok(provisional.some((h) => h.date.startsWith('2030')));
    assert.ok(provisional.every((h) => h.date > '2027-12-31'));
  });
});

describe('working-day arithmetic', () => {
  it('never lands on a weekend or a bank holiday', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: 1, max: 60 }), (date, n) => {
        const result = calendar.addWorkingDays(date, n);
        return weekday(result) !== 0 && weekday(result) !== 6 && !holidaySet.has(result);
      }),
    );
  });

  it('comes back to the start when adding then subtracting from a working day', () => {
    fc.assert(
      fc.property(
        anyDate.filter((d) => calendar.isWorkingDay(d)),
        fc.integer({ min: 0, max: 60 }),
        (date, n) => {
          return calendar.addWorkingDays(calendar.addWorkingDays(date, n), -n) === date;
        },
      ),
    );
  });

  it('moves forward monotonically: more working days is never an earlier date', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 }), (date, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        return calendar.addWorkingDays(date, low) <= calendar.addWorkingDays(date, high);
      }),
    );
  });

  it('skips Christmas and New Year with their substitute days (2026: Boxing Day on a Saturday)', () => {
    // Aware Wednesday 23 December 2026: 24th, 29th, 30th, 31st, then 2 January 2027 is a Saturday, so 4 January.
    assert.equal(calendar.addWorkingDays('2026-12-23', 5), '2027-01-04');
  });

  it('skips Easter (Good Friday and Easter Monday 2026)', () => {
    assert.equal(calendar.addWorkingDays('2026-04-02', 1), '2026-04-07');
  });

  it('skips the 2022 substitute days (Christmas on a Sunday; New Year on a Saturday)', () => {
    assert.equal(calendar.addWorkingDays('2022-12-23', 1), '2022-12-28');
    assert.equal(calendar.addWorkingDays('2022-12-30', 1), '2023-01-03');
  });
});

describe('computeDeadlines', () => {
  it('counts 5 working days to notify the Panel and 15 more for the rapid review, day 0 being the day of becoming aware', () => {
    const d = computeDeadlines(
      { awareDate: '2026-03-02', panelNotifiedDate: null, lcsprDecisionDate: null },
      calendar,
    );
    assert.equal(d.panelNotificationDue, '2026-03-09');
    assert.equal(d.rapidReviewDue, '2026-03-30');
    assert.equal(d.publicationDue, undefined);
  });

  it('runs the rapid review from the day the Panel was actually notified, once recorded', () => {
    const d = computeDeadlines(
      { awareDate: '2026-03-02', panelNotifiedDate: '2026-03-04', lcsprDecisionDate: null },
      calendar,
    );
    // 15 working days from Wednesday 4 March 2026.
    assert.equal(d.rapidReviewDue, '2026-03-25');
  });

  it('adds publication 6 months after the decision (the last day of a short month) and the report 7 working days before', () => {
    const d = computeDeadlines(
      { awareDate: '2026-07-01', panelNotifiedDate: '2026-07-03', lcsprDecisionDate: '2026-08-31' },
      calendar,
    );
    assert.equal(d.publicationDue, '2027-02-28');
    // 28 February 2027 is a Sunday: 7 working days before it is Thursday 18 February.
    assert.equal(d.reportToPanelDue, '2027-02-18');
  });

  it('clamps month arithmetic: 31 August + 6 months is 29 February in a leap year', () => {
    assert.equal(addMonthsClamped('2027-08-31', 6), '2028-02-29');
    assert.equal(addMonthsClamped('2026-01-15', 6), '2026-07-15');
  });
});
