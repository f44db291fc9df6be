import type { JobDefinition } from '../../platform/jobs/jobs.ts';
import type { RemindersService } from './reminders.service.ts';

/**
 * The reminder jobs. The scan runs hourly in working hours rather than once a day, so an instance
 * that was down at 7am still sends the day's reminders; each is sent once however often it runs.
 * The digest is keyed by week, so it goes on the first run of the week (Monday morning normally).
 * An instance that starts also runs the scan once, to catch up after the service was down.
 */
export function reminderJobs(reminders: RemindersService): JobDefinition[] {
  return [
    {
      name: 'reminders',
      cron: '0 7-19 * * *',
      runAtStart: true,
      run: () => reminders.run().then(() => undefined),
    },
    {
      name: 'weekly-digest',
      cron: '30 7-19 * * 1-5',
      run: () => reminders.sendWeeklyDigests().then(() => undefined),
    },
  ];
}
