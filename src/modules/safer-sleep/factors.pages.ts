import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.ts';
import { actorOf, type Actor } from '../../platform/http/current-user.ts';
import { setFlash, submitForm } from '../../platform/http/pages.ts';
import { viewLabels } from './safer-sleep.view.ts';

type Body = Record<string, unknown>;
const text = (body: Body, key: string) => (typeof body[key] === 'string' ? (body[key] as string).trim() : '');

/** The business unit's list of safer-sleep risk factors: add, rename, regroup, retire. */
export async function factorsPages(app: FastifyInstance, { services }: { services: Services }) {
  const listContext = async (actor: Actor) => ({
    pageTitle: 'Safer-sleep risk factors',
    activeNav: 'settings',
    factors: await services.saferSleepFactors.list(actor),
    ...viewLabels,
  });

  app.get('/settings/safer-sleep-factors', async (request, reply) =>
    reply.page('factors.njk', { ...(await listContext(actorOf(request))), values: {}, errors: {} }),
  );

  app.post('/settings/safer-sleep-factors', async (request, reply) => {
    const actor = actorOf(request);
    const body = (request.body ?? {}) as Body;
    const input = { text: text(body, 'text') || undefined, group: text(body, 'group') || undefined };
    return submitForm(
      reply,
      { template: 'factors.njk', context: { ...(await listContext(actor)), values: body } },
      () => services.saferSleepFactors.add(actor, input),
      (factor) => {
        setFlash(request, `Risk factor added: ${factor.text}`);
        return reply.redirect('/settings/safer-sleep-factors');
      },
    );
  });

  const editContext = async (actor: Actor, code: string) => ({
    pageTitle: 'Change a safer-sleep risk factor',
    activeNav: 'settings',
    factor: await services.saferSleepFactors.get(actor, code),
    backLink: '/settings/safer-sleep-factors',
    ...viewLabels,
  });

  app.get('/settings/safer-sleep-factors/:code', async (request, reply) => {
    const { code } = request.params as { code: string };
    const context = await editContext(actorOf(request), code);
    const f = context.factor;
    return reply.page('factor-edit.njk', {
      ...context,
      values: { ...f, active: f.active ? 'yes' : 'no' },
      errors: {},
    });
  });

  app.post('/settings/safer-sleep-factors/:code', async (request, reply) => {
    const actor = actorOf(request);
    const { code } = request.params as { code: string };
    const body = (request.body ?? {}) as Body;
    return submitForm(
      reply,
      { template: 'factor-edit.njk', context: { ...(await editContext(actor, code)), values: body } },
      () =>
        services.saferSleepFactors.change(actor, code, {
          text: text(body, 'text') || undefined,
          group: text(body, 'group') || undefined,
          sortOrder: text(body, 'sortOrder') || undefined,
          active: text(body, 'active') !== 'no',
          version: text(body, 'version') || undefined,
        }),
      (factor) => {
        setFlash(
          request,
          factor.active ? `Risk factor saved: ${factor.text}` : `Risk factor retired: ${factor.text}`,
        );
        return reply.redirect('/settings/safer-sleep-factors');
      },
    );
  });
}
