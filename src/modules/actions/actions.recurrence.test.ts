import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextDueDate, recurrenceFromForm } from './actions.recurrence.ts';

describe('nextDueDate', () => {
  it('adds the recurrence, landing a 31st on the last day of a shorter month (leap year)', () => {
    assert.equal(nextDueDate('2027-08-31', 6, '2027-09-01'), '2028-02-29');
    assert.equal(nextDueDate('2026-08-31', 6, '2026-09-01'), '2027-02-28');
    assert.equal(nextDueDate('2026-01-15', 1, '2026-01-20'), '2026-02-15');
  });

  it('rolls a date already past forward, cycle by cycle, to today or later', () => {
    assert.equal(nextDueDate('2025-01-10', 3, '2026-01-05'), '2026-01-10');
    assert.equal(nextDueDate('2025-01-10', 3, '2026-01-10'), '2026-01-10', 'today counts as not past');
    assert.equal(nextDueDate('2025-01-10', 3, '2026-01-11'), '2026-04-10');
  });

  it('counts each step from the previous due date, so rolling on from a 31st does not drift', () => {
    // 31 Aug + 6 = 28 Feb 2027 (past), + 12 = 31 Aug 2027, not 28 Aug.
    assert.equal(nextDueDate('2026-08-31', 6, '2027-03-01'), '2027-08-31');
  });
});

describe('recurrenceFromForm', () => {
  it('reads blank as "does not repeat" and digits as a number, and passes anything else on to be refused', () => {
    assert.equal(recurrenceFromForm(''), null);
    assert.equal(recurrenceFromForm(undefined), null);
    assert.equal(recurrenceFromForm('6'), 6);
    assert.equal(recurrenceFromForm('six'), 'six');
  });
});
