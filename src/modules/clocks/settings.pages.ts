import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.ts';
import { actorOf, type Actor } from '../../platform/http/current-user.ts';
import { multipartFields } from '../../platform/http/forms.ts';
import { setFlash, submitForm } from '../../platform/http/pages.ts';
import { uploadedFile } from '../../platform/http/uploads.ts';
import { POLICY_GROUPS, POLICY_SETTINGS } from './policy-settings.ts';

type Body = Record<string, unknown>;

const groups = POLICY_GROUPS.map((g) => ({
  ...g,
  settings: POLICY_SETTINGS.filter((s) => s.group === g.id),
}));

/** The business unit's settings: clock lengths and reminders, and the bank holidays in force. */
export async function settingsPages(app: FastifyInstance, { services }: { services: Services }) {
  const policyContext = async (actor: Actor) => {
    const state = await services.policy.editable(actor);
    return { pageTitle: 'Clocks and reminders', activeNav: 'settings', groups, state };
  };

  app.get('/settings/policy', async (request, reply) => {
    const context = await policyContext(actorOf(request));
    return reply.page('policy.njk', {
      ...context,
      values: { ...context.state.values, version: context.state.version },
      errors: {},
    });
  });

  app.post('/settings/policy', async (request, reply) => {
    const actor = actorOf(request);
    const body = request.body as Body;
    const input = Object.fromEntries(
      ['version', ...POLICY_SETTINGS.map((s) => s.key)].map((k) => [
        k,
        typeof body[k] === 'string' ? body[k] : '',
      ]),
    );
    return submitForm(
      reply,
      { template: 'policy.njk', context: { ...(await policyContext(actor)), values: input } },
      () => services.policy.update(actor, input),
      () => {
        setFlash(request, 'Policy settings saved. Deadlines now follow the new values.');
        return reply.redirect('/settings/policy');
      },
    );
  });

  const holidaysContext = async (actor: Actor) => ({
    pageTitle: 'Bank holidays',
    activeNav: 'settings',
    ...(await services.bankHolidays.overview(actor)),
    values: {},
    errors: {},
  });

  app.get('/settings/bank-holidays', async (request, reply) =>
    reply.page('bank-holidays.njk', await holidaysContext(actorOf(request))),
  );

  app.post('/settings/bank-holidays', async (request, reply) => {
    const actor = actorOf(request);
    return submitForm(
      reply,
      {
        template: 'bank-holidays.njk',
        context: { ...(await holidaysContext(actor)), values: multipartFields(request.body) },
      },
      async () => {
        const file = await uploadedFile(request.body, 'file');
        return services.bankHolidays.import(
          actor,
          file && { fileName: file.fileName, content: file.content },
        );
      },
      (result) => {
        setFlash(request, `Bank holidays imported for ${result.years[0]} to ${result.years.at(-1)}`);
        return reply.redirect('/settings/bank-holidays#last-import');
      },
    );
  });
}
