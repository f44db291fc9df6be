import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { after, describe, it } from 'node:test';
import { addDays } from '../../src/platform/clock.ts';
import type { Db } from '../../src/platform/db/index.ts';
import { openPostgres } from '../../src/platform/db/postgres.ts';
import { startJobRunner, type JobRunner } from '../../src/platform/jobs/jobs.ts';
import { createOrganisation, createReviewWithAction, createUser } from '../factories.ts';
import { createPostgresTestDatabase, createTestDb } from '../test-db.ts';
import { JOB_TEST_TODAY, reminderJobsForTest } from './reminder-jobs.ts';

const POSTGRES = process.env.TEST_DATABASE_URL;

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 45_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Five actions 20+ days overdue: each owes the owner, the lead and the business unit one message. */
async function overdueActions(db: Db) {
  const org = await createOrganisation(db, 'police');
  const owner = await createUser(db, 'practitioner', org.id);
  const lead = await createUser(db, 'organisation-lead', org.id);
  const manager = await createUser(db, 'business-unit');
  for (let i = 0; i < 5; i++)
    await createReviewWithAction(db, org.id, {
      ownerUserId: owner.id,
      dueDate: addDays(JOB_TEST_TODAY, -20 - i),
    });
  return { owner, lead, manager };
}

async function countsFor(db: Db, userIds: string[]): Promise<number[]> {
  const counts: number[] = [];
  for (const id of userIds) {
    const rows = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM notifications WHERE user_id = $1',
      [id],
    );
    counts.push(rows[0]!.n);
  }
  return counts;
}

async function jobsIn(db: Db, state: string): Promise<number> {
  const rows = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'reminders' AND state = $1`,
    [state],
  );
  return rows[0]!.n;
}

describe('background jobs', () => {
  it('runs a sent job through pg-boss on this database engine', async () => {
    const db = await createTestDb();
    let runner: JobRunner | undefined;
    try {
      const { owner } = await overdueActions(db);
      runner = await startJobRunner(db, reminderJobsForTest(db), { pollingIntervalSeconds: 0.5 });
      await runner.send('reminders');
      await waitFor('the reminders job', async () => (await countsFor(db, [owner.id]))[0] === 5);
    } finally {
      await runner?.stop();
      await db.close();
    }
  });
});

describe(
  'reminders are sent exactly once on PostgreSQL',
  { skip: !POSTGRES && 'needs TEST_DATABASE_URL' },
  () => {
    const cleanups: (() => Promise<unknown>)[] = [];
    after(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    });

    it('with two app instances working the same queue', async () => {
      const database = await createPostgresTestDatabase(POSTGRES!);
      cleanups.push(database.drop);
      const instances = [openPostgres(database.url, { max: 3 }), openPostgres(database.url, { max: 3 })];
      cleanups.push(...instances.map((db) => () => db.close()));
      const { owner, lead, manager } = await overdueActions(instances[0]!);

      const ran = [0, 0];
      const runners: JobRunner[] = [];
      for (const [i, db] of instances.entries()) {
        const jobs = reminderJobsForTest(db, {
          // Each run takes a moment, so both instances get some of the jobs.
          onRun: async () => {
            ran[i]!++;
            await new Promise((r) => setTimeout(r, 150));
          },
        });
        runners.push(await startJobRunner(db, jobs, { pollingIntervalSeconds: 0.5 }));
      }
      cleanups.push(...runners.map((r) => () => r.stop()));
      for (let i = 0; i < 10; i++) await runners[i % 2]!.send('reminders');
      await waitFor('ten completed runs', async () => (await jobsIn(instances[0]!, 'completed')) === 10);

      assert.ok(ran[0]! > 0 && ran[1]! > 0, `both instances ran jobs (${ran.join(' and ')})`);
      assert.deepEqual(await countsFor(instances[0]!, [owner.id, lead.id, manager.id]), [5, 5, 5]);
      const ledger = await instances[0]!.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM reminders_sent',
      );
      assert.equal(ledger[0]!.n, 15);
    });

    it('when a worker is killed mid-reminder and the job is retried after a restart', async () => {
      const database = await createPostgresTestDatabase(POSTGRES!);
      cleanups.push(database.drop);
      const db = openPostgres(database.url, { max: 3 });
      cleanups.push(() => db.close());
      const { owner, lead, manager } = await overdueActions(db);

      // Instance 1, in its own process, takes the job and stops inside its first transaction.
      const child: ChildProcess = spawn(
        process.execPath,
        ['--import', 'tsx', 'test/jobs/reminder-worker.ts'],
        {
          env: { ...process.env, LANTERN_TEST_DB_URL: database.url, PAUSE_AFTER_FIRST_NOTIFICATION: '1' },
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      cleanups.push(async () => child.kill('SIGKILL'));
      let output = '';
      child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      await waitFor('the worker to start', async () => output.includes('ready'));
      const sender = await startJobRunner(db, [], {});
      cleanups.push(() => sender.stop());
      await sender.send('reminders');
      await waitFor('the worker to pause mid-reminder', async () => output.includes('paused'));
      // Its notification is written but not committed: nobody can see it.
      assert.deepEqual(await countsFor(db, [owner.id, lead.id, manager.id]), [0, 0, 0]);

      child.kill('SIGKILL');
      await once(child, 'exit');
      assert.equal(await jobsIn(db, 'active'), 1, 'the dead worker still holds the job');

      // Instance 2 starts: pg-boss expires the dead worker's job and retries it here.
      const restarted = await startJobRunner(db, reminderJobsForTest(db), {
        pollingIntervalSeconds: 0.5,
        maintenanceIntervalSeconds: 1,
      });
      cleanups.push(() => restarted.stop());
      await waitFor('the retried job to complete', async () => (await jobsIn(db, 'completed')) === 1);
      assert.deepEqual(await countsFor(db, [owner.id, lead.id, manager.id]), [5, 5, 5]);

      // And a further run (the next hour's schedule) sends nothing again.
      await restarted.send('reminders');
      await waitFor('the second run', async () => (await jobsIn(db, 'completed')) === 2);
      assert.deepEqual(await countsFor(db, [owner.id, lead.id, manager.id]), [5, 5, 5]);
      const outbox = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox');
      assert.equal(outbox[0]!.n, 15, 'one e-mail per notification');
    });
  },
);
