import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.ts';
import { actorOf, type Actor } from '../../platform/http/current-user.ts';
import { joinDateParts } from '../../platform/http/forms.ts';
import { setFlash, submitForm } from '../../platform/http/pages.ts';
import { RELATIONSHIP_LABELS } from '../people/index.ts';
import { LOSS_KINDS, SUPPORT_KINDS, SUPPORT_RESPONSES } from './losses.service.ts';

type Body = Record<string, unknown>;
const text = (body: Body, key: string) => (typeof body[key] === 'string' ? (body[key] as string).trim() : '');
const asArray = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(String) : value ? [String(value)] : [];

/** Bereavement: the family's losses and the support offered to each of them. */
export async function lossesPages(app: FastifyInstance, { services }: { services: Services }) {
  const context = async (actor: Actor, personId: string) => {
    const data = await services.losses.forPerson(actor, personId);
    // Support is offered to the living family: parents, carers and siblings.
    const members = data.family.filter((p) => p.relationship !== 'baby' && p.relationship !== 'other');
    return {
      ...data,
      pageTitle: 'Bereavement',
      members,
      babies: data.family.filter((p) => p.relationship === 'baby'),
      relationshipLabels: RELATIONSHIP_LABELS,
      lossKinds: LOSS_KINDS,
      supportKinds: SUPPORT_KINDS,
      supportResponses: SUPPORT_RESPONSES,
      values: { raiseFlag: '', flagOn: [] } as Body,
      errors: {},
    };
  };

  app.get('/people/:personId/bereavement', async (request, reply) => {
    const { personId } = request.params as { personId: string };
    return reply.page('bereavement.njk', await context(actorOf(request), personId));
  });

  app.get('/people/:personId/bereavement/new', async (request, reply) => {
    const { personId } = request.params as { personId: string };
    return reply.page('loss-record.njk', {
      ...(await context(actorOf(request), personId)),
      pageTitle: 'Record a loss',
    });
  });

  app.post('/people/:personId/bereavement', async (request, reply) => {
    const actor = actorOf(request);
    const { personId } = request.params as { personId: string };
    const body = (request.body ?? {}) as Body;
    const page = await context(actor, personId);
    const values: Body & { flagOn: string[] } = { ...body, flagOn: asArray(body.flagOn) };
    for (const m of page.members) values[`offered-${m.id}`] = asArray(body[`offered-${m.id}`]);
    return submitForm(
      reply,
      {
        template: 'loss-record.njk',
        context: { ...page, pageTitle: 'Record a loss', values },
        dateFields: ['lossDate'],
      },
      () =>
        services.losses.record(actor, personId, {
          kind: text(body, 'kind') || undefined,
          lossDate: joinDateParts(body, 'lossDate'),
          babyPersonId: text(body, 'babyPersonId') || undefined,
          babyName: text(body, 'babyName') || undefined,
          laterPregnancyPlan: text(body, 'laterPregnancyPlan') || undefined,
          support: page.members
            .map((m) => ({
              personId: m.id,
              offered: values[`offered-${m.id}`] as string[],
              response: text(body, `response-${m.id}`) || 'not-yet',
            }))
            .filter((s) => s.offered.length || s.response !== 'not-yet'),
          raiseFlag: text(body, 'raiseFlag') === 'yes',
          consent: text(body, 'consent') === 'yes',
          flagOn: values.flagOn,
        }),
      () => {
        setFlash(request, 'The loss and the support offered are recorded');
        return reply.redirect(`/people/${personId}/bereavement`);
      },
    );
  });
}
