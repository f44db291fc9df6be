import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../../composition.ts';
import { ValidationFailed } from '../../platform/errors.ts';
import { actorOf, type Actor } from '../../platform/http/current-user.ts';
import { multipartFields } from '../../platform/http/forms.ts';
import { errorsByField, errorSummary, setFlash, submitForm } from '../../platform/http/pages.ts';
import { uploadedFile } from '../../platform/http/uploads.ts';
import { Forbidden } from '../../platform/errors.ts';
import { auditActorOf } from '../audit/index.ts';
import { parseMetadataCsv, uploadedItems } from './library-import.ts';
import { searchPageContext } from './library-search-page.ts';
import {
  AGE_BAND_LABELS,
  AGE_BANDS,
  OUTCOME_LABELS,
  OUTCOMES,
  REVIEW_TYPE_LABELS,
  REVIEW_TYPES,
  type LibraryReview,
} from './library.types.ts';

type Body = Record<string, unknown>;
const dispositionName = (name: string) => name.replace(/[^\w.\- ]/g, '_');
const labels = {
  activeNav: 'library',
  typeLabels: REVIEW_TYPE_LABELS,
  ageBandLabels: AGE_BAND_LABELS,
  outcomeLabels: OUTCOME_LABELS,
};
const choices = (values: readonly string[], names: Record<string, string>, blank: string) => [
  { value: '', text: blank },
  ...values.map((v) => ({ value: v, text: names[v] })),
];
const formChoices = {
  typeItems: choices(REVIEW_TYPES, REVIEW_TYPE_LABELS, 'Select the kind of review'),
  ageBandItems: choices(AGE_BANDS, AGE_BAND_LABELS, 'Not stated'),
  outcomeItems: choices(OUTCOMES, OUTCOME_LABELS, 'Select the outcome'),
};
const metadataInput = (f: Record<string, string>) => ({
  title: f.title?.trim() || undefined,
  area: f.area?.trim() ?? '',
  year: f.year?.trim() || null,
  reviewType: f.reviewType || undefined,
  ageBand: f.ageBand || null,
  outcome: f.outcome || undefined,
  sourceUrl: f.sourceUrl?.trim() || null,
});
const mustManage = (actor: Actor) => {
  if (actor.role !== 'business-unit')
    throw new Forbidden('Only the partnership business unit adds, changes or removes library reviews');
};

interface FilePart {
  type: 'file';
  filename: string;
  toBuffer(): Promise<Buffer>;
}
/** Every file posted in a multiple-file input (empty parts left out). */
async function uploadedFiles(request: FastifyRequest, name: string): Promise<Map<string, Buffer>> {
  const value = (request.body as Body | undefined)?.[name];
  const parts = (Array.isArray(value) ? value : value ? [value] : []) as FilePart[];
  const files = new Map<string, Buffer>();
  for (const p of parts) {
    if (p?.type !== 'file' || !p.filename) continue;
    const content = await p.toBuffer();
    if (content.length) files.set(p.filename, content);
  }
  return files;
}

