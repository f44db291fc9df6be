import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.ts';
import { actorOf } from '../../platform/http/current-user.ts';
import { setFlash, submitForm } from '../../platform/http/pages.ts';
import { FLAG_ROLES } from './flag-types.service.ts';

type Body = Record<string, unknown>;
const asArray = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(String) : value ? [String(value)] : [];
const roleItems = FLAG_ROLES.map((value) => ({
  value,
  text: value === 'practitioner' ? 'Practitioners' : 'Organisation safeguarding leads',
}));

/** A submitted flag type form as the service takes it (checkboxes send nothing when unticked). */
function settingsOf(body: Body) {
  const field = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : undefined);
  return {
    code: field('code'),
    name: field('name'),
    symbol: field('symbol'),
    meaning: field('meaning'),
    guidance: field('guidance'),
    raiseRoles: asArray(body.raiseRoles),
    endRoles: asArray(body.endRoles),
    visibleDaysAfterEnd: field('visibleDaysAfterEnd')?.trim() || undefined,
    showOnBabies: asArray(body.options).includes('showOnBabies'),
    needsConsent: asArray(body.options).includes('needsConsent'),
    active: asArray(body.options).includes('active'),
    version: field('version'),
  };
}

/** Form values from a saved type, in the shape the form posts. */
const valuesOf = (t: Awaited<ReturnType<Services['flagTypes']['get']>>) => ({
  ...t,
  visibleDaysAfterEnd: String(t.visibleDaysAfterEnd),
  options: [t.showOnBabies && 'showOnBabies', t.needsConsent && 'needsConsent', t.active && 'active'].filter(
    Boolean,
  ),
});

export async function flagTypesPages(app: FastifyInstance, { services }: { services: Services }) {
  const context = (title: string) => ({
    pageTitle: title,
    activeNav: 'settings',
    roleItems,
    backLink: '/settings/flag-types',
  });

  app.get('/settings/flag-types/new', async (request, reply) => {
    await services.flags.typesForAdmin(actorOf(request));
    return reply.page('flag-type-edit.njk', {
      ...context('Add a flag type'),
      isNew: true,
      values: {
        raiseRoles: [...FLAG_ROLES],
        endRoles: [...FLAG_ROLES],
        visibleDaysAfterEnd: '0',
        options: ['active'],
      },
      errors: {},
    });
  });

  app.post('/settings/flag-types', async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const input = settingsOf(body);
    return submitForm(
      reply,
      {
        template: 'flag-type-edit.njk',
        context: {
          ...context('Add a flag type'),
          isNew: true,
          values: { ...body, ...input, options: asArray(body.options) },
        },
      },
      () => services.flagTypes.add(actorOf(request), input),
      (type) => {
        setFlash(request, `Flag type "${type.name}" added`);
        return reply.redirect('/settings/flag-types');
      },
    );
  });

  app.get('/settings/flag-types/:code', async (request, reply) => {
    const { code } = request.params as { code: string };
    const type = await services.flagTypes.get(actorOf(request), code);
    return reply.page('flag-type-edit.njk', {
      ...context(`Change ${type.name}`),
      type,
      values: valuesOf(type),
      errors: {},
    });
  });

  app.post('/settings/flag-types/:code', async (request, reply) => {
    const actor = actorOf(request);
    const { code } = request.params as { code: string };
    const body = (request.body ?? {}) as Body;
    const type = await services.flagTypes.get(actor, code);
    const input = settingsOf(body);
    return submitForm(
      reply,
      {
        template: 'flag-type-edit.njk',
        context: {
          ...context(`Change ${type.name}`),
          type,
          values: { ...input, options: asArray(body.options) },
        },
      },
      () => services.flagTypes.update(actor, code, input),
      (saved) => {
        setFlash(request, `Flag type "${saved.name}" saved`);
        return reply.redirect('/settings/flag-types');
      },
    );
  });
}
