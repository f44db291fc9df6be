import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../../composition.ts';
import { actorOf, type Actor } from '../../platform/http/current-user.ts';
import { multipartFields } from '../../platform/http/forms.ts';
import { setFlash, submitForm } from '../../platform/http/pages.ts';
import { uploadedFile } from '../../platform/http/uploads.ts';
import { Forbidden, NotFound, ValidationFailed } from '../../platform/errors.ts';
import { TYPE_LABELS } from '../reviews/index.ts';
import {
  DOCUMENT_LABELS,
  DOCUMENTS,
  FINDING_KIND_LABELS,
  FINDING_KINDS,
  type DocumentKind,
  type StoredFinding,
} from './publishing.types.ts';

type Body = Record<string, unknown>;
const str = (body: Body, key: string) => (typeof body[key] === 'string' ? (body[key] as string) : '');
const dispositionName = (name: string) => name.replace(/[^\w.\- ]/g, '_');
const documentOf = (value: string): DocumentKind => {
  if (!(DOCUMENTS as readonly string[]).includes(value)) throw new NotFound('Document');
  return value as DocumentKind;
};

/** Findings of one document grouped by kind, in words, in the order of the kinds. */
function groupsOf(findings: StoredFinding[], document: DocumentKind) {
  const mine = findings.filter((f) => f.document === document);
  return {
    open: mine.filter((f) => f.status === 'open').length,
    groups: FINDING_KINDS.map((kind) => ({
      kind,
      label: FINDING_KIND_LABELS[kind],
      findings: mine.filter((f) => f.kind === kind),
    })).filter((g) => g.findings.length > 0),
  };
}

/** Rewrites a field error's path so its message links to one of several forms on the page. */
async function forField<T>(suffix: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (err) {
    if (err instanceof ValidationFailed)
      throw new ValidationFailed(err.fields.map((f) => ({ ...f, path: `${f.path}-${suffix}` })));
    throw err;
  }
}

