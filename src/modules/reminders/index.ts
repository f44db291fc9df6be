export { createRemindersRepository, type RemindersRepository } from './reminders.repository.ts';
export {
  createRemindersService,
  type ItemSource,
  type RemindableItem,
  type RemindersService,
  type RunSummary,
} from './reminders.service.ts';
export {
  chasesReached,
  DEFAULT_REMINDER_POLICY,
  isoWeekOf,
  stagesReached,
  type ReminderPolicy,
  type ReminderStage,
} from './reminders.rules.ts';
export { reminderJobs } from './reminders.jobs.ts';
