import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../../composition.ts';
import { Forbidden } from '../../platform/errors.ts';
import { actorOf, type Actor } from '../../platform/http/current-user.ts';
import { joinDateParts } from '../../platform/http/forms.ts';
import { setFlash, submitForm } from '../../platform/http/pages.ts';
import { TYPE_LABELS } from '../reviews/index.ts';
import { REQUIRED_SECTIONS, SECTIONS, type BriefingView } from './briefings.types.ts';

type Body = Record<string, unknown>;
type Params = { briefingId: string };
/** GOV.UK pagination: 25 briefings a page. */
const PAGE_SIZE = 25;
const text = (body: Body, key: string) => (typeof body[key] === 'string' ? (body[key] as string) : '');
const asArray = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(String) : value ? [String(value)] : [];
const common = { activeNav: 'learning', sections: SECTIONS };

export async function briefingsPages(app: FastifyInstance, { services }: { services: Services }) {
  const briefings = services.briefings;

  /** Whether the reader may open the review itself (partners see only reviews they hold actions in). */
  const reviewVisible = (actor: Actor, reviewId: string) =>
    services.reviews.find(actor, reviewId).then(
      () => true,
      () => false,
    );

  app.get('/briefings', async (request, reply) => {
    const actor = actorOf(request);
    const query = request.query as Body;
    const [list, reviews] = await Promise.all([
      briefings.list(actor, {
        reviewId: text(query, 'reviewId') || undefined,
        // A page number that is not one (typed into the address) shows the first page, not an error.
        page: /^[1-9]\d{0,5}$/.test(text(query, 'page')) ? text(query, 'page') : 1,
        pageSize: PAGE_SIZE,
      }),
      briefings.reviewsWithBriefings(actor),
    ]);
    return reply.page('briefings-list.njk', {
      ...common,
      pageTitle: 'Learning briefings',
      ...list,
      pageCount: Math.max(1, Math.ceil(list.total / PAGE_SIZE)),
      pageHrefBase: `/briefings?${list.reviewId ? `reviewId=${encodeURIComponent(list.reviewId)}&` : ''}page=`,
      reviewItems: [
        { value: '', text: 'All reviews' },
        ...reviews.map((r) => ({ value: r.id, text: r.subjectRef, selected: r.id === list.reviewId })),
      ],
      canCreate: actor.role === 'business-unit',
    });
  });

  const newContext = async (actor: Actor, values: Body) => {
    const reviews = await briefings.reviewsToDraftFrom(actor);
    return {
      ...common,
      pageTitle: 'Draft a briefing from a review',
      backLink: '/briefings',
      reviewItems: reviews.map((r) => ({
        value: r.id,
        text: r.subjectRef,
        hint: { text: `${TYPE_LABELS[r.type]}` },
        checked: r.id === values.reviewId,
      })),
      values,
      errors: {},
    };
  };

  app.get('/briefings/new', async (request, reply) => {
    const query = request.query as Body;
    return reply.page(
      'briefing-new.njk',
      await newContext(actorOf(request), { reviewId: text(query, 'reviewId') }),
    );
  });

  app.post('/briefings', async (request, reply) => {
    const actor = actorOf(request);
    const body = (request.body ?? {}) as Body;
    return submitForm(
      reply,
      { template: 'briefing-new.njk', context: await newContext(actor, body) },
      () => briefings.createDraft(actor, { reviewId: text(body, 'reviewId') || undefined }),
      (b) => {
        setFlash(request, `Draft created from the review of ${b.reviewRef}. Check and change each section.`);
        return reply.redirect(`/briefings/${b.id}/edit`);
      },
    );
  });

  app.get('/briefings/:briefingId', async (request, reply) => {
    const actor = actorOf(request);
    const b = await briefings.get(actor, (request.params as Params).briefingId);
    return reply.page('briefing-show.njk', {
      ...common,
      pageTitle: b.title,
      backLink: '/briefings',
      b,
      reviewLink: (await reviewVisible(actor, b.reviewId)) ? `/reviews/${b.reviewId}` : null,
      questions: b.questionsForReflection
        .split('\n')
        .map((q) => q.trim())
        .filter(Boolean),
    });
  });

  const editContext = async (actor: Actor, b: BriefingView, values: Body) => ({
    ...common,
    pageTitle: `Change the briefing: ${b.title}`,
    backLink: `/briefings/${b.id}`,
    b,
    options: await briefings.linkOptions(actor, b.id),
    values,
    errors: {},
  });
  const valuesOf = (b: BriefingView): Body => ({
    title: b.title,
    ...Object.fromEntries(SECTIONS.map((s) => [s.key, b[s.key]])),
    learningPointIds: b.learningPoints.map((p) => p.id),
    recommendationIds: b.recommendations.map((p) => p.id),
    version: b.version,
  });
  /** Only the business unit changes a briefing (403 for others); a published one goes back to its page. */
  const draftOrBack = (actor: Actor, reply: FastifyReply, b: BriefingView) => {
    if (actor.role !== 'business-unit')
      throw new Forbidden('Only the partnership business unit can change briefings');
    return b.status === 'draft' ? null : reply.redirect(`/briefings/${b.id}`);
  };

  app.get('/briefings/:briefingId/edit', async (request, reply) => {
    const actor = actorOf(request);
    const b = await briefings.get(actor, (request.params as Params).briefingId);
    return (
      draftOrBack(actor, reply, b) ??
      reply.page('briefing-edit.njk', await editContext(actor, b, valuesOf(b)))
    );
  });

  app.post('/briefings/:briefingId/edit', async (request, reply) => {
    const actor = actorOf(request);
    const b = await briefings.get(actor, (request.params as Params).briefingId);
    const published = draftOrBack(actor, reply, b);
    if (published) return published;
    const body = (request.body ?? {}) as Body;
    const input = {
      version: text(body, 'version'),
      title: text(body, 'title'),
      ...Object.fromEntries(SECTIONS.map((s) => [s.key, text(body, s.key)])),
      learningPointIds: asArray(body.learningPointIds),
      recommendationIds: asArray(body.recommendationIds),
    };
    return submitForm(
      reply,
      { template: 'briefing-edit.njk', context: await editContext(actor, b, input) },
      () => briefings.update(actor, b.id, input),
      () => {
        setFlash(request, 'Draft saved');
        return reply.redirect(`/briefings/${b.id}`);
      },
    );
  });

  const publishContext = async (actor: Actor, b: BriefingView, values: Body) => {
    const organisations = await services.organisations.list(actor);
    const chosen = asArray(values.organisationIds);
    return {
      ...common,
      pageTitle: `Check and publish: ${b.title}`,
      backLink: `/briefings/${b.id}`,
      b,
      missing: REQUIRED_SECTIONS.filter((k) => !b[k].trim()),
      organisationItems: organisations.map((o) => ({
        value: o.id,
        text: o.name,
        checked: chosen.includes(o.id),
      })),
      values: { ...values, version: values.version ?? b.version },
      errors: {},
    };
  };

  app.get('/briefings/:briefingId/publish', async (request, reply) => {
    const actor = actorOf(request);
    const b = await briefings.get(actor, (request.params as Params).briefingId);
    return (
      draftOrBack(actor, reply, b) ?? reply.page('briefing-publish.njk', await publishContext(actor, b, {}))
    );
  });

  app.post('/briefings/:briefingId/publish', async (request, reply) => {
    const actor = actorOf(request);
    const b = await briefings.get(actor, (request.params as Params).briefingId);
    const published = draftOrBack(actor, reply, b);
    if (published) return published;
    const body = (request.body ?? {}) as Body;
    const input = { version: text(body, 'version'), organisationIds: asArray(body.organisationIds) };
    return submitForm(
      reply,
      { template: 'briefing-publish.njk', context: await publishContext(actor, b, input) },
      () => briefings.publish(actor, b.id, input),
      (published) => {
        const n = published.recipients.length;
        setFlash(request, `Briefing published to ${n} ${n === 1 ? 'organisation' : 'organisations'}`);
        return reply.redirect(`/briefings/${b.id}`);
      },
    );
  });

  const sharedContext = (b: BriefingView, values: Body) => ({
    ...common,
    pageTitle: `Confirm you shared: ${b.title}`,
    backLink: `/briefings/${b.id}`,
    b,
    values,
    errors: {},
  });

  app.get('/briefings/:briefingId/shared', async (request, reply) => {
    const actor = actorOf(request);
    const b = await briefings.get(actor, (request.params as Params).briefingId);
    if (!b.canConfirm) {
      const mine = b.recipients.find((r) => r.organisationId === actor.organisationId);
      if (actor.role === 'organisation-lead' && mine?.confirmedAt)
        return reply.redirect(`/briefings/${b.id}`);
      throw new Forbidden(
        'Only the lead of an organisation the briefing was sent to can confirm it was shared',
      );
    }
    return reply.page('briefing-shared.njk', sharedContext(b, {}));
  });

  app.post('/briefings/:briefingId/shared', async (request, reply) => {
    const actor = actorOf(request);
    const b = await briefings.get(actor, (request.params as Params).briefingId);
    const body = (request.body ?? {}) as Body;
    return submitForm(
      reply,
      { template: 'briefing-shared.njk', context: sharedContext(b, body), dateFields: ['sharedDate'] },
      () =>
        briefings.confirmShared(actor, b.id, {
          sharedDate: joinDateParts(body, 'sharedDate'),
          how: text(body, 'how').trim() || undefined,
        }),
      () => {
        setFlash(request, 'Thank you: the partnership can now see your organisation shared this briefing');
        return reply.redirect(`/briefings/${b.id}`);
      },
    );
  });

  app.post('/briefings/:briefingId/acknowledge', async (request, reply) => {
    const actor = actorOf(request);
    const b = await briefings.acknowledge(actor, (request.params as Params).briefingId);
    setFlash(request, 'Thank you for reading this briefing');
    return reply.redirect(`/briefings/${b.id}`);
  });

  app.get('/briefings/:briefingId/pdf', async (request, reply) => {
    const file = await briefings.pdf(actorOf(request), (request.params as Params).briefingId);
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="${file.filename}"`)
      .header('cache-control', 'no-store')
      .send(file.body);
  });
}
