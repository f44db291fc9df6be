import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.ts';
import { actorOf, type Actor } from '../../platform/http/current-user.ts';
import { joinDateParts, multipartFields } from '../../platform/http/forms.ts';
import { setFlash, submitForm } from '../../platform/http/pages.ts';
import { uploadedFile } from '../../platform/http/uploads.ts';

type Body = Record<string, string>;
const DATE_FIELDS = ['effectiveDate'];

/** The evidence form's fields as the service takes them. */
const evidenceInput = (fields: Body, withTitle: boolean) => ({
  ...(withTitle ? { title: fields.title?.trim() || undefined } : {}),
  text: fields.text?.trim() || undefined,
  effectiveDate: joinDateParts(fields, 'effectiveDate'),
});

/** Only names made of safe characters go into the download header; the rest are replaced. */
const dispositionName = (name: string) => name.replace(/[^\w.\- ]/g, '_');

export async function evidencePages(app: FastifyInstance, { services }: { services: Services }) {
  const newContext = async (actor: Actor, actionId: string) => {
    // Someone who may only read the action is refused the form too, not shown one they cannot send.
    const action = await services.evidence.actionForNewEvidence(actor, actionId);
    return { pageTitle: 'Add evidence', action, backLink: `/actions/${actionId}` };
  };

  app.get('/actions/:actionId/evidence/new', async (request, reply) => {
    const actor = actorOf(request);
    const { actionId } = request.params as { actionId: string };
    return reply.page('evidence-form.njk', {
      ...(await newContext(actor, actionId)),
      values: {},
      errors: {},
    });
  });

  app.post('/actions/:actionId/evidence', async (request, reply) => {
    const actor = actorOf(request);
    const { actionId } = request.params as { actionId: string };
    const fields = multipartFields(request.body);
    return submitForm(
      reply,
      {
        template: 'evidence-form.njk',
        context: { ...(await newContext(actor, actionId)), values: fields },
        dateFields: DATE_FIELDS,
      },
      async () =>
        services.evidence.submit(
          actor,
          actionId,
          evidenceInput(fields, true),
          await uploadedFile(request.body, 'file'),
        ),
      (item) => {
        setFlash(request, `Evidence “${item.title}” submitted`);
        return reply.redirect(`/actions/${actionId}#evidence`);
      },
    );
  });

  const showContext = async (actor: Actor, evidenceId: string) => {
    const item = await services.evidence.get(actor, evidenceId);
    const action = await services.actions.find(actor, item.actionId);
    const relation = services.actions.relationTo(actor, action);
    return {
      pageTitle: `Evidence: ${item.title}`,
      item,
      action,
      canReview: relation === 'business-unit' && item.status === 'submitted',
      canAddVersion: relation !== 'read-only' && item.status !== 'accepted' && action.status !== 'closed',
      backLink: `/actions/${action.id}#evidence`,
      values: {},
      errors: {},
    };
  };

  app.get('/evidence/:evidenceId', async (request, reply) => {
    const actor = actorOf(request);
    const { evidenceId } = request.params as { evidenceId: string };
    return reply.page('evidence-show.njk', await showContext(actor, evidenceId));
  });

  app.post('/evidence/:evidenceId/versions', async (request, reply) => {
    const actor = actorOf(request);
    const { evidenceId } = request.params as { evidenceId: string };
    const fields = multipartFields(request.body);
    return submitForm(
      reply,
      {
        template: 'evidence-show.njk',
        context: { ...(await showContext(actor, evidenceId)), values: fields },
        dateFields: DATE_FIELDS,
      },
      async () =>
        services.evidence.addVersion(
          actor,
          evidenceId,
          evidenceInput(fields, false),
          await uploadedFile(request.body, 'file'),
        ),
      () => {
        setFlash(request, 'New version submitted');
        return reply.redirect(`/evidence/${evidenceId}`);
      },
    );
  });

  app.post('/evidence/:evidenceId/review', async (request, reply) => {
    const actor = actorOf(request);
    const { evidenceId } = request.params as { evidenceId: string };
    const body = request.body as Body;
    return submitForm(
      reply,
      { template: 'evidence-show.njk', context: { ...(await showContext(actor, evidenceId)), values: body } },
      () =>
        services.evidence.review(actor, evidenceId, {
          decision: body.decision || undefined,
          note: body.note?.trim() || undefined,
        }),
      (item) => {
        setFlash(
          request,
          item.status === 'accepted'
            ? 'Evidence accepted and the action closed'
            : 'Evidence returned with your reason',
        );
        return reply.redirect(`/actions/${item.actionId}#evidence`);
      },
    );
  });

  app.get('/evidence/:evidenceId/versions/:versionNumber/file', async (request, reply) => {
    const actor = actorOf(request);
    const { evidenceId, versionNumber } = request.params as { evidenceId: string; versionNumber: string };
    const file = await services.evidence.download(actor, evidenceId, Number(versionNumber));
    // Always a download, never shown inline: an uploaded file must not run in Lantern's origin.
    return reply
      .type(file.contentType)
      .header('content-disposition', `attachment; filename="${dispositionName(file.fileName)}"`)
      .header('cache-control', 'private, no-store')
      .send(file.content);
  });
}
