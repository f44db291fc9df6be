import { buildApp } from './app.ts';
import { createServices, sessionSecretFor } from './composition.ts';
import { loadConfig } from './config.ts';
import { loadDemoIfAsked } from './demo/index.ts';
import {
  DataDirInUseError,
  isDatabaseUnavailable,
  migrate,
  openDatabase,
  survivingDatabaseOutages,
} from './platform/db/index.ts';
import { startJobRunner } from './platform/jobs/jobs.ts';
import { emailJobs } from './modules/notifications/index.ts';
import { reminderJobs } from './modules/reminders/index.ts';
import { auditJobs } from './modules/audit/index.ts';
import { idempotencyJobs } from './platform/idempotency/index.ts';
import { retentionJobs } from './modules/retention/index.ts';

/** `npm start`: migrate, load the demo partnership if asked, serve; stop gracefully on SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfig();
  // While PostgreSQL restarts, a database call that no one awaits (pg-boss's own bookkeeping) must
  // not end the process; any other unhandled rejection still does.
  process.on(
    'unhandledRejection',
    survivingDatabaseOutages((err) => console.error('database unavailable (background):', err.message)),
  );
  const db = await openDatabase(config, 'lantern server', (err) =>
    console.error('database connection error:', err.message),
  );
  try {
    const applied = await migrate(db);
    if (applied.length) console.log(`Applied migrations: ${applied.join(', ')}`);
    const services = createServices(db, config);
    // The demo's inboxes hold the reminders its dates call for from the first page on, sent by
    // the real reminder service (so the job's catch-up run finds them already sent).
    const demo = await loadDemoIfAsked(db, config, async () => {
      await services.reminders.run();
      await services.reminders.sendWeeklyDigests();
    });
    const app = await buildApp({ config, services, sessionSecret: await sessionSecretFor(db, config) });
    const address = await app.listen({ port: config.port, host: config.host });
    console.log(`Lantern is running at ${address.replace('127.0.0.1', 'localhost')}`);
    console.log(
      `Database: ${config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}`}`,
    );
    if (demo) console.log(demo);
    const jobs = config.jobs
      ? await startJobRunner(
          db,
          [
            ...reminderJobs(services.reminders),
            ...emailJobs(services.outbox),
            ...auditJobs(services.auditChain),
            ...idempotencyJobs(services.idempotency),
            ...retentionJobs(services.retention),
          ],
          {
            // A job that fails while the database is down is tried again on a later run.
            onError: (err) =>
              isDatabaseUnavailable(err)
                ? app.log.warn({ err }, 'background job: database unavailable')
                : app.log.error({ err }, 'background job error'),
          },
        )
      : undefined;

    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      console.log(`${signal} received: finishing requests in flight, then stopping`);
      await app.close(); // stops accepting connections and waits for requests in flight
      await jobs?.stop(); // lets a reminder run in progress finish its transaction
      await db.close();
      process.exit(0);
    };
    process.on('SIGTERM', () => void stop('SIGTERM'));
    process.on('SIGINT', () => void stop('SIGINT'));
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof DataDirInUseError || err instanceof Error ? err.message : err);
  if (!(err instanceof DataDirInUseError) && err instanceof Error && process.env.NODE_ENV !== 'production')
    console.error(err.stack);
  process.exit(1);
});
