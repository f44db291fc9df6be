import { randomUUID } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Db } from '../../platform/db/index.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { formatDate } from '../../platform/views/filters.ts';
import { auditActorOf, type AuditRepository } from '../audit/index.ts';
import type { ReviewStatus, ReviewType } from '../reviews/index.ts';
import type { ImportsRepository, NewAction, NewRecommendation, NewReview } from './imports.repository.ts';
import type { ImportJob, ImportPlan, ImportProgress } from './imports.types.ts';

interface Deps {
  db: Db;
  imports: ImportsRepository;
  audit: AuditRepository;
  /** Re-checks the job's rows against Lantern as it is now, reporting rows checked. */
  planFor(actor: Actor, job: ImportJob, onProgress: (done: number) => Promise<void>): Promise<ImportPlan>;
  today(): string;
}

/**
 * Where a review created by an import starts: its recommendations and actions exist, so a rapid
 * review has reached its decision, a local or learning review its final report, and a legacy
 * Serious Case Review was published long ago. The business unit corrects any of them on the review.
 */
export const IMPORTED_REVIEW_STATUS: Record<ReviewType, ReviewStatus> = {
  'rapid-review': 'decision',
  lcspr: 'final-report',
  'learning-review': 'final-report',
  scr: 'published',
};

const ACTIONS_PER_INSERT = 500;

/**
 * Runs imports after the response has gone, one transaction each, and keeps their progress.
 *
 * Progress lives in memory in the instance that runs the import (a Map keyed by job id), and is
 * written to the job row only outside the transaction: while the rows are checked, and with the
 * result. The reason is the embedded database: PGlite has one connection, and a query from outside
 * an open transaction waits until it ends, so the import could never write progress during its
 * own transaction (it would wait for itself for ever). The cost: while the rows are being saved,
 * only this instance can show how far it has got; another instance behind the same load balancer
 * shows the checking count until the result lands. The rows themselves are all-or-nothing.
 */
export function createImportRunner({ db, imports, audit, planFor, today }: Deps) {
  const progress = new Map<string, ImportProgress>();
  const running = new Map<string, Promise<void>>();

  async function run(actor: Actor, job: ImportJob): Promise<void> {
    const state: ImportProgress = { phase: 'checking', done: 0, total: job.totalRows };
    progress.set(job.id, state);
    let plan: ImportPlan | undefined;
    try {
      plan = await planFor(actor, job, async (done) => {
        state.done = done;
        await imports.recordProgress(db, job.id, done);
      });
      Object.assign(state, { phase: 'writing', done: 0, total: plan.actions.length });
      await write(actor, job, plan, state);
    } catch (err) {
      await imports
        .finish(db, job.id, {
          status: 'failed',
          totalRows: plan?.totalRows ?? job.totalRows,
          importedRows: 0,
          problems: [
            ...(plan?.problems ?? []),
            {
              row: null,
              messages: [`Nothing was imported. Lantern could not save the rows: ${(err as Error).message}`],
            },
          ],
        })
        .catch(() => undefined);
      await audit
        .insert(db, auditActorOf(actor), {
          event: 'import.failed',
          subjectType: 'import-job',
          subjectId: job.id,
          details: { error: (err as Error).message },
        })
        .catch(() => undefined);
    } finally {
      progress.delete(job.id);
    }
  }

  async function write(actor: Actor, job: ImportJob, plan: ImportPlan, state: ImportProgress): Promise<void> {
    const records = recordsOf(plan, today());
    const who = auditActorOf(actor);
    const details = { importJobId: job.id };
    await db.transaction(async (tx) => {
      await imports.insertReviews(tx, records.reviews, actor.id);
      await imports.insertRecommendations(tx, records.recommendations);
      const created = [
        ...records.reviews.map((r) => ({
          event: 'review.created',
          subjectType: 'review',
          subjectId: r.id,
          after: r,
          details,
        })),
        ...records.recommendations.map((r) => ({
          event: 'recommendation.created',
          subjectType: 'recommendation',
          subjectId: r.id,
          after: r,
          details: { ...details, reviewId: r.reviewId },
        })),
      ];
      for (const event of created) await audit.insert(tx, who, event);
      for (let i = 0; i < records.actions.length; i += ACTIONS_PER_INSERT) {
        const batch = records.actions.slice(i, i + ACTIONS_PER_INSERT);
        await imports.insertActions(tx, batch);
        for (const [j, a] of batch.entries()) {
          const row = plan.actions[i + j]!.row;
          await audit.insert(tx, who, {
            event: 'action.created',
            subjectType: 'action',
            subjectId: a.id,
            after: a,
            details: { ...details, row },
          });
        }
        state.done += batch.length;
        await yieldToEventLoop();
      }
      await audit.insert(tx, who, {
        event: 'import.completed',
        subjectType: 'import-job',
        subjectId: job.id,
        details: {
          rows: plan.totalRows,
          imported: records.actions.length,
          notImported: plan.problems.length,
          reviewsCreated: records.reviews.length,
          recommendationsCreated: records.recommendations.length,
        },
      });
      await imports.finish(tx, job.id, {
        status: 'done',
        totalRows: plan.totalRows,
        importedRows: records.actions.length,
        problems: [...plan.problems, ...plan.notes],
      });
    });
  }

  return {
    /** Starts the import after the current request; false if it is already running or finished. */
    async start(actor: Actor, job: ImportJob): Promise<boolean> {
      if (!(await imports.claim(db, job.id))) return false;
      const task = yieldToEventLoop()
        .then(() => run(actor, job))
        .finally(() => running.delete(job.id));
      running.set(job.id, task);
      return true;
    },
    progressOf: (jobId: string): ImportProgress | undefined => progress.get(jobId),
    /** Resolves when the import running in this instance has finished (at once if none is). */
    settled: async (jobId: string): Promise<void> => running.get(jobId),
  };
}

/** The rows to insert, with ids made here so each action's audit row names it. */
function recordsOf(plan: ImportPlan, today: string) {
  const reviewIds = new Map<string, string>();
  const reviews: NewReview[] = [];
  for (const r of plan.reviews) {
    if (r.existingId) {
      reviewIds.set(r.key, r.existingId);
      continue;
    }
    const date = r.assumedDate!;
    const id = randomUUID();
    reviewIds.set(r.key, id);
    reviews.push({
      id,
      type: r.type,
      status: IMPORTED_REVIEW_STATUS[r.type],
      subjectRef: r.subjectRef,
      date,
      lcsprDecisionDate: r.type === 'lcspr' ? date : null,
      summary:
        `Created by a spreadsheet import on ${formatDate(today)}. The action plan did not give this review's dates, ` +
        `so they are all set to ${formatDate(date)}: the earliest due date of its actions, or the day of the import ` +
        'if that was still to come. Correct them if you know them.',
    });
  }
  const recommendationIds = new Map<string, string>();
  const recommendations: NewRecommendation[] = [];
  for (const r of plan.recommendations) {
    const id = r.existingId ?? randomUUID();
    recommendationIds.set(`${r.reviewKey}#${r.number}`, id);
    if (!r.existingId)
      recommendations.push({ id, reviewId: reviewIds.get(r.reviewKey)!, number: r.number, text: r.text });
  }
  const actions: NewAction[] = plan.actions.map((a) => ({
    id: randomUUID(),
    recommendationId: recommendationIds.get(`${a.reviewKey}#${a.recommendationNumber}`)!,
    organisationId: a.organisationId,
    ownerUserId: a.ownerUserId,
    description: a.description,
    dueDate: a.dueDate,
    status: a.status,
  }));
  return { reviews, recommendations, actions };
}
