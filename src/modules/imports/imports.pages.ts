import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../../composition.ts';
import { actorOf } from '../../platform/http/current-user.ts';
import { submitForm } from '../../platform/http/pages.ts';
import { REVIEW_TYPES, TYPE_LABELS } from '../reviews/index.ts';
import { isEditable, MAX_UPLOAD_MB, type Upload } from './imports.service.ts';
import {
  FIELD_LABELS,
  IMPORT_FIELDS,
  REQUIRED_FIELDS,
  type ImportField,
  type ImportJob,
} from './imports.types.ts';

type Body = Record<string, unknown>;
type Params = { importId: string };

const FIELD_HINTS: Partial<Record<ImportField, string>> = {
  reviewRef: 'Initials, a code or a pseudonym. A row whose reference looks like a name is not imported.',
  reviewType: 'Rows that leave it blank use the kind of review chosen below.',
  recommendationNumber:
    'Without it, each different recommendation is numbered in the order it first appears.',
  organisation: 'Matched to Lantern’s organisations by name, ignoring capitals and punctuation.',
  owner: 'Matched by name or e-mail address among the people of that organisation.',
  dueDate: 'A due date in the past is accepted: the action is then overdue.',
  status: 'Complete, In progress, Not started and Awaiting evidence are understood. Blank means not started.',
};

const typeOptions = REVIEW_TYPES.map((value) => ({ value, text: TYPE_LABELS[value] }));

/** The uploaded file part of a multipart form (with attachFieldsToBody), or undefined. */
async function uploadOf(body: unknown): Promise<Upload | undefined> {
  const part = (body as Body | null)?.spreadsheet as
    | { type?: string; filename?: string; file?: { truncated?: boolean }; toBuffer?: () => Promise<Buffer> }
    | undefined;
  if (part?.type !== 'file' || typeof part.toBuffer !== 'function') return undefined;
  return {
    fileName: part.filename ?? '',
    bytes: await part.toBuffer(),
    truncated: Boolean(part.file?.truncated),
  };
}

/** The mapping form as the service takes it: a column index per chosen field, blanks left out. */
function mappingInput(body: Body): Body {
  const input: Body = {};
  for (const name of [...IMPORT_FIELDS, 'defaultReviewType']) {
    const value = typeof body[name] === 'string' ? (body[name] as string).trim() : '';
    if (value) input[name] = value;
  }
  return input;
}

export async function importsPages(app: FastifyInstance, { services }: { services: Services }) {
  const imports = services.imports;
  const toJob = (reply: FastifyReply, job: ImportJob) => reply.redirect(`/imports/${job.id}`);

  app.get('/imports', async (request, reply) => {
    const jobs = (await imports.list(actorOf(request))).map((job) => ({
      ...job,
      notImported: job.problems.filter((p) => p.row !== null && !p.imported).length,
    }));
    return reply.page('imports-list.njk', { activeNav: 'imports', pageTitle: 'Imported action plans', jobs });
  });

  const uploadContext = {
    activeNav: 'imports',
    pageTitle: 'Import an action plan',
    backLink: '/imports',
    maxMb: MAX_UPLOAD_MB,
  };

  app.get('/imports/new', async (request, reply) => {
    imports.assertCanImport(actorOf(request));
    return reply.page('import-upload.njk', { ...uploadContext, errors: {} });
  });

  // A file over the limit is cut off rather than refused by the parser, so the form can say so.
  app.post(
    '/imports',
    { config: { multipartOptions: { throwFileSizeLimit: false } as never } },
    async (request, reply) => {
      const actor = actorOf(request);
      const upload = await uploadOf(request.body);
      return submitForm(
        reply,
        { template: 'import-upload.njk', context: uploadContext },
        () => imports.upload(actor, upload),
        (job) => reply.redirect(`/imports/${job.id}/mapping`),
      );
    },
  );

  app.get('/imports/:importId', async (request, reply) => {
    const { job, progress } = await imports.get(actorOf(request), (request.params as Params).importId);
    return reply.page('import-job.njk', {
      activeNav: 'imports',
      pageTitle: `Import of ${job.fileName}`,
      backLink: '/imports',
      job,
      progress,
      problems: job.problems.filter((p) => !p.imported && p.row !== null),
      notes: job.problems.filter((p) => p.imported),
      failure: job.problems.find((p) => p.row === null),
    });
  });

  const mappingContext = async (actorId: ReturnType<typeof actorOf>, importId: string) => {
    const { job, sheet, preview, mapping, columns } = await imports.mapping(actorId, importId);
    const values: Body = { defaultReviewType: mapping.defaultReviewType };
    for (const [field, column] of Object.entries(mapping.columns)) values[field] = String(column);
    return {
      job,
      values,
      context: {
        activeNav: 'imports',
        pageTitle: 'Choose the columns',
        backLink: '/imports',
        job,
        sheet,
        preview,
        typeOptions,
        columnItems: [{ value: '', text: 'Not in the spreadsheet' }, ...columns],
        fields: IMPORT_FIELDS.map((name) => ({
          name,
          label: REQUIRED_FIELDS.includes(name) ? FIELD_LABELS[name] : `${FIELD_LABELS[name]} (optional)`,
          hint: FIELD_HINTS[name],
        })),
      },
    };
  };

  app.get('/imports/:importId/mapping', async (request, reply) => {
    const { job, values, context } = await mappingContext(
      actorOf(request),
      (request.params as Params).importId,
    );
    if (!isEditable(job)) return toJob(reply, job);
    return reply.page('import-mapping.njk', { ...context, values, errors: {} });
  });

  app.post('/imports/:importId/mapping', async (request, reply) => {
    const actor = actorOf(request);
    const { importId } = request.params as Params;
    const { job, context } = await mappingContext(actor, importId);
    if (!isEditable(job)) return toJob(reply, job);
    const body = request.body as Body;
    return submitForm(
      reply,
      { template: 'import-mapping.njk', context: { ...context, values: body } },
      () => imports.saveMapping(actor, importId, mappingInput(body)),
      () => reply.redirect(`/imports/${importId}/check`),
    );
  });

  app.get('/imports/:importId/check', async (request, reply) => {
    const actor = actorOf(request);
    const { importId } = request.params as Params;
    const { job } = await imports.get(actor, importId);
    if (!isEditable(job)) return toJob(reply, job);
    if (!job.mapping) return reply.redirect(`/imports/${importId}/mapping`);
    const { plan } = await imports.check(actor, importId);
    return reply.page('import-check.njk', {
      activeNav: 'imports',
      pageTitle: 'Check the rows',
      backLink: `/imports/${importId}/mapping`,
      job,
      plan,
      newReviews: plan.reviews.filter((r) => !r.existingId),
      existingReviews: plan.reviews.filter((r) => r.existingId),
      newRecommendations: plan.recommendations.filter((r) => !r.existingId).length,
      typeLabels: TYPE_LABELS,
    });
  });

  app.post('/imports/:importId/import', async (request, reply) => {
    const actor = actorOf(request);
    const { importId } = request.params as Params;
    const { job } = await imports.get(actor, importId);
    if (!isEditable(job)) return toJob(reply, job);
    return toJob(reply, await imports.startImport(actor, importId));
  });
}
