import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.ts';
import { actorOf, type Actor } from '../../platform/http/current-user.ts';
import { setFlash, submitForm } from '../../platform/http/pages.ts';
import type { FlagType } from './flags.types.ts';

type Body = Record<string, unknown>;
const text = (body: Body, key: string) => (typeof body[key] === 'string' ? (body[key] as string).trim() : '');
const nav = { activeNav: 'families' };

export async function flagsPages(app: FastifyInstance, { services }: { services: Services }) {
  const raiseContext = async (actor: Actor, personId: string) => {
    const person = await services.people.readable(actor, personId, 'flags');
    const types = await services.flags.raisableTypes(actor);
    return {
      ...nav,
      pageTitle: 'Raise a flag',
      person,
      types,
      typeItems: types.map((t: FlagType) => ({
        value: t.code,
        text: t.name,
        hint: { text: t.meaning + (t.needsConsent ? ' Needs the family’s consent.' : '') },
      })),
      consentNeeded: types.filter((t) => t.needsConsent).map((t) => t.name),
      backLink: `/people/${personId}`,
    };
  };

  app.get('/people/:personId/flags/new', async (request, reply) => {
    const actor = actorOf(request);
    const { personId } = request.params as { personId: string };
    return reply.page('flag-raise.njk', { ...(await raiseContext(actor, personId)), values: {}, errors: {} });
  });

  app.post('/people/:personId/flags', async (request, reply) => {
    const actor = actorOf(request);
    const { personId } = request.params as { personId: string };
    const body = (request.body ?? {}) as Body;
    return submitForm(
      reply,
      { template: 'flag-raise.njk', context: { ...(await raiseContext(actor, personId)), values: body } },
      () =>
        services.flags.raise(actor, personId, {
          type: text(body, 'type') || undefined,
          note: text(body, 'note') || undefined,
          consent: text(body, 'consent') === 'yes' ? true : undefined,
        }),
      () => {
        setFlash(request, 'Flag raised');
        return reply.redirect(`/people/${personId}`);
      },
    );
  });

  const endContext = async (actor: Actor, flagId: string) => {
    const { flag, type } = await services.flags.get(actor, flagId);
    return {
      ...nav,
      pageTitle: `End the ${type.name} flag`,
      flag,
      type,
      backLink: `/people/${flag.personId}`,
    };
  };

  app.get('/flags/:flagId/end', async (request, reply) => {
    const { flagId } = request.params as { flagId: string };
    return reply.page('flag-end.njk', {
      ...(await endContext(actorOf(request), flagId)),
      values: {},
      errors: {},
    });
  });

  app.post('/flags/:flagId/end', async (request, reply) => {
    const actor = actorOf(request);
    const { flagId } = request.params as { flagId: string };
    const body = (request.body ?? {}) as Body;
    return submitForm(
      reply,
      { template: 'flag-end.njk', context: { ...(await endContext(actor, flagId)), values: body } },
      () =>
        services.flags.end(actor, flagId, {
          reason: text(body, 'reason') || undefined,
          version: body.version,
        }),
      (flag) => {
        setFlash(request, 'Flag ended');
        return reply.redirect(`/people/${flag.personId}`);
      },
    );
  });

  app.get('/settings/flag-types', async (request, reply) => {
    const types = await services.flags.typesForAdmin(actorOf(request));
    return reply.page('flag-types.njk', { pageTitle: 'Flag types', activeNav: 'settings', types });
  });
}
