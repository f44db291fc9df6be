import PgBoss from 'pg-boss';
import type { Db } from '../db/index.ts';

/** A background job: run on a schedule (cron, London time) or when sent, by whichever instance is free. */
export interface JobDefinition {
  name: string;
  /** Five-field cron in Europe/London time; omit for jobs only ever sent. */
  cron?: string;
  /** How long one run may take before it is presumed dead and retried. */
  expireInSeconds?: number;
  retryLimit?: number;
  retryDelaySeconds?: number;
  /** Also run once when an instance starts, to catch up on what a stopped service missed. */
  runAtStart?: boolean;
  run(data: unknown): Promise<void>;
}

export interface JobRunner {
  send(name: string, data?: object): Promise<string | null>;
  stop(): Promise<void>;
}

export interface JobRunnerOptions {
  /** How often an idle worker looks for work (pg-boss polls the database). */
  pollingIntervalSeconds?: number;
  /** How often expired jobs are failed and retried, and old ones archived. */
  maintenanceIntervalSeconds?: number;
  onError?(err: Error): void;
}

/**
 * pg-boss on Lantern's own database connection (a pool on PostgreSQL, the embedded PGlite otherwise),
 * so jobs live in the same database as the data and survive restarts. Statements without
 * parameters may be several at once (pg-boss's own migrations), which only the simple protocol runs.
 */
export function pgBossDb(db: Db): PgBoss.Db {
  return {
    async executeSql(text: string, values?: unknown[]) {
      const rows = values?.length ? await db.query(text, values) : await db.simpleQuery(text);
      return { rows };
    },
  };
}

/**
 * Starts pg-boss, creates each job's queue, (re)writes the schedules and starts a worker per job.
 * Every app instance runs this: pg-boss hands each job to one worker, and a schedule fires once a
 * minute-slot however many instances are running. Jobs must still be idempotent, because pg-boss
 * retries a job whose worker died mid-way.
 */
export async function startJobRunner(
  db: Db,
  jobs: JobDefinition[],
  options: JobRunnerOptions = {},
): Promise<JobRunner> {
  const boss = new PgBoss({
    db: pgBossDb(db),
    schema: 'pgboss',
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 120,
  });
  boss.on('error', (err: Error) => options.onError?.(err));
  await boss.start();
  for (const job of jobs) {
    await boss.createQueue(job.name, {
      name: job.name,
      retryLimit: job.retryLimit ?? 5,
      retryDelay: job.retryDelaySeconds ?? 30,
      retryBackoff: true,
      expireInSeconds: job.expireInSeconds ?? 15 * 60,
    });
    if (job.cron) await boss.schedule(job.name, job.cron, {}, { tz: 'Europe/London' });
    else await boss.unschedule(job.name).catch(() => undefined);
    await boss.work(
      job.name,
      { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 5, batchSize: 1 },
      async ([next]) => {
        if (next) await job.run(next.data);
      },
    );
    // One catch-up run however many instances start within the minute.
    if (job.runAtStart) await boss.send(job.name, {}, { singletonKey: 'start', singletonSeconds: 60 });
  }
  return {
    send: (name, data = {}) => boss.send(name, data),
    // Waits for jobs in progress to finish (up to 30 s), then stops polling.
    stop: () => boss.stop({ graceful: true, wait: true, timeout: 30_000 }),
  };
}
