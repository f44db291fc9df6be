import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.ts';
import { actorOf, type Actor } from '../../platform/http/current-user.ts';
import { dateParts, joinDateParts, multipartFields } from '../../platform/http/forms.ts';
import { setFlash, submitForm } from '../../platform/http/pages.ts';
import { uploadedFile } from '../../platform/http/uploads.ts';
import { ASK_LABELS, REQUEST_ASKS, type InformationRequest } from './requests.types.ts';

type Body = Record<string, unknown>;
const text = (body: Body, key: string) => (typeof body[key] === 'string' ? (body[key] as string).trim() : '');
const asArray = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(String) : value ? [String(value)] : [];

/** Only names made of safe characters go into the download header; the rest are replaced. */
const dispositionName = (name: string) => name.replace(/[^\w.\- ]/g, '_');

const askItems = REQUEST_ASKS.map((value) => ({ value, text: ASK_LABELS[value] }));

/** The names of a list of organisations in words: "A, B and C". */
const inWords = (names: string[]) =>
  names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : (names[0] ?? '');

export async function requestsPages(app: FastifyInstance, { services }: { services: Services }) {
  const sendContext = async (actor: Actor, reviewId: string) => {
    const { review, organisations, dueDate } = await services.requests.sendChoices(actor, reviewId);
    return {
      pageTitle: `Send information requests for review ${review.subjectRef}`,
      activeNav: 'reviews',
      review,
      defaultDueDate: dueDate,
      organisationItems: organisations.map((o) => ({ value: o.id, text: o.name })),
      askItems,
      backLink: `/reviews/${reviewId}#information-requests`,
    };
  };

  app.get('/reviews/:reviewId/requests/new', async (request, reply) => {
    const actor = actorOf(request);
    const { reviewId } = request.params as { reviewId: string };
    const context = await sendContext(actor, reviewId);
    const due = dateParts(context.defaultDueDate);
    return reply.page('requests-send.njk', {
      ...context,
      values: {
        organisationIds: [],
        asks: ['chronology'],
        'dueDate-day': due.day,
        'dueDate-month': due.month,
        'dueDate-year': due.year,
      },
      errors: {},
    });
  });

  app.post('/reviews/:reviewId/requests', async (request, reply) => {
    const actor = actorOf(request);
    const { reviewId } = request.params as { reviewId: string };
    const body = (request.body ?? {}) as Body;
    const values = { ...body, organisationIds: asArray(body.organisationIds), asks: asArray(body.asks) };
    return submitForm(
      reply,
      {
        template: 'requests-send.njk',
        context: { ...(await sendContext(actor, reviewId)), values },
        dateFields: ['dueDate'],
      },
      () =>
        services.requests.send(actor, reviewId, {
          organisationIds: values.organisationIds,
          asks: values.asks,
          note: text(body, 'note') || undefined,
          dueDate: joinDateParts(body, 'dueDate'),
        }),
      ({ requests, unnotified }) => {
        const sent = `Information request sent to ${inWords(requests.map((r) => r.organisationName))}`;
        const warning = unnotified.length
          ? `. ${inWords(unnotified)} ${unnotified.length > 1 ? 'have' : 'has'} no active organisation lead, so no one there was told: contact them another way.`
          : '';
        setFlash(request, sent + warning);
        return reply.redirect(`/reviews/${reviewId}#information-requests`);
      },
    );
  });

  app.get('/requests', async (request, reply) => {
    const actor = actorOf(request);
    const items = await services.requests.list(actor);
    const open = (r: InformationRequest) => r.status === 'sent';
    return reply.page('requests-list.njk', {
      pageTitle: 'Information requests',
      activeNav: 'requests',
      openRequests: items.filter(open),
      closedRequests: items.filter((r) => !open(r)),
      // The business unit, or a commissioner (an ICB) whose list holds its providers' requests.
      showOrganisation:
        actor.role === 'business-unit' || items.some((r) => r.organisationId !== actor.organisationId),
      askLabels: ASK_LABELS,
    });
  });

  const showContext = async (actor: Actor, requestId: string) => ({
    ...(await services.requests.get(actor, requestId)),
    pageTitle: 'Information request',
    activeNav: 'requests',
    askLabels: ASK_LABELS,
    backLink: actor.role === 'organisation-lead' ? '/requests' : undefined,
    values: {},
    errors: {},
  });

  app.get('/requests/:requestId', async (request, reply) => {
    const actor = actorOf(request);
    const { requestId } = request.params as { requestId: string };
    const context = await showContext(actor, requestId);
    return reply.page('request-show.njk', {
      ...context,
      backLink: context.backLink ?? `/reviews/${context.request.reviewId}#information-requests`,
    });
  });

  app.post('/requests/:requestId/answer', async (request, reply) => {
    const actor = actorOf(request);
    const { requestId } = request.params as { requestId: string };
    const fields = multipartFields(request.body);
    const returnIt = fields.intent === 'return';
    const context = await showContext(actor, requestId);
    return submitForm(
      reply,
      { template: 'request-show.njk', context: { ...context, values: fields } },
      async () => {
        const input = { answer: fields.answer ?? '', version: fields.version };
        const file = await uploadedFile(request.body, 'file');
        return returnIt
          ? services.requests.sendReturn(actor, requestId, input, file)
          : services.requests.saveAnswer(actor, requestId, input, file);
      },
      () => {
        setFlash(
          request,
          returnIt
            ? 'Return sent to the partnership business unit'
            : 'Your answer has been saved. It has not been sent yet.',
        );
        return reply.redirect(returnIt ? '/requests' : `/requests/${requestId}`);
      },
    );
  });

  app.post('/requests/:requestId/withdraw', async (request, reply) => {
    const actor = actorOf(request);
    const { requestId } = request.params as { requestId: string };
    const body = (request.body ?? {}) as Body;
    return submitForm(
      reply,
      { template: 'request-show.njk', context: { ...(await showContext(actor, requestId)), values: body } },
      () => services.requests.withdraw(actor, requestId, { reason: text(body, 'reason') || undefined }),
      (withdrawn) => {
        setFlash(request, `Request to ${withdrawn.organisationName} withdrawn`);
        return reply.redirect(`/reviews/${withdrawn.reviewId}#information-requests`);
      },
    );
  });

  app.get('/requests/:requestId/files/:fileId', async (request, reply) => {
    const actor = actorOf(request);
    const { requestId, fileId } = request.params as { requestId: string; fileId: string };
    const file = await services.requests.download(actor, requestId, fileId);
    // Always a download, never shown inline: an uploaded file must not run in Lantern's origin.
    return reply
      .type(file.contentType)
      .header('content-disposition', `attachment; filename="${dispositionName(file.fileName)}"`)
      .header('cache-control', 'private, no-store')
      .send(file.content);
  });
}
