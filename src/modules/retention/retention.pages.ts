import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.ts';
import { actorOf, type Actor } from '../../platform/http/current-user.ts';
import { joinDateParts } from '../../platform/http/forms.ts';
import { setFlash, submitForm } from '../../platform/http/pages.ts';
import { describeRecord, ordinal } from './retention.view.ts';

type Body = Record<string, unknown>;
interface RecordParams {
  recordType: string;
  recordId: string;
}

const selected = (body: Body) => ({ records: body.records });

/** The business unit's "Due for disposal" list: keep a record for now, or confirm its disposal. */
export async function retentionPages(app: FastifyInstance, { services }: { services: Services }) {
  const listContext = async (actor: Actor, chosen: string[] = []) => {
    const { due, kept, policy } = await services.retention.overview(actor);
    return {
      pageTitle: 'Records due for disposal',
      activeNav: 'settings',
      due: due.map((r) => describeRecord(r, policy)),
      kept: kept.map((r) => describeRecord(r, policy)),
      policy,
      childBirthday: ordinal(policy.familyRecordChildAge),
      chosen,
      errors: {},
    };
  };
  const chosenOf = (body: Body) => [body.records ?? []].flat().filter((v) => typeof v === 'string');

  app.get('/records-retention', async (request, reply) =>
    reply.page('due-for-disposal.njk', await listContext(actorOf(request))),
  );

  app.post('/records-retention/confirm', async (request, reply) => {
    const actor = actorOf(request);
    const body = request.body as Body;
    const policy = (await services.retention.overview(actor)).policy;
    return submitForm(
      reply,
      { template: 'due-for-disposal.njk', context: await listContext(actor, chosenOf(body)) },
      () => services.retention.selection(actor, selected(body)),
      (records) =>
        reply.page('confirm-disposal.njk', {
          pageTitle: 'Are you sure you want to dispose of these records?',
          activeNav: 'settings',
          records: records.map((r) => describeRecord(r, policy)),
        }),
    );
  });

  app.post('/records-retention/disposals', async (request, reply) => {
    const actor = actorOf(request);
    const body = request.body as Body;
    return submitForm(
      reply,
      { template: 'due-for-disposal.njk', context: await listContext(actor, chosenOf(body)) },
      () => services.retention.dispose(actor, selected(body)),
      (result) => {
        const n = result.disposed.length;
        const skipped = result.skipped
          ? ` ${result.skipped} ${result.skipped === 1 ? 'was' : 'were'} not, because ${result.skipped === 1 ? 'it is' : 'they are'} no longer due for disposal.`
          : '';
        setFlash(request, `${n} ${n === 1 ? 'record was' : 'records were'} disposed of.${skipped}`);
        return reply.redirect('/records-retention');
      },
    );
  });

  const keepContext = async (actor: Actor, params: RecordParams) => {
    const record = await services.retention.find(actor, params.recordType, params.recordId);
    const { policy } = await services.retention.overview(actor);
    return {
      pageTitle: 'Keep this record for now',
      activeNav: 'settings',
      record: describeRecord(record, policy),
    };
  };

  app.get<{ Params: RecordParams }>('/records-retention/:recordType/:recordId/keep', async (request, reply) =>
    reply.page('keep-record.njk', {
      ...(await keepContext(actorOf(request), request.params)),
      values: {},
      errors: {},
    }),
  );

  app.post<{ Params: RecordParams }>(
    '/records-retention/:recordType/:recordId/keep',
    async (request, reply) => {
      const actor = actorOf(request);
      const body = request.body as Body;
      const { recordType, recordId } = request.params;
      return submitForm(
        reply,
        {
          template: 'keep-record.njk',
          context: { ...(await keepContext(actor, request.params)), values: body },
          dateFields: ['reviewDate'],
        },
        () =>
          services.retention.keep(actor, recordType, recordId, {
            reason: typeof body.reason === 'string' ? body.reason : undefined,
            reviewDate: joinDateParts(body, 'reviewDate'),
          }),
        () => {
          setFlash(request, 'The record is kept. It will come back to this list on the date you gave.');
          return reply.redirect('/records-retention');
        },
      );
    },
  );
}
