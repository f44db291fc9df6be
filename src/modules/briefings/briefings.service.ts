import { londonToday } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import { Conflict, Forbidden, NotFound, ValidationFailed, type FieldError } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { parseOrThrow } from '../../platform/http/forms.ts';
import { isUuid } from '../../platform/schema.ts';
import { auditActorOf, type AuditRepository } from '../audit/index.ts';
import { fileSlug } from '../exports/index.ts';
import { evidenceByRecommendation } from '../learning/index.ts';
import type { NotificationsService } from '../notifications/index.ts';
import type { OrganisationsService } from '../organisations/index.ts';
import { TYPE_LABELS, type ReviewsService } from '../reviews/index.ts';
import { draftFromReview } from './briefings.draft.ts';
import { briefingPdf } from './briefings.pdf.ts';
import type { BriefingContent, BriefingsRepository } from './briefings.repository.ts';
import {
  BriefingCreateSchema,
  BriefingUpdateSchema,
  ConfirmSharedSchema,
  ListQuery,
  PublishSchema,
} from './briefings.schema.ts';
import {
  REQUIRED_SECTIONS,
  SECTIONS,
  type Briefing,
  type BriefingView,
  type LearningEvidence,
  type PublishedBriefingText,
  type SectionKey,
} from './briefings.types.ts';

interface Deps {
  db: Db;
  briefings: BriefingsRepository;
  audit: AuditRepository;
  reviews: Pick<ReviewsService, 'find' | 'list'>;
  organisations: Pick<OrganisationsService, 'list'>;
  notifications: Pick<NotificationsService, 'notify'>;
}

const isBusinessUnit = (actor: Actor) => actor.role === 'business-unit';
const assertBusinessUnit = (actor: Actor, what: string) => {
  if (!isBusinessUnit(actor)) throw new Forbidden(`Only the partnership business unit can ${what} briefings`);
};
const versionOf = (input: unknown) => Number((input as { version?: unknown } | null)?.version);

export function reachOf(b: Pick<Briefing, 'recipients'>) {
  return {
    organisations: b.recipients.length,
    confirmed: b.recipients.filter((r) => r.confirmedAt).length,
    acknowledgements: b.recipients.reduce((n, r) => n + r.acknowledgements, 0),
  };
}

/** "Shared by 4 of 6 organisations; 23 staff have read it" */
export function reachInWords(reach: ReturnType<typeof reachOf>): string {
  const staff =
    reach.acknowledgements === 1 ? '1 member of staff has' : `${reach.acknowledgements} staff have`;
  const orgs = reach.organisations === 1 ? 'organisation' : 'organisations';
  return `Shared by ${reach.confirmed} of ${reach.organisations} ${orgs}; ${staff} read it`;
}

