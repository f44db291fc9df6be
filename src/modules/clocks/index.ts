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
