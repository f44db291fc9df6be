import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_CLOCK_POLICY } from './deadlines.ts';
import { DEFAULT_POLICY, POLICY_SETTINGS, policyFrom } from './policy-settings.ts';

describe('policy settings', () => {
  it('has every default inside its own allowed range, so "return to defaults" is always accepted', () => {
    for (const s of POLICY_SETTINGS) {
      assert.ok(
        s.min <= s.default && s.default <= s.max,
        `${s.key}: ${s.default} is outside ${s.min}–${s.max}`,
      );
    }
  });

  it('keeps the statutory clock defaults of Working Together 2023', () => {
    assert.deepEqual(DEFAULT_CLOCK_POLICY, {
      panelNotificationWorkingDays: 5,
      rapidReviewWorkingDays: 15,
      publicationMonths: 6,
      reportToPanelWorkingDays: 7,
    });
  });

  it('lets a stored row override its default and ignores keys Lantern no longer knows', () => {
    const policy = policyFrom([
      { key: 'reminderDaysBeforeDue', value: 3 },
      { key: 'retiredSetting', value: 99 },
    ]);
    assert.deepEqual(policy, { ...DEFAULT_POLICY, reminderDaysBeforeDue: 3 });
  });
});