/** The internal publication page of a review, and its forms (business unit; reviewers read it). */
export async function publishingPages(app: FastifyInstance, { services }: { services: Services }) {
  const publishing = services.publishing;

  async function pageContext(actor: Actor, reviewId: string) {
    const view = await publishing.get(actor, reviewId);
    return {
      ...view,
      pageTitle: `Publication: ${view.review.subjectRef}`,
      activeNav: 'reviews',
      backLink: `/reviews/${reviewId}`,
      typeLabels: TYPE_LABELS,
      canManage: publishing.canManage(actor),
      checks: {
        report: groupsOf(view.findings, 'report'),
        pressStatement: groupsOf(view.findings, 'press-statement'),
      },
      briefingItems: [
        { value: '', text: 'No briefing' },
        ...view.briefings.map((b) => ({
          value: b.id,
          text: b.title,
          selected: b.id === view.settings.briefingId,
        })),
      ],
      chosenBriefing: view.briefings.find((b) => b.id === view.settings.briefingId),
      briefingFindings: view.briefingFindings,
      values: {
        allowed: view.settings.allowed.join('\n'),
        publicTitle: view.settings.publicTitle ?? '',
        'text-report': view.report?.text ?? '',
        'text-press-statement': view.pressStatement?.text ?? '',
      },
      errors: {},
    };
  }

  app.get('/reviews/:reviewId/publication', async (request, reply) => {
    const { reviewId } = request.params as { reviewId: string };
    return reply.page('publication.njk', await pageContext(actorOf(request), reviewId));
  });

  /** Runs one of the page's forms; bad input re-renders the whole page with what was typed. */
  async function pageForm<T>(
    reply: FastifyReply,
    args: { actor: Actor; reviewId: string; values: Record<string, string> },
    action: () => Promise<T>,
    flash: string,
  ) {
    const context = await pageContext(args.actor, args.reviewId);
    return submitForm(
      reply,
      { template: 'publication.njk', context: { ...context, values: { ...context.values, ...args.values } } },
      action,
      () => {
        setFlash(reply.request, flash);
        return reply.redirect(`/reviews/${args.reviewId}/publication`);
      },
    );
  }

  app.post('/reviews/:reviewId/publication/documents/:document/text', async (request, reply) => {
    const actor = actorOf(request);
    const { reviewId, document: doc } = request.params as { reviewId: string; document: string };
    const document = documentOf(doc);
    const text = str(request.body as Body, 'text');
    return pageForm(
      reply,
      { actor, reviewId, values: { [`text-${document}`]: text } },
      () => forField(document, () => publishing.editText(actor, reviewId, document, { text })),
      `Saved a new version of the ${DOCUMENT_LABELS[document]} and checked it again`,
    );
  });

  app.post('/reviews/:reviewId/publication/findings/:findingId/accept', async (request, reply) => {
    const actor = actorOf(request);
    const { reviewId, findingId } = request.params as { reviewId: string; findingId: string };
    const reason = str(request.body as Body, 'reason');
    return pageForm(
      reply,
      { actor, reviewId, values: { [`reason-${findingId}`]: reason } },
      () => forField(findingId, () => publishing.accept(actor, reviewId, findingId, { reason })),
      'Finding accepted',
    );
  });

  app.post('/reviews/:reviewId/publication/settings', async (request, reply) => {
    const actor = actorOf(request);
    const { reviewId } = request.params as { reviewId: string };
    const body = request.body as Body;
    const allowed = str(body, 'allowed');
    const publicTitle = str(body, 'publicTitle');
    return pageForm(
      reply,
      { actor, reviewId, values: { allowed, publicTitle } },
      () =>
        publishing.saveSettings(actor, reviewId, {
          allowed: allowed.split('\n').map((line) => line.trim()),
          briefingId: str(body, 'briefingId') || null,
          publicTitle,
        }),
      'Publication details saved',
    );
  });

  const attachContext = async (actor: Actor, reviewId: string, document: DocumentKind) => {
    const { review } = await publishing.get(actor, reviewId);
    // A reviewer who can see the review may not attach: 403, as on the page's other forms.
    if (!publishing.canManage(actor))
      throw new Forbidden('Only the partnership business unit manages the publication of a report');
    return {
      review,
      document,
      documentLabel: DOCUMENT_LABELS[document],
      pageTitle: `Attach the ${DOCUMENT_LABELS[document]}`,
      activeNav: 'reviews',
      backLink: `/reviews/${reviewId}/publication`,
    };
  };

  app.get('/reviews/:reviewId/publication/documents/:document/new', async (request, reply) => {
    const { reviewId, document } = request.params as { reviewId: string; document: string };
    return reply.page('attach-document.njk', {
      ...(await attachContext(actorOf(request), reviewId, documentOf(document))),
      values: {},
      errors: {},
    });
  });

  app.post('/reviews/:reviewId/publication/documents/:document', async (request, reply) => {
    const actor = actorOf(request);
    const { reviewId, document: doc } = request.params as { reviewId: string; document: string };
    const document = documentOf(doc);
    const fields = multipartFields(request.body);
    return submitForm(
      reply,
      {
        template: 'attach-document.njk',
        context: { ...(await attachContext(actor, reviewId, document)), values: fields },
      },
      async () =>
        publishing.attach(actor, reviewId, document, {
          text: fields.text,
          file: await uploadedFile(request.body, 'file'),
        }),
      (result) => {
        const found =
          result.found === 0
            ? 'the publication check found nothing'
            : `the publication check found ${result.found} ${result.found === 1 ? 'thing' : 'things'} to look at`;
        setFlash(request, `The ${DOCUMENT_LABELS[document]} is attached: ${found}`);
        return reply.redirect(`/reviews/${reviewId}/publication`);
      },
    );
  });

  app.get('/reviews/:reviewId/publication/files/:documentId', async (request, reply) => {
    const { reviewId, documentId } = request.params as { reviewId: string; documentId: string };
    const file = await publishing.file(actorOf(request), reviewId, documentId);
    return reply
      .type(file.contentType)
      .header('content-disposition', `attachment; filename="${dispositionName(file.fileName)}"`)
      .header('cache-control', 'private, no-store')
      .send(file.content);
  });
}
