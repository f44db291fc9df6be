import type { Db, Queryable } from '../../platform/db/index.ts';
import { addDays, londonToday } from '../../platform/clock.ts';
import { timelineOf, type TimelineStep } from '../clocks/index.ts';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../../platform/errors.ts';
import { parseOrThrow as parse } from '../../platform/http/forms.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { auditActorOf, type AuditRepository } from '../audit/index.ts';
import type { DirectoryService } from '../auth/index.ts';
import type { ReviewRow, ReviewScope, ReviewsRepository } from './reviews.repository.ts';
import {
  AssuranceSchema,
  PointCreateSchema,
  RecommendationCreateSchema,
  ReviewCreateSchema,
  ReviewUpdateSchema,
} from './reviews.schema.ts';
import type { Recommendation, Review, ReviewPoint } from './reviews.types.ts';
import { allowedNextStatuses, initialStatus, typeAfterDecision, workflowErrors } from './reviews.workflow.ts';
import { isUuid } from '../../platform/schema.ts';

interface Deps {
  db: Db;
  reviews: ReviewsRepository;
  audit: AuditRepository;
  directory: DirectoryService;
  /**
   * The statutory clocks: named dates computed from the review's recorded dates under the policy
   * and calendar in force (read from the database; inside a transaction, pass its `tx`).
   */
  deadlinesFor: (
    review: Pick<
      Review,
      'type' | 'awareDate' | 'panelNotifiedDate' | 'lcsprDecisionDate' | 'plannedPublicationDate'
    >,
    q?: Queryable,
  ) => Promise<Record<string, string | undefined>>;
  /**
   * Asked before a review moves to `published`: a message when publication is blocked (no report
   * attached, or the publication check has open findings), null when it may go ahead. Unset: no gate.
   */
  publicationGate?: (reviewId: string, tx: Queryable) => Promise<string | null>;
  /** Told after a review has moved to `published` (the publishing module passes it on). */
  onPublished?: (reviewId: string) => Promise<void>;
}

export interface ReviewWithDeadlines extends Review {
  /** Named statutory dates; computed, never written (filled in by the statutory clocks). */
  deadlines: Record<string, string>;
}

export interface DeadlineDue {
  reviewId: string;
  step: TimelineStep['key'];
  subjectRef: string;
  label: string;
  due: string;
  overdue: boolean;
}

export interface ReviewRecord {
  review: ReviewWithDeadlines;
  points: ReviewPoint[];
  recommendations: Recommendation[];
}

/** Who may see which reviews: the business unit and board all; reviewers theirs; partners those they hold actions in. */
/** A UUID as PostgreSQL reads it: anything else is a record that cannot exist (404, not a 500). */

export function reviewScopeFor(actor: Actor): ReviewScope {
  switch (actor.role) {
    case 'business-unit':
    case 'board-member':
      return { kind: 'all' };
    case 'reviewer':
      return { kind: 'reviewer', userId: actor.id };
    default:
      return { kind: 'organisation', organisationId: actor.organisationId };
  }
}

