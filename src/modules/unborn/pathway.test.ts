import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { addDays } from '../../platform/clock.ts';
import { createWorkingDayCalendar, DEFAULT_POLICY } from '../clocks/index.ts';
import { dateAtWeeks, gestationInWords, gestationOn, isLate, milestonesFor, TERM_DAYS } from './pathway.ts';
import { measureCell } from './unborn.service.ts';

const calendar = createWorkingDayCalendar(['2026-05-04']);

describe('gestation at referral', () => {
  it('adds up with the days still to go to 40 weeks, whatever the dates', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3_000 }), fc.integer({ min: 0, max: 300 }), (offset, toGo) => {
        const referral = addDays('2020-01-01', offset);
        const edd = addDays(referral, toGo);
        assert.equal(gestationOn(edd, referral) + toGo, TERM_DAYS);
        assert.equal(gestationOn(edd, dateAtWeeks(edd, Math.floor(toGo / 7))), Math.floor(toGo / 7) * 7);
      }),
    );
  });

  it('is written in weeks and days, and late only after the configured week', () => {
    assert.equal(gestationInWords(17 * 7 + 3), '17 weeks and 3 days');
    assert.equal(gestationInWords(16 * 7), '16 weeks');
    assert.equal(isLate(16 * 7, DEFAULT_POLICY), false);
    assert.equal(isLate(16 * 7 + 1, DEFAULT_POLICY), true);
    assert.equal(isLate(13 * 7, { unbornLatestOnTimeWeeks: 12 }), true);
  });
});

describe('milestones', () => {
  const referral = { referralDate: '2026-04-29', expectedDeliveryDate: '2026-10-01' };

  it('are due by the policy: strategy in working days (skipping a bank holiday), the rest by gestation', () => {
    const ms = milestonesFor(referral, [], DEFAULT_POLICY, calendar, '2026-04-29');
    const due = Object.fromEntries(ms.map((m) => [m.key, m.dueDate]));
    // 29 April + 5 working days, skipping the weekend and the May bank holiday.
    assert.equal(due['strategy-discussion'], '2026-05-07');
    assert.equal(due['pre-birth-assessment'], addDays('2026-10-01', -12 * 7));
    assert.equal(due['pre-birth-conference'], addDays('2026-10-01', -6 * 7));
    assert.equal(due['birth-plan'], addDays('2026-10-01', -4 * 7));
    assert.equal(due['discharge-plan'], addDays('2026-10-01', -3 * 7));
    assert.ok(ms.every((m) => m.status === 'due'));
  });

  it('are overdue the day after the due date unless done or not needed, and say so in words', () => {
    const ms = milestonesFor(
      referral,
      [
        { milestone: 'strategy-discussion', doneDate: '2026-05-06', notNeededReason: '' },
        { milestone: 'pre-birth-conference', doneDate: null, notNeededReason: 'Assessment found no need' },
      ],
      DEFAULT_POLICY,
      calendar,
      addDays('2026-10-01', -12 * 7 + 1),
    );
    assert.deepEqual(
      ms.map((m) => [m.key, m.statusText]),
      [
        ['strategy-discussion', 'Done'],
        ['pre-birth-assessment', 'Overdue'],
        ['pre-birth-conference', 'Not needed'],
        ['birth-plan', 'Due'],
        ['discharge-plan', 'Due'],
      ],
    );
  });
});

describe('late-referral measure cells', () => {
  const cell = { month: '2026-03', organisationId: 'o', organisationName: 'Trust' };
  it('shows the share on time, rounded', () => {
    const c = measureCell({ ...cell, referrals: 8, onTime: 5 });
    assert.deepEqual(
      [c.suppressed, c.referrals, c.onTime, c.percentOnTime, c.monthText],
      [false, 8, 5, 63, 'March 2026'],
    );
  });
  it('suppresses a cell of fewer than 5 referrals', () => {
    const c = measureCell({ ...cell, referrals: 4, onTime: 4 });
    assert.deepEqual([c.suppressed, c.referrals, c.onTime, c.percentOnTime], [true, null, null, null]);
    assert.equal(measureCell({ ...cell, referrals: 5, onTime: 0 }).suppressed, false);
  });
});
