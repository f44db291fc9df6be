import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.ts';
import { actorOf, type Actor } from '../../platform/http/current-user.ts';
import { setFlash, submitForm } from '../../platform/http/pages.ts';
import { ORGANISATION_TYPE_LABELS, ORGANISATION_TYPES } from './organisations.types.ts';

type Body = Record<string, string | undefined>;
const input = (body: Body) => ({
  name: body.name?.trim() || undefined,
  type: body.type || undefined,
  commissionedBy: body.commissionedBy || null,
});

/** Organisation settings for the business unit: names, kinds, and which ICB oversees which providers. */
export async function organisationsPages(app: FastifyInstance, { services }: { services: Services }) {
  const formContext = async (actor: Actor) => {
    const all = await services.organisations.listSettings(actor);
    return {
      typeItems: ORGANISATION_TYPES.map((t) => ({ value: t, text: ORGANISATION_TYPE_LABELS[t] })),
      commissionerItems: [
        { value: '', text: 'Not commissioned by an ICB' },
        ...all.filter((o) => o.type === 'icb').map((o) => ({ value: o.id, text: o.name })),
      ],
      backLink: '/organisations',
    };
  };

  app.get('/organisations', async (request, reply) => {
    const actor = actorOf(request);
    const organisations = await services.organisations.listSettings(actor);
    return reply.page('organisations-list.njk', {
      activeNav: 'organisations',
      pageTitle: 'Organisations',
      organisations,
      typeLabels: ORGANISATION_TYPE_LABELS,
    });
  });

  app.get('/organisations/new', async (request, reply) => {
    const actor = actorOf(request);
    return reply.page('organisation-form.njk', {
      activeNav: 'organisations',
      pageTitle: 'Add an organisation',
      ...(await formContext(actor)),
      values: {},
      errors: {},
    });
  });

  app.post('/organisations', async (request, reply) => {
    const actor = actorOf(request);
    const body = request.body as Body;
    return submitForm(
      reply,
      {
        template: 'organisation-form.njk',
        context: {
          activeNav: 'organisations',
          pageTitle: 'Add an organisation',
          ...(await formContext(actor)),
          values: body,
        },
      },
      () => services.organisations.create(actor, input(body)),
      (created) => {
        setFlash(request, `${created.name} added`);
        return reply.redirect('/organisations');
      },
    );
  });

  app.get('/organisations/:organisationId/edit', async (request, reply) => {
    const actor = actorOf(request);
    const { organisationId } = request.params as { organisationId: string };
    const organisation = await services.organisations.getSettings(actor, organisationId);
    return reply.page('organisation-form.njk', {
      activeNav: 'organisations',
      pageTitle: `Change ${organisation.name}`,
      organisation,
      ...(await formContext(actor)),
      values: { ...organisation, commissionedBy: organisation.commissionedBy ?? '' },
      errors: {},
    });
  });

  app.post('/organisations/:organisationId/edit', async (request, reply) => {
    const actor = actorOf(request);
    const { organisationId } = request.params as { organisationId: string };
    const organisation = await services.organisations.getSettings(actor, organisationId);
    const body = request.body as Body;
    return submitForm(
      reply,
      {
        template: 'organisation-form.njk',
        context: {
          activeNav: 'organisations',
          pageTitle: `Change ${organisation.name}`,
          organisation,
          ...(await formContext(actor)),
          values: body,
        },
      },
      () => services.organisations.update(actor, organisationId, input(body)),
      () => {
        setFlash(request, 'Organisation updated');
        return reply.redirect('/organisations');
      },
    );
  });
}