/** The library's pages: search, read, add, change, remove, import. */
export async function libraryPages(app: FastifyInstance, { services }: { services: Services }) {
  const library = services.library;

  app.get('/library', async (request, reply) => {
    const actor = actorOf(request);
    try {
      const result = await library.search(actor, { ...(request.query as object), pageSize: 20 });
      return reply.page('library-search.njk', {
        ...labels,
        ...searchPageContext(result, request.query as Body),
        pageTitle: result.filters.q ? `Library: ${result.filters.q}` : 'Library',
        canManage: actor.role === 'business-unit',
      });
    } catch (err) {
      if (!(err instanceof ValidationFailed)) throw err;
      return reply.code(400).page('library-search.njk', {
        ...labels,
        pageTitle: 'Library',
        values: { q: String((request.query as Body).q ?? '') },
        errorList: errorSummary(err.fields, () => 'q'),
        errors: errorsByField(err.fields),
        items: [],
      });
    }
  });

  app.get('/library/reviews/new', async (request, reply) => {
    mustManage(actorOf(request));
    return reply.page('library-review-form.njk', {
      ...labels,
      ...formChoices,
      pageTitle: 'Add a review to the library',
      backLink: '/library',
      isNew: true,
      values: {},
      errors: {},
    });
  });
  app.post('/library/reviews', async (request, reply) => {
    const actor = actorOf(request);
    mustManage(actor);
    const fields = multipartFields(request.body);
    return submitForm(
      reply,
      {
        template: 'library-review-form.njk',
        context: {
          ...labels,
          ...formChoices,
          pageTitle: 'Add a review to the library',
          backLink: '/library',
          isNew: true,
          values: fields,
        },
      },
      async () => library.addFromFile(actor, metadataInput(fields), await uploadedFile(request.body, 'file')),
      (review) => {
        setFlash(request, `Review added: ${review.title}`);
        return reply.redirect(`/library/reviews/${review.id}`);
      },
    );
  });

  app.get('/library/reviews/:libraryReviewId', async (request, reply) => {
    const actor = actorOf(request);
    const { libraryReviewId } = request.params as { libraryReviewId: string };
    const q = String((request.query as Body).q ?? '').trim();
    const review = await library.visible(actor, libraryReviewId);
    const occurrences = q ? await library.occurrences(actor, libraryReviewId, q) : [];
    return reply.page('library-review.njk', {
      ...labels,
      review,
      themeNames: await library.themeNames(),
      q,
      occurrences,
      paragraphs: review.body
        .split(/\n\s*\n/)
        .map((p) => p.replace(/\s*\n\s*/g, ' ').trim())
        .filter(Boolean),
      pageTitle: review.title,
      backLink: q ? `/library?q=${encodeURIComponent(q)}` : '/library',
      canManage: actor.role === 'business-unit',
    });
  });

  app.get('/library/reviews/:libraryReviewId/file', async (request, reply) => {
    const { libraryReviewId } = request.params as { libraryReviewId: string };
    const file = await library.download(actorOf(request), libraryReviewId);
    // Always a download, never shown inline: an uploaded file must not run in Lantern's origin.
    return reply
      .type(file.contentType)
      .header('content-disposition', `attachment; filename="${dispositionName(file.fileName)}"`)
      .header('x-content-type-options', 'nosniff')
      .send(file.content);
  });

  const editContext = async (actor: Actor, id: string) => {
    const review = await library.visible(actor, id);
    mustManage(actor);
    return {
      ...labels,
      ...formChoices,
      review,
      pageTitle: `Change ${review.title}`,
      backLink: `/library/reviews/${id}`,
    };
  };
  const valuesOf = (r: LibraryReview) => ({
    ...r,
    year: r.year === null ? '' : String(r.year),
    sourceUrl: r.sourceUrl ?? '',
    ageBand: r.ageBand ?? '',
  });
  app.get('/library/reviews/:libraryReviewId/edit', async (request, reply) => {
    const { libraryReviewId } = request.params as { libraryReviewId: string };
    const context = await editContext(actorOf(request), libraryReviewId);
    return reply.page('library-review-form.njk', {
      ...context,
      values: valuesOf(context.review),
      errors: {},
    });
  });
  app.post('/library/reviews/:libraryReviewId/edit', async (request, reply) => {
    const actor = actorOf(request);
    const { libraryReviewId } = request.params as { libraryReviewId: string };
    const body = (request.body ?? {}) as Record<string, string>;
    const context = await editContext(actor, libraryReviewId);
    return submitForm(
      reply,
      { template: 'library-review-form.njk', context: { ...context, values: body } },
      () =>
        library.update(actor, libraryReviewId, {
          ...metadataInput(body),
          area: body.area ?? '',
          version: body.version,
        }),
      (review) => {
        setFlash(request, `Review saved: ${review.title}`);
        return reply.redirect(`/library/reviews/${review.id}`);
      },
    );
  });

  app.get('/library/reviews/:libraryReviewId/remove', async (request, reply) => {
    const { libraryReviewId } = request.params as { libraryReviewId: string };
    const context = await editContext(actorOf(request), libraryReviewId);
    return reply.page('library-remove.njk', { ...context, pageTitle: `Remove ${context.review.title}` });
  });
  app.post('/library/reviews/:libraryReviewId/remove', async (request, reply) => {
    const { libraryReviewId } = request.params as { libraryReviewId: string };
    const removed = await library.remove(actorOf(request), libraryReviewId);
    setFlash(request, `Review removed from the library: ${removed.title}`);
    return reply.redirect('/library');
  });

  const importContext = { ...labels, pageTitle: 'Import reviews', backLink: '/library', hasForm: true };
  app.get('/library/imports/new', async (request, reply) => {
    mustManage(actorOf(request));
    return reply.page('library-import-form.njk', { ...importContext, errors: {} });
  });
  app.post(
    '/library/imports',
    { config: { multipartOptions: { limits: { files: 201 } } } },
    async (request, reply) => {
      const actor = actorOf(request);
      mustManage(actor);
      return submitForm(
        reply,
        { template: 'library-import-form.njk', context: importContext },
        async () => {
          const csv = await uploadedFile(request.body, 'metadata');
          const files = await uploadedFiles(request, 'files');
          const rows = csv ? parseMetadataCsv(csv.content.toString('utf8')) : [];
          const items = uploadedItems(rows, files);
          if (!items.length)
            throw new ValidationFailed([{ path: 'files', message: 'Select the review files to import' }]);
          const importId = await library.startImport(actor, 'upload', items.length);
          // Runs after the answer; the progress page follows it. A crash leaves it "interrupted".
          void library
            .runImport(importId, items, { who: auditActorOf(actor), addedBy: actor.id })
            .catch((err: unknown) => request.log.error({ err, importId }, 'library import failed'));
          return importId;
        },
        (importId) => reply.redirect(`/library/imports/${importId}`),
      );
    },
  );

  app.get('/library/imports/:importId', async (request, reply) => {
    const { importId } = request.params as { importId: string };
    const progress = await library.importProgress(actorOf(request), importId);
    return reply.page('library-import.njk', {
      ...labels,
      progress,
      refresh: progress.status === 'running' && !progress.interrupted,
      pageTitle: 'Import progress',
      backLink: '/library',
    });
  });
}