export function createReviewsService({
  db,
  reviews,
  audit,
  directory,
  deadlinesFor: statutoryDates,
  publicationGate,
  onPublished,
}: Deps) {
  /**
   * The statutory clocks run for serious incidents only (a rapid review and the LCSPR it may
   * become); a learning review or a legacy serious case review has none.
   */
  const deadlinesFor: Deps['deadlinesFor'] = async (review, q) =>
    review.type === 'rapid-review' || review.type === 'lcspr' ? statutoryDates(review, q) : {};

  const withDeadlines = async (review: Review, q: Queryable = db): Promise<ReviewWithDeadlines> => {
    const deadlines: Record<string, string> = {};
    for (const [name, date] of Object.entries(await deadlinesFor(review, q)))
      if (date) deadlines[name] = date;
    return { ...review, deadlines };
  };

  async function visibleReview(actor: Actor, id: string, tx: Queryable = db): Promise<Review> {
    if (!isUuid(id)) throw new NotFound('Review');
    const review = await reviews.find(tx, id, reviewScopeFor(actor));
    if (!review) throw new NotFound('Review');
    return review;
  }

  /** The business unit edits everything; an assigned reviewer edits the review's content. */
  async function assertCanEditContent(actor: Actor, reviewId: string): Promise<void> {
    if (actor.role === 'business-unit') return;
    if (actor.role === 'reviewer' && (await reviews.isReviewer(db, reviewId, actor.id))) return;
    throw new Forbidden(
      'Only the partnership business unit or the review’s reviewers can change this review',
    );
  }

  async function checkReviewers(ids: string[] | undefined): Promise<void> {
    if (!ids?.length) return;
    const found = await directory.findActive(ids);
    const eligible = found.filter((u) => u.role === 'reviewer' || u.role === 'business-unit');
    if (eligible.length !== new Set(ids).size) {
      throw new ValidationFailed([{ path: 'reviewerIds', message: 'Select reviewers from the list' }]);
    }
  }

  async function visibleRecommendation(
    actor: Actor,
    recommendationId: string,
  ): Promise<{ recommendation: Recommendation; review: Review }> {
    if (!isUuid(recommendationId)) throw new NotFound('Recommendation');
    const recommendation = await reviews.findRecommendation(db, recommendationId);
    if (!recommendation) throw new NotFound('Recommendation');
    const review = await reviews.find(db, recommendation.reviewId, reviewScopeFor(actor));
    if (!review) throw new NotFound('Recommendation');
    return { recommendation, review };
  }

  /** Statutory steps not yet done that are overdue or due within `withinDays`, soonest first. */
  async function stepsDue(scope: ReviewScope, today: string, withinDays: number): Promise<DeadlineDue[]> {
    const horizon = addDays(today, withinDays);
    const due: DeadlineDue[] = [];
    for (let page = 1; ; page++) {
      const { items, total } = await reviews.list(db, scope, { page, pageSize: 200, today });
      for (const review of items) {
        if (review.status === 'closed') continue;
        const deadlines = await deadlinesFor(review);
        for (const step of timelineOf(review, deadlines, today)) {
          if (step.state !== 'done' && step.due <= horizon) {
            due.push({
              reviewId: review.id,
              step: step.key,
              subjectRef: review.subjectRef,
              label: step.label,
              due: step.due,
              overdue: step.state === 'overdue',
            });
          }
        }
      }
      if (page * 200 >= total) break;
    }
    return due.sort((a, b) => a.due.localeCompare(b.due));
  }

  return {
    scopeFor: reviewScopeFor,

    async list(actor: Actor, paging: { page: number; pageSize: number }) {
      return reviews.list(db, reviewScopeFor(actor), { ...paging, today: londonToday() });
    },

    /**
     * Every statutory step not yet done that is overdue or due within `withinDays`, across the
     * reviews the actor may see, soonest first: the partnership's deadlines page.
     */
    async deadlinesDue(actor: Actor, withinDays = 30): Promise<DeadlineDue[]> {
      return stepsDue(reviewScopeFor(actor), londonToday(), withinDays);
    },

    /** Every statutory step due within `withinDays` of `today` or overdue, across the partnership (for reminders). */
    statutoryStepsDue: (today: string, withinDays: number) => stepsDue({ kind: 'all' }, today, withinDays),

    /** The whole review record. Every view is written to the audit log. */
    async get(actor: Actor, id: string): Promise<ReviewRecord> {
      const review = await visibleReview(actor, id);
      const [points, recommendations] = await Promise.all([
        reviews.listPoints(db, id),
        reviews.listRecommendations(db, id),
      ]);
      await audit.insert(db, auditActorOf(actor), {
        event: 'review.viewed',
        subjectType: 'review',
        subjectId: id,
      });
      return { review: await withDeadlines(review), points, recommendations };
    },

    /**
     * The review when the actor may see it (404 otherwise), writing no audit row: for features
     * beside the review that audit their own views (the serious incident notification).
     */
    async find(actor: Actor, id: string): Promise<ReviewWithDeadlines> {
      return withDeadlines(await visibleReview(actor, id));
    },

    /** Whether the actor may change the review's content (for showing or hiding buttons). */
    async canEditContent(actor: Actor, reviewId: string): Promise<boolean> {
      return assertCanEditContent(actor, reviewId).then(
        () => true,
        () => false,
      );
    },

    async create(actor: Actor, input: unknown): Promise<ReviewWithDeadlines> {
      if (actor.role !== 'business-unit')
        throw new Forbidden('Only the partnership business unit can start a review');
      const data = parse(ReviewCreateSchema, input);
      const row: ReviewRow = {
        type: typeAfterDecision(data.type, data.lcsprDecisionDate ?? null),
        status: initialStatus(data.type),
        subjectRef: data.subjectRef,
        ageBand: data.ageBand ?? null,
        incidentDate: data.incidentDate,
        awareDate: data.awareDate,
        panelNotifiedDate: data.panelNotifiedDate ?? null,
        lcsprDecisionDate: data.lcsprDecisionDate ?? null,
        rapidReviewSentDate: data.rapidReviewSentDate ?? null,
        reportSentDate: data.reportSentDate ?? null,
        publishedDate: data.publishedDate ?? null,
        plannedPublicationDate: data.plannedPublicationDate ?? null,
        summary: data.summary ?? '',
        conclusion: data.conclusion ?? '',
        immediateActions: data.immediateActions ?? '',
        panelResponse: data.panelResponse ?? null,
        panelResponseDate: data.panelResponseDate ?? null,
        panelResponseNote: data.panelResponseNote ?? '',
        publicationDecision: data.publicationDecision ?? null,
        publicationReason: data.publicationReason ?? '',
      };
      const errors = workflowErrors(null, row);
      if (errors.length) throw new ValidationFailed(errors);
      await checkReviewers(data.reviewerIds);
      const id = await db.transaction(async (tx) => {
        const newId = await reviews.insert(tx, row, actor.id);
        await reviews.setReviewers(tx, newId, [...new Set(data.reviewerIds ?? [])]);
        await audit.insert(tx, auditActorOf(actor), {
          event: 'review.created',
          subjectType: 'review',
          subjectId: newId,
          after: { ...row, reviewerIds: data.reviewerIds ?? [] },
        });
        return newId;
      });
      return await withDeadlines((await reviews.find(db, id))!);
    },

    /**
     * Changes a review. Order of checks: the caller must see it (404), their copy must be current
     * (409), their role must allow the change (403), and the values must be valid (400).
     * The checks that read other tables run before the transaction: the embedded database has one
     * connection, so a query outside the transaction while it is open would wait for ever.
     */
    async update(actor: Actor, id: string, input: unknown): Promise<ReviewWithDeadlines> {
      const version = Number((input as { version?: unknown } | null)?.version);
      const current = await visibleReview(actor, id);
      if (current.version !== version) throw new Conflict(undefined, await withDeadlines(current));
      await assertCanEditContent(actor, id);
      const data = parse(ReviewUpdateSchema, input);
      const { version: _v, reviewerIds, ...fields } = data;
      const contentOnly = Object.keys(fields).every((k) => k === 'summary' || k === 'conclusion');
      if (actor.role !== 'business-unit' && (!contentOnly || reviewerIds)) {
        throw new Forbidden(
          'Reviewers can change the summary and conclusion; the business unit changes the rest',
        );
      }
      await checkReviewers(reviewerIds);
      const updated = await db.transaction(async (tx) => {
        // Lock first, then read: the values checked below are the ones the update replaces.
        const locked = await reviews.lock(tx, id);
        const before = await visibleReview(actor, id, tx);
        if (!locked || locked.version !== version)
          throw new Conflict(undefined, await withDeadlines(before, tx));
        // Asked inside the transaction, with the review locked: a report or finding saved meanwhile
        // (those saves share-lock the review) is seen. Only for a move the workflow allows: a skipped
        // step or a decision not to publish gets its own message.
        const decision =
          fields.publicationDecision !== undefined ? fields.publicationDecision : before.publicationDecision;
        if (
          publicationGate &&
          fields.status === 'published' &&
          allowedNextStatuses(before.status).includes('published') &&
          (!decision || decision === 'publish')
        ) {
          const blocked = await publicationGate(id, tx);
          if (blocked) throw new ValidationFailed([{ path: 'status', message: blocked }]);
        }
        const merged = { ...before, ...fields };
        merged.type = typeAfterDecision(merged.type, merged.lcsprDecisionDate ?? null);
        const errors = workflowErrors(before, merged);
        if (errors.length) throw new ValidationFailed(errors);

        const changes: Partial<ReviewRow> = {};
        for (const key of Object.keys(fields) as (keyof ReviewRow)[]) {
          if (merged[key] !== before[key]) (changes as Record<string, unknown>)[key] = merged[key] ?? null;
        }
        if (merged.type !== before.type) changes.type = merged.type;
        const sameReviewers =
          !reviewerIds ||
          [...new Set(reviewerIds)].sort().join() ===
            before.reviewers
              .map((r) => r.id)
              .sort()
              .join();
        // Saving an unchanged form changes nothing: no new version, no audit row.
        if (Object.keys(changes).length === 0 && sameReviewers) return withDeadlines(before, tx);
        await reviews.update(tx, id, changes);
        if (reviewerIds) await reviews.setReviewers(tx, id, [...new Set(reviewerIds)]);
        const beforeValues = Object.fromEntries(
          Object.keys(changes).map((k) => [k, before[k as keyof ReviewRow]]),
        );
        await audit.insert(tx, auditActorOf(actor), {
          event: changes.status ? 'review.status-changed' : 'review.updated',
          subjectType: 'review',
          subjectId: id,
          before: reviewerIds
            ? { ...beforeValues, reviewerIds: before.reviewers.map((r) => r.id) }
            : beforeValues,
          after: reviewerIds ? { ...changes, reviewerIds } : changes,
        });
        return withDeadlines((await reviews.find(tx, id))!, tx);
      });
      if (onPublished && updated.status === 'published' && current.status !== 'published')
        await onPublished(id);
      return updated;
    },

    async addPoint(actor: Actor, reviewId: string, input: unknown): Promise<ReviewPoint> {
      await visibleReview(actor, reviewId);
      await assertCanEditContent(actor, reviewId);
      const data = parse(PointCreateSchema, input);
      return db.transaction(async (tx) => {
        await reviews.lock(tx, reviewId);
        const point = await reviews.insertPoint(tx, reviewId, data.kind, data.text);
        await audit.insert(tx, auditActorOf(actor), {
          event: 'review.point-added',
          subjectType: 'review',
          subjectId: reviewId,
          after: point,
        });
        return point;
      });
    },

    async listRecommendations(actor: Actor, reviewId: string): Promise<Recommendation[]> {
      await visibleReview(actor, reviewId);
      return reviews.listRecommendations(db, reviewId);
    },

    async addRecommendation(actor: Actor, reviewId: string, input: unknown): Promise<Recommendation> {
      await visibleReview(actor, reviewId);
      await assertCanEditContent(actor, reviewId);
      const data = parse(RecommendationCreateSchema, input);
      const ids = [...new Set(data.learningPointIds ?? [])];
      const points = await reviews.listPoints(db, reviewId);
      const learningPoints = new Set(points.filter((p) => p.kind === 'learning-point').map((p) => p.id));
      if (ids.some((lp) => !learningPoints.has(lp))) {
        throw new ValidationFailed([
          { path: 'learningPointIds', message: 'Select learning points of this review' },
        ]);
      }
      return db.transaction(async (tx) => {
        await reviews.lock(tx, reviewId);
        const id = await reviews.insertRecommendation(tx, reviewId, data.text, ids);
        const created = (await reviews.findRecommendation(tx, id))!;
        await audit.insert(tx, auditActorOf(actor), {
          event: 'recommendation.created',
          subjectType: 'recommendation',
          subjectId: id,
          after: created,
          details: { reviewId },
        });
        return created;
      });
    },

    /**
     * The business unit records how far a recommendation has got: "actions complete" once every
     * action is closed, "assured" when it is satisfied the learning is embedded (with its note).
     */
    async setAssurance(actor: Actor, recommendationId: string, input: unknown): Promise<Recommendation> {
      const { recommendation } = await visibleRecommendation(actor, recommendationId);
      if (
        (await reviews.lockRecommendation(db, recommendationId))?.version !==
        Number((input as { version?: unknown })?.version)
      ) {
        throw new Conflict(
          'This recommendation was changed by someone else after you opened it',
          recommendation,
        );
      }
      if (actor.role !== 'business-unit')
        throw new Forbidden('Only the partnership business unit assures recommendations');
      const data = parse(AssuranceSchema, input);
      const note = data.assuranceNote ?? '';
      if (
        data.assuranceStatus !== 'open' &&
        (recommendation.actionCount === 0 || recommendation.openActionCount > 0)
      ) {
        throw new ValidationFailed([
          { path: 'assuranceStatus', message: 'Every action on this recommendation must be closed first' },
        ]);
      }
      if (data.assuranceStatus === 'assured' && !note) {
        throw new ValidationFailed([
          { path: 'assuranceNote', message: 'Say what shows the learning is embedded in practice' },
        ]);
      }
      await db.transaction(async (tx) => {
        const locked = await reviews.lockRecommendation(tx, recommendationId);
        if (locked?.version !== data.version) throw new Conflict(undefined, recommendation);
        await reviews.setAssurance(tx, recommendationId, {
          status: data.assuranceStatus,
          note,
          assuredBy: data.assuranceStatus === 'assured' ? actor.id : null,
        });
        await audit.insert(tx, auditActorOf(actor), {
          event: 'recommendation.assurance-changed',
          subjectType: 'recommendation',
          subjectId: recommendationId,
          before: {
            assuranceStatus: recommendation.assuranceStatus,
            assuranceNote: recommendation.assuranceNote,
          },
          after: { assuranceStatus: data.assuranceStatus, assuranceNote: note },
        });
      });
      return (await reviews.findRecommendation(db, recommendationId))!;
    },

    /** A recommendation the actor may see, with its review's reference (for actions). */
    findRecommendation: visibleRecommendation,

    /**
     * Throws NotFound unless the actor may see every one of these recommendations, as
     * `findRecommendation` would for each; one query however many there are (a review page's).
     */
    async assertRecommendationsVisible(actor: Actor, ids: readonly string[]): Promise<void> {
      if (!ids.every(isUuid)) throw new NotFound('Recommendation');
      // PostgreSQL answers UUIDs in lower case: count each one once, however it was written.
      const wanted = [...new Set(ids.map((id) => id.toLowerCase()))];
      if (!wanted.length) return;
      const visible = await reviews.visibleRecommendationIds(db, wanted, reviewScopeFor(actor));
      if (visible.length !== wanted.length) throw new NotFound('Recommendation');
    },
  };
}
export type ReviewsService = ReturnType<typeof createReviewsService>;
