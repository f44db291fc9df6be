import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LanternModule } from '../module.ts';
import { policyApi } from './policy.api.ts';
import { settingsPages } from './settings.pages.ts';

export {
  computeDeadlines,
  DEFAULT_CLOCK_POLICY,
  type ClockInputs,
  type ClockPolicy,
  type Deadlines,
} from './deadlines.ts';
export {
  addMonthsClamped,
  createWorkingDayCalendar,
  readBankHolidays,
  type WorkingDayCalendar,
} from './working-days.ts';
export { timelineOf, type TimelineStep } from './timeline.ts';
export { DEFAULT_POLICY, POLICY_SETTINGS, type Policy, type PolicyKey } from './policy-settings.ts';
export { createClocksRepository, type ClocksRepository } from './clocks.repository.ts';
export { createClocksService, type ClocksService } from './clocks.service.ts';
export { createPolicyService, type PolicyService } from './policy.service.ts';
export { createBankHolidaysService, type BankHolidaysService } from './bank-holidays.service.ts';
export { importHolidaysFromFile } from './holidays.cli.ts';

/** Statutory clocks: the business unit's settings for clock lengths, reminders and bank holidays. */
export const clocksModule: LanternModule = {
  viewsDir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'views'),
  async plugin(app, opts) {
    await app.register(settingsPages, opts);
    await app.register(policyApi, opts);
  },
};
