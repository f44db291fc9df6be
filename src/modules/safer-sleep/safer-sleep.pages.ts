import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.ts';
import { ValidationFailed } from '../../platform/errors.ts';
import { actorOf, type Actor } from '../../platform/http/current-user.ts';
import { dateParts, joinDateParts } from '../../platform/http/forms.ts';
import { setFlash, submitForm } from '../../platform/http/pages.ts';
import { londonToday } from '../../platform/clock.ts';
import type { Person } from '../people/index.ts';
import { RELATIONSHIP_LABELS } from '../people/index.ts';
import { viewLabels } from './safer-sleep.view.ts';

type Body = Record<string, unknown>;
const text = (body: Body, key: string) => (typeof body[key] === 'string' ? (body[key] as string).trim() : '');
const asArray = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(String) : value ? [String(value)] : [];

/** The form's fields as the service's input: each family member's boxes, then "someone else". */
function assessmentInput(body: Body, family: Person[]) {
  const people: Record<string, unknown>[] = family.map((m) => {
    const ticked = asArray(body[`person-${m.id}`]);
    return { personId: m.id, present: ticked.includes('present'), advised: ticked.includes('advised') };
  });
  const other = asArray(body.other);
  if (text(body, 'otherName') || other.length)
    people.push({
      name: text(body, 'otherName') || undefined,
      relationship: text(body, 'otherRelationship') || undefined,
      present: other.includes('present'),
      advised: other.includes('advised'),
    });
  return {
    contactType: text(body, 'contactType') || undefined,
    contactDate: joinDateParts(body, 'contactDate'),
    factors: asArray(body.factors),
    advice: asArray(body.advice),
    adviceOther: text(body, 'adviceOther') || undefined,
    outOfRoutine: asArray(body.outOfRoutine),
    outOfRoutineNotes: text(body, 'outOfRoutineNotes') || undefined,
    riskLevel: text(body, 'riskLevel') || undefined,
    plan: text(body, 'plan') || undefined,
    people,
    raiseFlag: body.raiseFlag === 'yes',
  };
}

/** The service names "someone else" by its place in the list; the page has one set of fields for it. */
async function asPageFields<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof ValidationFailed)) throw err;
    throw new ValidationFailed(
      err.fields.map((f) => ({
        ...f,
        path: f.path
          .replace(/^people\.\d+\.name$/, 'otherName')
          .replace(/^people\.\d+\.relationship$/, 'otherRelationship')
          .replace(/^people\.\d+\.personId$/, 'people')
          .replace(/^(factors|advice|outOfRoutine)\.\d+$/, '$1'),
      })),
    );
  }
}

export async function saferSleepPages(app: FastifyInstance, { services }: { services: Services }) {
  const formContext = async (actor: Actor, personId: string) => {
    const { baby, family, factors } = await services.saferSleep.formFor(actor, personId);
    return {
      pageTitle: 'Record a safer-sleep assessment',
      baby,
      family: family.map((m) => ({ ...m, relationshipLabel: RELATIONSHIP_LABELS[m.relationship] })),
      factors,
      ...viewLabels,
      backLink: `/people/${personId}/safer-sleep`,
    };
  };

  app.get('/people/:id/safer-sleep', async (request, reply) => {
    const { id } = request.params as { id: string };
    const history = await services.saferSleep.history(actorOf(request), id);
    return reply.page('safer-sleep-history.njk', {
      pageTitle: 'Safer-sleep assessments',
      ...history,
      factorText: Object.fromEntries(history.factors.map((f) => [f.code, f.text])),
      ...viewLabels,
    });
  });

  app.get('/people/:id/safer-sleep/new', async (request, reply) => {
    const { id } = request.params as { id: string };
    const today = dateParts(londonToday());
    return reply.page('safer-sleep-new.njk', {
      ...(await formContext(actorOf(request), id)),
      values: {
        'contactDate-day': today.day,
        'contactDate-month': today.month,
        'contactDate-year': today.year,
        raiseFlag: 'yes',
      },
      errors: {},
    });
  });

  app.post('/people/:id/safer-sleep', async (request, reply) => {
    const actor = actorOf(request);
    const { id } = request.params as { id: string };
    const body = (request.body ?? {}) as Body;
    const context = await formContext(actor, id);
    const values = {
      ...body,
      factors: asArray(body.factors),
      advice: asArray(body.advice),
      outOfRoutine: asArray(body.outOfRoutine),
      other: asArray(body.other),
      ...Object.fromEntries(context.family.map((m) => [`person-${m.id}`, asArray(body[`person-${m.id}`])])),
    };
    return submitForm(
      reply,
      { template: 'safer-sleep-new.njk', context: { ...context, values }, dateFields: ['contactDate'] },
      () => asPageFields(() => services.saferSleep.assess(actor, id, assessmentInput(body, context.family))),
      (assessment) => {
        setFlash(
          request,
          assessment.flagRaised
            ? 'Safer-sleep assessment recorded. The safer-sleep risk flag is now on the baby’s record.'
            : 'Safer-sleep assessment recorded',
        );
        return reply.redirect(`/people/${id}/safer-sleep`);
      },
    );
  });

  const contactContext = async (actor: Actor, personId: string) => ({
    ...(await formContext(actor, personId)),
    pageTitle: 'Record a contact',
  });

  app.get('/people/:id/contacts/new', async (request, reply) => {
    const { id } = request.params as { id: string };
    const today = dateParts(londonToday());
    return reply.page('contact-new.njk', {
      ...(await contactContext(actorOf(request), id)),
      values: {
        'contactDate-day': today.day,
        'contactDate-month': today.month,
        'contactDate-year': today.year,
      },
      errors: {},
    });
  });

  app.post('/people/:id/contacts', async (request, reply) => {
    const actor = actorOf(request);
    const { id } = request.params as { id: string };
    const body = (request.body ?? {}) as Body;
    return submitForm(
      reply,
      {
        template: 'contact-new.njk',
        context: { ...(await contactContext(actor, id)), values: body },
        dateFields: ['contactDate'],
      },
      () =>
        services.saferSleep.recordContact(actor, id, {
          contactType: text(body, 'contactType') || undefined,
          contactDate: joinDateParts(body, 'contactDate'),
        }),
      () => {
        setFlash(request, 'Contact recorded');
        return reply.redirect(`/people/${id}/safer-sleep`);
      },
    );
  });
}
