import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.ts';
import { addDays, londonToday } from '../../platform/clock.ts';
import { timelineOf } from '../clocks/index.ts';
import { Forbidden } from '../../platform/errors.ts';
import { actorOf, type Actor } from '../../platform/http/current-user.ts';
import { dateParts, joinDateParts } from '../../platform/http/forms.ts';
import { setFlash, submitForm } from '../../platform/http/pages.ts';
import { pageParam } from '../../platform/schema.ts';
import {
  AGE_BAND_LABELS,
  AGE_BANDS,
  ASSURANCE_LABELS,
  ASSURANCE_STATUSES,
  POINT_KINDS,
  POINT_LABELS,
  REVIEW_TYPES,
  PANEL_RESPONSE_LABELS,
  PANEL_RESPONSES,
  PUBLICATION_DECISIONS,
  PUBLICATION_LABELS,
  STATUS_LABELS,
  TYPE_LABELS,
  type PointKind,
  type Review,
} from './reviews.types.ts';
import { allowedNextStatuses } from './reviews.workflow.ts';

type Body = Record<string, unknown>;
const DATE_FIELDS = [
  'incidentDate',
  'awareDate',
  'panelNotifiedDate',
  'lcsprDecisionDate',
  'panelResponseDate',
  'rapidReviewSentDate',
  'reportSentDate',
  'publishedDate',
  'plannedPublicationDate',
];
const PAGE_SIZE = 25;

const text = (body: Body, key: string) => (typeof body[key] === 'string' ? (body[key] as string).trim() : '');
const optional = (body: Body, key: string) => text(body, key) || undefined;
const asArray = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(String) : value ? [String(value)] : [];

/** The review form's fields, as the service (and API) takes them. */
function reviewInput(body: Body, mode: 'create' | 'edit', contentOnly: boolean): Body {
  const content = { summary: text(body, 'summary'), conclusion: text(body, 'conclusion') };
  if (contentOnly) return { version: body.version, ...content };
  // The edit form sends every field, so a blank one was cleared: null, which the schema refuses
  // for the required fields. (Undefined would slip past it and reach the database as NULL.)
  const blank = mode === 'edit' ? null : undefined;
  const date = (name: string) => joinDateParts(body, name) ?? blank;
  return {
    ...(mode === 'edit' ? { version: body.version, status: optional(body, 'status') ?? blank } : {}),
    type: optional(body, 'type') ?? blank,
    subjectRef: optional(body, 'subjectRef') ?? blank,
    ageBand: optional(body, 'ageBand') ?? blank,
    incidentDate: date('incidentDate'),
    awareDate: date('awareDate'),
    panelNotifiedDate: date('panelNotifiedDate'),
    lcsprDecisionDate: date('lcsprDecisionDate'),
    ...content,
    reviewerIds: asArray(body.reviewerIds),
    // The rest of the record comes later in a review's life, so only the edit form has it.
    ...(mode === 'edit'
      ? {
          immediateActions: text(body, 'immediateActions'),
          panelResponse: optional(body, 'panelResponse') ?? null,
          panelResponseDate: date('panelResponseDate'),
          panelResponseNote: text(body, 'panelResponseNote'),
          rapidReviewSentDate: date('rapidReviewSentDate'),
          reportSentDate: date('reportSentDate'),
          publishedDate: date('publishedDate'),
          plannedPublicationDate: date('plannedPublicationDate'),
          publicationDecision: optional(body, 'publicationDecision') ?? null,
          publicationReason: text(body, 'publicationReason'),
        }
      : {}),
  };
}

/** A saved review as the form shows it (dates split into day, month, year). */
function formValuesOf(review: Review): Body {
  const values: Body = { ...review, reviewerIds: review.reviewers.map((r) => r.id) };
  for (const name of DATE_FIELDS) {
    const parts = dateParts(review[name as keyof Review]);
    values[`${name}-day`] = parts.day;
    values[`${name}-month`] = parts.month;
    values[`${name}-year`] = parts.year;
  }
  return values;
}

function groupBy<T>(items: T[], key: (item: T) => string): Record<string, T[]> {
  const groups: Record<string, T[]> = {};
  for (const item of items) (groups[key(item)] ??= []).push(item);
  return groups;
}

