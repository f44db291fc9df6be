import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { addDays } from '../../platform/clock.ts';
import { chasesReached, DEFAULT_REMINDER_POLICY, isoWeekOf, stagesReached } from './reminders.rules.ts';

const policy = DEFAULT_REMINDER_POLICY; // 7 days before; lead after 1 day overdue; business unit 14 days later

describe('reminder stages', () => {
  it('reminds the owner from 7 days before the due date until the day before', () => {
    assert.deepEqual(stagesReached('2026-03-10', '2026-03-02', policy), []);
    assert.deepEqual(stagesReached('2026-03-10', '2026-03-03', policy), ['due-soon']);
    assert.deepEqual(stagesReached('2026-03-10', '2026-03-09', policy), ['due-soon']);
  });

  it('sends "due today" on the due date only', () => {
    assert.deepEqual(stagesReached('2026-03-10', '2026-03-10', policy), ['due-today']);
  });

  it('escalates an overdue item to the lead, then to the business unit after the further period', () => {
    assert.deepEqual(stagesReached('2026-03-10', '2026-03-11', policy), ['overdue', 'escalated-lead']);
    assert.deepEqual(stagesReached('2026-03-10', '2026-03-24', policy), ['overdue', 'escalated-lead']);
    assert.deepEqual(stagesReached('2026-03-10', '2026-03-25', policy), [
      'overdue',
      'escalated-lead',
      'escalated-business-unit',
    ]);
  });

  it('follows changed policy lengths', () => {
    const custom = {
      reminderDaysBeforeDue: 0,
      escalateToLeadAfterDaysOverdue: 5,
      escalateToBusinessUnitAfterFurtherDays: 2,
    };
    assert.deepEqual(stagesReached('2026-03-10', '2026-03-09', custom), []);
    assert.deepEqual(stagesReached('2026-03-10', '2026-03-14', custom), ['overdue']);
    assert.deepEqual(stagesReached('2026-03-10', '2026-03-15', custom), ['overdue', 'escalated-lead']);
    assert.deepEqual(stagesReached('2026-03-10', '2026-03-17', custom), [
      'overdue',
      'escalated-lead',
      'escalated-business-unit',
    ]);
  });

  it('chases an overdue request again every 7 days', () => {
    assert.deepEqual(chasesReached('2026-03-10', '2026-03-17'), []);
    assert.deepEqual(chasesReached('2026-03-10', '2026-03-18'), ['chase-1']);
    assert.deepEqual(chasesReached('2026-03-10', '2026-03-26'), ['chase-1', 'chase-2']);
  });

  it('never reminds before the reminder window, and every overdue day has the overdue stage', () => {
    fc.assert(
      fc.property(fc.integer({ min: -400, max: 400 }), (offset) => {
        const due = '2026-06-15';
        const stages = stagesReached(due, addDays(due, offset), policy);
        if (offset < -policy.reminderDaysBeforeDue) return stages.length === 0;
        if (offset > 0) return stages[0] === 'overdue';
        return stages.length === 1;
      }),
    );
  });
});

describe('ISO weeks for the weekly digest', () => {
  it('names the week and its Monday, across year ends', () => {
    assert.deepEqual(isoWeekOf('2026-11-26'), { week: '2026-W48', monday: '2026-11-23' });
    assert.deepEqual(isoWeekOf('2021-01-01'), { week: '2020-W53', monday: '2020-12-28' });
    assert.deepEqual(isoWeekOf('2024-12-30'), { week: '2025-W01', monday: '2024-12-30' });
    assert.deepEqual(isoWeekOf('2026-01-04'), { week: '2026-W01', monday: '2025-12-29' });
  });

  it('gives every day of a week the same week', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), (n) => {
        const { week, monday } = isoWeekOf(addDays('2015-01-05', n * 7));
        return [1, 2, 3, 4, 5, 6].every((d) => isoWeekOf(addDays(monday, d)).week === week);
      }),
    );
  });
});
