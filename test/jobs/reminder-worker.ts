/**
 * A separate app instance for the job tests: starts the reminder job's worker on the database in
 * LANTERN_TEST_DB_URL. With PAUSE_AFTER_FIRST_NOTIFICATION=1 it stops dead inside its first
 * reminder's transaction (after writing a notification, before commit) and says "paused", so the
 * test can kill it there with SIGKILL, as a crash or a pulled plug would.
 */
import { openPostgres } from '../../src/platform/db/postgres.ts';
import { startJobRunner } from '../../src/platform/jobs/jobs.ts';
import { reminderJobsForTest } from './reminder-jobs.ts';

const db = openPostgres(process.env.LANTERN_TEST_DB_URL!, { max: 2 });
const pause = process.env.PAUSE_AFTER_FIRST_NOTIFICATION === '1';
await startJobRunner(
  db,
  reminderJobsForTest(db, {
    afterNotify: pause
      ? async () => {
          process.stdout.write('paused\n');
          await new Promise(() => undefined); // never returns: the transaction stays open
        }
      : undefined,
  }),
  { pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1 },
);
process.stdout.write('ready\n');
