import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.ts';
import { actorOf, type Actor } from '../../platform/http/current-user.ts';
import { joinDateParts } from '../../platform/http/forms.ts';
import { setFlash, submitForm } from '../../platform/http/pages.ts';
import { CLOSE_OUTCOMES, CONCERNS } from './pathway.ts';

type Body = Record<string, unknown>;
const text = (body: Body, key: string) => (typeof body[key] === 'string' ? (body[key] as string).trim() : '');
const asArray = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(String) : value ? [String(value)] : [];
const orUndefined = (s: string) => s || undefined;

export async function unbornPages(app: FastifyInstance, { services }: { services: Services }) {
  const referralContext = async (actor: Actor, personId: string) => {
    const [{ person, referrals }, organisations, policy] = await Promise.all([
      services.unborn.forPerson(actor, personId),
      services.organisations.list(actor),
      services.unborn.policy(),
    ]);
    return {
      pageTitle: 'Unborn Baby Network referral',
      activeNav: 'unborn',
      person,
      open: referrals.find((r) => !r.closedAt),
      closed: referrals.filter((r) => r.closedAt),
      concernLabels: CONCERNS,
      closeOutcomes: CLOSE_OUTCOMES,
      onTimeWeeks: policy.unbornLatestOnTimeWeeks,
      organisationItems: organisations.map((o) => ({ value: o.id, text: o.name })),
      values: { referringOrganisationId: actor.organisationId, concerns: [], raiseFlag: 'yes' } as Body,
      errors: {},
    };
  };

  app.get('/people/:personId/unborn-referral', async (request, reply) => {
    const { personId } = request.params as { personId: string };
    return reply.page('unborn-referral.njk', await referralContext(actorOf(request), personId));
  });

  app.post('/people/:personId/unborn-referral', async (request, reply) => {
    const actor = actorOf(request);
    const { personId } = request.params as { personId: string };
    const body = (request.body ?? {}) as Body;
    const values = { ...body, concerns: asArray(body.concerns) };
    return submitForm(
      reply,
      {
        template: 'unborn-referral.njk',
        context: { ...(await referralContext(actor, personId)), values },
        dateFields: ['referralDate'],
      },
      () =>
        services.unborn.refer(actor, personId, {
          referralDate: joinDateParts(body, 'referralDate'),
          gestationWeeks: orUndefined(text(body, 'gestationWeeks')),
          gestationDays: orUndefined(text(body, 'gestationDays')),
          concerns: values.concerns,
          concernOther: orUndefined(text(body, 'concernOther')),
          referringOrganisationId: orUndefined(text(body, 'referringOrganisationId')),
          fatherOrPartner: orUndefined(text(body, 'fatherOrPartner')),
          bothParentsAssessed: text(body, 'bothParentsAssessed') === 'yes',
          raiseFlag: text(body, 'raiseFlag') === 'yes',
        }),
      (referral) => {
        setFlash(
          request,
          referral.late
            ? 'Referral recorded. It was made late: the milestones below are tighter.'
            : 'Referral recorded',
        );
        return reply.redirect(`/people/${personId}/unborn-referral`);
      },
    );
  });

  app.post('/people/:personId/unborn-referral/:referralId/milestones/:milestone', async (request, reply) => {
    const actor = actorOf(request);
    const { personId, referralId, milestone } = request.params as {
      personId: string;
      referralId: string;
      milestone: string;
    };
    const body = (request.body ?? {}) as Body;
    const notNeeded = text(body, 'outcome') === 'not-needed';
    return submitForm(
      reply,
      {
        template: 'unborn-referral.njk',
        context: { ...(await referralContext(actor, personId)), milestoneError: milestone },
        dateFields: ['doneDate'],
      },
      () =>
        services.unborn.recordMilestone(actor, personId, referralId, milestone, {
          doneDate: notNeeded ? undefined : joinDateParts(body, 'doneDate'),
          notNeededReason: notNeeded ? text(body, 'notNeededReason') || ' ' : undefined,
          version: text(body, 'version'),
        }),
      () => {
        setFlash(request, 'Milestone recorded');
        return reply.redirect(`/people/${personId}/unborn-referral#milestones`);
      },
    );
  });

  app.post('/people/:personId/unborn-referral/:referralId/close', async (request, reply) => {
    const actor = actorOf(request);
    const { personId, referralId } = request.params as { personId: string; referralId: string };
    const body = (request.body ?? {}) as Body;
    return submitForm(
      reply,
      {
        template: 'unborn-referral.njk',
        context: { ...(await referralContext(actor, personId)), values: body },
      },
      () =>
        services.unborn.close(actor, personId, referralId, {
          outcome: orUndefined(text(body, 'outcome')),
          reason: orUndefined(text(body, 'reason')),
          version: text(body, 'version'),
        }),
      () => {
        setFlash(request, 'Referral closed');
        return reply.redirect(`/people/${personId}/unborn-referral`);
      },
    );
  });

  app.get('/unborn-baby-network', async (request, reply) => {
    const actor = actorOf(request);
    const [referrals, policy] = await Promise.all([services.unborn.network(actor), services.unborn.policy()]);
    return reply.page('unborn-network.njk', {
      pageTitle: 'Unborn Baby Network',
      activeNav: 'unborn',
      referrals,
      onTimeWeeks: policy.unbornLatestOnTimeWeeks,
    });
  });

  app.get('/measures/unborn-referrals', async (request, reply) => {
    const actor = actorOf(request);
    const measure = await services.unborn.measure(actor, 12);
    return reply.page('unborn-measure.njk', {
      pageTitle: 'Unborn baby referrals made on time',
      activeNav: 'measures',
      ...measure,
    });
  });
}