export function createBriefingsService({
  db,
  briefings,
  audit,
  reviews,
  organisations,
  notifications,
}: Deps) {
  /** The briefing if the actor may read it: drafts are the business unit's alone (404 for anyone else). */
  async function readable(actor: Actor, id: string): Promise<Briefing> {
    const briefing = isUuid(id) ? await briefings.find(db, id) : undefined;
    if (!briefing || (briefing.status === 'draft' && !isBusinessUnit(actor))) throw new NotFound('Briefing');
    return briefing;
  }

  async function viewOf(actor: Actor, b: Briefing): Promise<BriefingView> {
    const mine = b.recipients.find((r) => r.organisationId === actor.organisationId);
    const acknowledgedByMe = await briefings.hasAcknowledged(db, b.id, actor.id);
    const published = b.status === 'published';
    return {
      ...b,
      reach: reachOf(b),
      acknowledgedByMe,
      canEdit: !published && isBusinessUnit(actor),
      canConfirm: published && actor.role === 'organisation-lead' && !!mine && !mine.confirmedAt,
      canAcknowledge: published && actor.role !== 'board-member' && !!mine && !acknowledgedByMe,
    };
  }

  /** Links must name the review's own learning points and recommendations. */
  async function checkLinks(reviewId: string, content: Partial<BriefingContent>): Promise<FieldError[]> {
    const errors: FieldError[] = [];
    const [points, recs] = await Promise.all([
      briefings.reviewPoints(db, reviewId, 'learning-point'),
      briefings.reviewRecommendations(db, reviewId),
    ]);
    const known = (list: { id: string }[], wanted: string[] | undefined) =>
      (wanted ?? []).every((id) => list.some((p) => p.id === id));
    if (!known(points, content.learningPointIds))
      errors.push({ path: 'learningPointIds', message: 'Select learning points from the list' });
    if (!known(recs, content.recommendationIds))
      errors.push({ path: 'recommendationIds', message: 'Select recommendations from the list' });
    return errors;
  }

  /**
   * Published briefings that draw on each recommendation, with their reach, in one query for all
   * of them. Drafts never show: their titles are the business unit's until published.
   */
  async function learningEvidenceFor(
    _actor: Actor,
    recommendationIds: readonly string[],
  ): Promise<Map<string, LearningEvidence[]>> {
    const ids = recommendationIds.filter(isUuid);
    if (!ids.length) return new Map();
    const rows = await briefings.publishedForRecommendations(db, ids);
    return evidenceByRecommendation(rows, (b) => ({
      kind: 'briefing',
      title: b.title,
      href: `/briefings/${b.id}`,
      detail: reachInWords(b),
      date: b.publishedDate,
    }));
  }

  const contentOf = (b: Briefing): BriefingContent => ({
    title: b.title,
    ...(Object.fromEntries(SECTIONS.map((s) => [s.key, b[s.key]])) as Record<SectionKey, string>),
    learningPointIds: b.learningPoints.map((p) => p.id),
    recommendationIds: b.recommendations.map((p) => p.id),
  });

  return {
    async list(actor: Actor, query: unknown) {
      const q = parseOrThrow(ListQuery, query ?? {});
      if (q.reviewId && !isUuid(q.reviewId))
        return { items: [], total: 0, page: q.page, pageSize: q.pageSize, reviewId: q.reviewId };
      const { items, total } = await briefings.list(db, { ...q, includeDrafts: isBusinessUnit(actor) });
      return { items, total, page: q.page, pageSize: q.pageSize, reviewId: q.reviewId };
    },

    /** The reviews that have briefings the actor may read (for the list's filter). */
    async reviewsWithBriefings(actor: Actor) {
      return briefings.reviewsWithBriefings(db, isBusinessUnit(actor));
    },

    async get(actor: Actor, id: string): Promise<BriefingView> {
      return viewOf(actor, await readable(actor, id));
    },

    /** Reviews a briefing can be drafted from (business unit only). */
    async reviewsToDraftFrom(actor: Actor) {
      assertBusinessUnit(actor, 'draft');
      return (await reviews.list(actor, { page: 1, pageSize: 200 })).items;
    },

    /** The review's learning points and recommendations, for the draft's link boxes. */
    async linkOptions(actor: Actor, id: string) {
      const b = await readable(actor, id);
      const [learningPoints, recommendations] = await Promise.all([
        briefings.reviewPoints(db, b.reviewId, 'learning-point'),
        briefings.reviewRecommendations(db, b.reviewId),
      ]);
      return { learningPoints, recommendations };
    },

    /**
     * Drafts a briefing from a review: pre-filled from its summary, findings and conclusion, its
     * learning points and its recommendations (all linked), which the business unit then edits.
     */
    async createDraft(actor: Actor, input: unknown): Promise<BriefingView> {
      assertBusinessUnit(actor, 'draft');
      const data = parseOrThrow(BriefingCreateSchema, input);
      const review = await reviews.find(actor, data.reviewId).catch((err) => {
        if (err instanceof NotFound)
          throw new ValidationFailed([{ path: 'reviewId', message: 'Select a review' }]);
        throw err;
      });
      const [findings, learningPoints, recommendations] = await Promise.all([
        briefings.reviewPoints(db, review.id, 'finding'),
        briefings.reviewPoints(db, review.id, 'learning-point'),
        briefings.reviewRecommendations(db, review.id),
      ]);
      const drafted = draftFromReview({
        review: { ...review, typeLabel: TYPE_LABELS[review.type] },
        findings,
        learningPoints,
        recommendations,
      });
      const content: BriefingContent = {
        ...drafted,
        ...Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined)),
        learningPointIds: data.learningPointIds ?? learningPoints.map((p) => p.id),
        recommendationIds: data.recommendationIds ?? recommendations.map((p) => p.id),
      };
      const errors = await checkLinks(review.id, content);
      if (errors.length) throw new ValidationFailed(errors);
      const id = await db.transaction(async (tx) => {
        const newId = await briefings.insert(tx, review.id, actor.id, content);
        await audit.insert(tx, auditActorOf(actor), {
          event: 'briefing.created',
          subjectType: 'briefing',
          subjectId: newId,
          after: { reviewId: review.id, ...content },
        });
        return newId;
      });
      return viewOf(actor, (await briefings.find(db, id))!);
    },

    /** Saves a draft. A stale `version` is a 409 before any other rule; a published briefing is fixed. */
    async update(actor: Actor, id: string, input: unknown): Promise<BriefingView> {
      const current = await readable(actor, id);
      if (versionOf(input) !== current.version) throw new Conflict(undefined, current);
      assertBusinessUnit(actor, 'change');
      if (current.status !== 'draft')
        throw new Conflict(
          'A published briefing cannot be changed, so that it stays as organisations shared it',
        );
      const data = parseOrThrow(BriefingUpdateSchema, input);
      const before = contentOf(current);
      const after: BriefingContent = {
        ...before,
        ...Object.fromEntries(Object.entries(data).filter(([k, v]) => k !== 'version' && v !== undefined)),
      };
      const errors = await checkLinks(current.reviewId, after);
      if (errors.length) throw new ValidationFailed(errors);
      await db.transaction(async (tx) => {
        if (!(await briefings.update(tx, id, data.version, after))) throw new Conflict();
        await audit.insert(tx, auditActorOf(actor), {
          event: 'briefing.updated',
          subjectType: 'briefing',
          subjectId: id,
          before,
          after,
        });
      });
      return viewOf(actor, (await briefings.find(db, id))!);
    },

    /**
     * Publishes a complete draft to chosen organisations and tells each one's safeguarding leads, in
     * the same transaction as the audit row. Organisations without an active lead are named in the audit.
     */
    async publish(actor: Actor, id: string, input: unknown): Promise<BriefingView> {
      const current = await readable(actor, id);
      if (versionOf(input) !== current.version) throw new Conflict(undefined, current);
      assertBusinessUnit(actor, 'publish');
      if (current.status !== 'draft') throw new Conflict('This briefing has already been published');
      const data = parseOrThrow(PublishSchema, input);
      const errors: FieldError[] = REQUIRED_SECTIONS.filter((key) => !current[key].trim()).map((key) => ({
        path: key,
        message: `Add ${SECTIONS.find((s) => s.key === key)!.label.toLowerCase()} before publishing`,
      }));
      const all = await organisations.list(actor);
      const chosen = all.filter((o) => data.organisationIds.includes(o.id));
      if (chosen.length !== data.organisationIds.length)
        errors.push({ path: 'organisationIds', message: 'Select organisations from the list' });
      if (errors.length) throw new ValidationFailed(errors);
      const today = londonToday();
      await db.transaction(async (tx) => {
        const ok = await briefings.publish(tx, {
          id,
          version: data.version,
          userId: actor.id,
          date: today,
          organisationIds: data.organisationIds,
        });
        if (!ok) throw new Conflict();
        const noLead: string[] = [];
        for (const org of chosen) {
          const leads = await briefings.leadsOf(tx, org.id);
          if (!leads.length) noLead.push(org.name);
          for (const userId of leads)
            await notifications.notify(tx, {
              userId,
              kind: 'briefing-published',
              subject: `Learning briefing: ${current.title}`,
              body:
                `The partnership has published a learning briefing to ${org.name}: “${current.title}”, ` +
                `from the review of ${current.reviewRef}. Please share it with your staff, then confirm in Lantern that you have.`,
              link: `/briefings/${id}`,
            });
        }
        await audit.insert(tx, auditActorOf(actor), {
          event: 'briefing.published',
          subjectType: 'briefing',
          subjectId: id,
          details: {
            organisationIds: data.organisationIds,
            publishedDate: today,
            organisationsWithoutLead: noLead,
          },
        });
      });
      return viewOf(actor, (await briefings.find(db, id))!);
    },

    /** The lead of a recipient organisation confirms it was shared with staff (once). */
    async confirmShared(actor: Actor, id: string, input: unknown): Promise<BriefingView> {
      const b = await readable(actor, id);
      const mine = b.recipients.find((r) => r.organisationId === actor.organisationId);
      if (actor.role !== 'organisation-lead' || !mine)
        throw new Forbidden(
          'Only the lead of an organisation the briefing was sent to can confirm it was shared',
        );
      if (mine.confirmedAt)
        throw new Conflict('Your organisation has already confirmed it shared this briefing');
      const data = parseOrThrow(ConfirmSharedSchema, input);
      if (b.publishedDate && data.sharedDate < b.publishedDate)
        throw new ValidationFailed([
          {
            path: 'sharedDate',
            message: 'The date it was shared must be on or after the day it was published',
          },
        ]);
      await db.transaction(async (tx) => {
        const ok = await briefings.confirmShared(tx, {
          id,
          organisationId: actor.organisationId,
          userId: actor.id,
          sharedDate: data.sharedDate,
          how: data.how ?? '',
        });
        if (!ok) throw new Conflict('Your organisation has already confirmed it shared this briefing');
        await audit.insert(tx, auditActorOf(actor), {
          event: 'briefing.shared-confirmed',
          subjectType: 'briefing',
          subjectId: id,
          details: { organisationId: actor.organisationId, sharedDate: data.sharedDate, how: data.how ?? '' },
        });
      });
      return viewOf(actor, (await briefings.find(db, id))!);
    },

    /** "I have read this briefing": any staff member of a recipient organisation, once. */
    async acknowledge(actor: Actor, id: string): Promise<BriefingView> {
      const b = await readable(actor, id);
      const recipient = b.recipients.some((r) => r.organisationId === actor.organisationId);
      if (!recipient || actor.role === 'board-member')
        throw new Forbidden('Only staff of an organisation the briefing was sent to can acknowledge it');
      await db.transaction(async (tx) => {
        if (!(await briefings.acknowledge(tx, id, actor.id, actor.organisationId)))
          throw new Conflict('You have already said you have read this briefing');
        await audit.insert(tx, auditActorOf(actor), {
          event: 'briefing.acknowledged',
          subjectType: 'briefing',
          subjectId: id,
          details: { organisationId: actor.organisationId },
        });
      });
      return viewOf(actor, (await briefings.find(db, id))!);
    },

    /** The briefing as an A4 PDF to print or send on. */
    async pdf(actor: Actor, id: string): Promise<{ filename: string; body: Buffer }> {
      const b = await readable(actor, id);
      const body = await briefingPdf(b);
      return { filename: `briefing-${fileSlug(b.title).slice(0, 60)}.pdf`, body };
    },

    /**
     * A published briefing's title and sections as plain text, or null when it is not published.
     * No actor: it is for the public page of a published review, which decides whether to show it.
     */
    async publishedText(id: string): Promise<PublishedBriefingText | null> {
      const b = isUuid(id) ? await briefings.publishedText(db, id) : undefined;
      if (!b) return null;
      const sections = SECTIONS.map((s) => ({ key: s.key, heading: s.label, text: b[s.key].trim() })).filter(
        (s) => s.text,
      );
      return { id: b.id, reviewId: b.reviewId, title: b.title, sections };
    },

    /** What briefings have done to spread a recommendation's learning, with their reach. */
    async learningEvidence(actor: Actor, recommendationId: string): Promise<LearningEvidence[]> {
      return (await learningEvidenceFor(actor, [recommendationId])).get(recommendationId.toLowerCase()) ?? [];
    },

    learningEvidenceFor,
  };
}
export type BriefingsService = ReturnType<typeof createBriefingsService>;