const options = <T extends string>(values: readonly T[], labels: Record<T, string>) =>
  values.map((value) => ({ value, text: labels[value] }));

export async function reviewsPages(app: FastifyInstance, { services }: { services: Services }) {
  /** Forms are shown only to those who may submit them. */
  const assertCanEdit = async (actor: Actor, reviewId: string) => {
    if (!(await services.reviews.canEditContent(actor, reviewId))) {
      throw new Forbidden(
        'Only the partnership business unit or the review’s reviewers can change this review',
      );
    }
  };
  const reviewerChoices = async () =>
    (await services.directory.listActive(['reviewer', 'business-unit'])).map((u) => ({
      value: u.id,
      text: `${u.name} (${u.jobTitle ?? u.organisationName})`,
    }));
  const formChoices = async () => ({
    typeOptions: options(REVIEW_TYPES, TYPE_LABELS),
    ageBandOptions: options(AGE_BANDS, AGE_BAND_LABELS),
    reviewerOptions: await reviewerChoices(),
    panelResponseOptions: options(PANEL_RESPONSES, PANEL_RESPONSE_LABELS),
    publicationOptions: options(PUBLICATION_DECISIONS, PUBLICATION_LABELS),
  });

  app.get('/reviews', async (request, reply) => {
    const actor = actorOf(request);
    const page = pageParam.catch(1).parse((request.query as Body).page);
    const { items, total } = await services.reviews.list(actor, { page, pageSize: PAGE_SIZE });
    return reply.page('reviews-list.njk', {
      pageTitle: 'Reviews',
      activeNav: 'reviews',
      reviews: items,
      total,
      page,
      pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
      typeLabels: TYPE_LABELS,
      statusLabels: STATUS_LABELS,
      canCreate: actor.role === 'business-unit',
    });
  });

  app.get('/deadlines', async (request, reply) => {
    const actor = actorOf(request);
    const steps = await services.reviews.deadlinesDue(actor, 30);
    // Agencies' returns for rapid reviews are deadlines too, for those who send or answer them.
    const horizon = addDays(londonToday(), 30);
    const requests =
      actor.role === 'business-unit' || actor.role === 'organisation-lead'
        ? (await services.requests.list(actor)).filter((r) => r.status === 'sent' && r.dueDate <= horizon)
        : [];
    const due = [
      ...steps.map((d) => ({ ...d, href: `/reviews/${d.reviewId}#deadlines` })),
      ...requests.map((r) => ({
        reviewId: r.reviewId,
        subjectRef: r.subjectRef,
        label: `Information from ${r.organisationName} for the rapid review`,
        due: r.dueDate,
        overdue: r.overdue,
        href: `/requests/${r.id}`,
      })),
    ].sort((a, b) => a.due.localeCompare(b.due));
    return reply.page('deadlines.njk', {
      pageTitle: 'Statutory deadlines',
      activeNav: 'deadlines',
      overdue: due.filter((d) => d.overdue),
      upcoming: due.filter((d) => !d.overdue),
    });
  });

  app.get('/reviews/new', async (request, reply) => {
    if (actorOf(request).role !== 'business-unit')
      throw new Forbidden('Only the partnership business unit can start a review');
    return reply.page('review-form.njk', {
      pageTitle: 'Start a review',
      mode: 'create',
      values: {},
      errors: {},
      backLink: '/reviews',
      ...(await formChoices()),
    });
  });

  app.post('/reviews', async (request, reply) => {
    const actor = actorOf(request);
    const body = request.body as Body;
    const context = {
      pageTitle: 'Start a review',
      mode: 'create',
      values: body,
      backLink: '/reviews',
      ...(await formChoices()),
    };
    return submitForm(
      reply,
      { template: 'review-form.njk', context, dateFields: DATE_FIELDS },
      () => services.reviews.create(actor, reviewInput(body, 'create', false)),
      (review) => {
        setFlash(request, `Review ${review.subjectRef} started`);
        return reply.redirect(`/reviews/${review.id}`);
      },
    );
  });

  app.get('/reviews/:reviewId', async (request, reply) => {
    const actor = actorOf(request);
    const { reviewId } = request.params as { reviewId: string };
    const record = await services.reviews.get(actor, reviewId);
    const actions = await services.actions.listForReview(actor, reviewId);
    const pointsByKind = Object.fromEntries(
      POINT_KINDS.map((k) => [k, record.points.filter((p) => p.kind === k)]),
    );
    const learningPointNumber = Object.fromEntries(record.points.map((p) => [p.id, p.number]));
    return reply.page('review-show.njk', {
      pageTitle: `Review ${record.review.subjectRef}`,
      activeNav: 'reviews',
      backLink: '/reviews',
      ...record,
      pointsByKind,
      pointKinds: POINT_KINDS,
      pointLabels: POINT_LABELS,
      learningPointNumber,
      actionsByRecommendation: groupBy(actions, (a) => a.recommendationId ?? ''),
      measuresByRecommendation: await services.recommendationMeasures.forRecommendations(
        record.recommendations.map((r) => r.id),
      ),
      learningByRecommendation: await services.learning.forRecommendations(
        actor,
        record.recommendations.map((r) => r.id),
      ),
      typeLabels: TYPE_LABELS,
      statusLabels: STATUS_LABELS,
      ageBandLabels: AGE_BAND_LABELS,
      panelResponseLabels: PANEL_RESPONSE_LABELS,
      assuranceLabels: ASSURANCE_LABELS,
      publicationLabels: PUBLICATION_LABELS,
      timeline: timelineOf(record.review, record.review.deadlines, londonToday()),
      canEdit: await services.reviews.canEditContent(actor, reviewId),
      canAddActions: actor.role === 'business-unit',
      informationRequests: await services.requests.listForReview(actor, reviewId),
      canSendRequests: actor.role === 'business-unit',
    });
  });

  const editContext = async (actorRole: string, review: Review) => ({
    pageTitle: `Change review ${review.subjectRef}`,
    mode: 'edit',
    review,
    contentOnly: actorRole !== 'business-unit',
    statusOptions: [review.status, ...allowedNextStatuses(review.status)].map((s) => ({
      value: s,
      text: STATUS_LABELS[s],
    })),
    backLink: `/reviews/${review.id}`,
    ...(await formChoices()),
  });

  app.get('/reviews/:reviewId/edit', async (request, reply) => {
    const actor = actorOf(request);
    const { reviewId } = request.params as { reviewId: string };
    const { review } = await services.reviews.get(actor, reviewId);
    if (!(await services.reviews.canEditContent(actor, reviewId)))
      return reply.redirect(`/reviews/${reviewId}`);
    return reply.page('review-form.njk', {
      ...(await editContext(actor.role, review)),
      values: formValuesOf(review),
      errors: {},
    });
  });

  app.post('/reviews/:reviewId/edit', async (request, reply) => {
    const actor = actorOf(request);
    const { reviewId } = request.params as { reviewId: string };
    const body = request.body as Body;
    const { review } = await services.reviews.get(actor, reviewId);
    const context = await editContext(actor.role, review);
    return submitForm(
      reply,
      { template: 'review-form.njk', context: { ...context, values: body }, dateFields: DATE_FIELDS },
      () => services.reviews.update(actor, reviewId, reviewInput(body, 'edit', context.contentOnly)),
      () => {
        setFlash(request, 'Review updated');
        return reply.redirect(`/reviews/${reviewId}`);
      },
    );
  });

  app.get('/reviews/:reviewId/points/new', async (request, reply) => {
    const actor = actorOf(request);
    const { reviewId } = request.params as { reviewId: string };
    const kind = (POINT_KINDS as readonly string[]).includes((request.query as Body).kind as string)
      ? ((request.query as Body).kind as PointKind)
      : 'learning-point';
    const { review } = await services.reviews.get(actor, reviewId);
    await assertCanEdit(actor, reviewId);
    return reply.page('point-form.njk', { ...pointContext(review, kind), values: {}, errors: {} });
  });

  const pointContext = (review: Review, kind: PointKind) => ({
    pageTitle: `Add ${POINT_LABELS[kind].one.toLowerCase()}`,
    review,
    kind,
    label: POINT_LABELS[kind].one,
    backLink: `/reviews/${review.id}`,
  });

  app.post('/reviews/:reviewId/points', async (request, reply) => {
    const actor = actorOf(request);
    const { reviewId } = request.params as { reviewId: string };
    const body = request.body as Body;
    const { review } = await services.reviews.get(actor, reviewId);
    const kind = (POINT_KINDS as readonly string[]).includes(text(body, 'kind'))
      ? (text(body, 'kind') as PointKind)
      : 'learning-point';
    return submitForm(
      reply,
      { template: 'point-form.njk', context: { ...pointContext(review, kind), values: body } },
      () =>
        services.reviews.addPoint(actor, reviewId, { kind: text(body, 'kind'), text: text(body, 'text') }),
      (point) => {
        setFlash(request, `${POINT_LABELS[point.kind].one} ${point.number} added`);
        return reply.redirect(`/reviews/${reviewId}#${point.kind}s`);
      },
    );
  });

  const recommendationContext = async (actor: ReturnType<typeof actorOf>, reviewId: string) => {
    const { review, points } = await services.reviews.get(actor, reviewId);
    return {
      pageTitle: 'Add a recommendation',
      review,
      learningPointOptions: points
        .filter((p) => p.kind === 'learning-point')
        .map((p) => ({
          value: p.id,
          text: `Learning point ${p.number}: ${p.text.length > 140 ? `${p.text.slice(0, 140)}…` : p.text}`,
        })),
      backLink: `/reviews/${reviewId}`,
    };
  };

  app.get('/reviews/:reviewId/recommendations/new', async (request, reply) => {
    const actor = actorOf(request);
    const { reviewId } = request.params as { reviewId: string };
    const context = await recommendationContext(actor, reviewId);
    await assertCanEdit(actor, reviewId);
    return reply.page('recommendation-form.njk', {
      ...context,
      values: {},
      errors: {},
    });
  });

  app.post('/reviews/:reviewId/recommendations', async (request, reply) => {
    const actor = actorOf(request);
    const { reviewId } = request.params as { reviewId: string };
    const body = request.body as Body;
    return submitForm(
      reply,
      {
        template: 'recommendation-form.njk',
        context: { ...(await recommendationContext(actor, reviewId)), values: body },
      },
      () =>
        services.reviews.addRecommendation(actor, reviewId, {
          text: text(body, 'text'),
          learningPointIds: asArray(body.learningPointIds),
        }),
      (recommendation) => {
        setFlash(request, `Recommendation ${recommendation.number} added`);
        return reply.redirect(`/reviews/${reviewId}#recommendation-${recommendation.number}`);
      },
    );
  });

  const assuranceContext = async (actor: Actor, recommendationId: string) => {
    const { recommendation, review } = await services.reviews.findRecommendation(actor, recommendationId);
    if (actor.role !== 'business-unit')
      throw new Forbidden('Only the partnership business unit assures recommendations');
    return {
      pageTitle: `Assurance for recommendation ${recommendation.number}`,
      recommendation,
      review,
      statusOptions: options(ASSURANCE_STATUSES, ASSURANCE_LABELS),
      backLink: `/reviews/${review.id}#recommendation-${recommendation.number}`,
    };
  };

  app.get('/recommendations/:recommendationId/assurance', async (request, reply) => {
    const actor = actorOf(request);
    const { recommendationId } = request.params as { recommendationId: string };
    const context = await assuranceContext(actor, recommendationId);
    const { assuranceStatus, assuranceNote, version } = context.recommendation;
    return reply.page('assurance-form.njk', {
      ...context,
      values: { assuranceStatus, assuranceNote, version },
      errors: {},
    });
  });

  app.post('/recommendations/:recommendationId/assurance', async (request, reply) => {
    const actor = actorOf(request);
    const { recommendationId } = request.params as { recommendationId: string };
    const body = request.body as Body;
    const context = await assuranceContext(actor, recommendationId);
    return submitForm(
      reply,
      { template: 'assurance-form.njk', context: { ...context, values: body } },
      () =>
        services.reviews.setAssurance(actor, recommendationId, {
          version: body.version,
          assuranceStatus: optional(body, 'assuranceStatus'),
          assuranceNote: text(body, 'assuranceNote'),
        }),
      (recommendation) => {
        setFlash(
          request,
          `Recommendation ${recommendation.number}: ${ASSURANCE_LABELS[recommendation.assuranceStatus].toLowerCase()}`,
        );
        return reply.redirect(`/reviews/${recommendation.reviewId}#recommendation-${recommendation.number}`);
      },
    );
  });
}
