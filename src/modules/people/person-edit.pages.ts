import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../../composition.ts';
import { actorOf } from '../../platform/http/current-user.ts';
import { dateParts, joinDateParts } from '../../platform/http/forms.ts';
import { setFlash, submitForm } from '../../platform/http/pages.ts';
import { BreakGlassNeeded } from './people.service.ts';
import { RELATIONSHIP_LABELS, RELATIONSHIPS, type Person } from './people.types.ts';
import { isUnborn } from './person-changes.ts';

type Body = Record<string, unknown>;
const text = (body: Body, key: string) => (typeof body[key] === 'string' ? (body[key] as string).trim() : '');
const relationshipItems = RELATIONSHIPS.map((value) => ({ value, text: RELATIONSHIP_LABELS[value] }));

/** The record's values as the form shows them (dates split into day, month and year). */
function formValues(p: Person): Body {
  const parts = (name: string, value: string | null) =>
    Object.fromEntries(Object.entries(dateParts(value)).map(([k, v]) => [`${name}-${k}`, v]));
  return {
    version: String(p.version),
    givenName: p.givenName,
    familyName: p.familyName,
    nhsNumber: p.nhsNumber ?? '',
    relationship: p.relationship,
    ...parts('dateOfBirth', p.dateOfBirth),
    ...parts('expectedDeliveryDate', p.expectedDeliveryDate),
  };
}

/**
 * What the form sends the service. Every field is on the form, so a blank NHS number or date was
 * cleared (null). The expected date is on the form only while the baby is unborn: once born it is
 * history, and not sent.
 */
function updateInput(body: Body, person: Person): Body {
  return {
    version: text(body, 'version'),
    givenName: text(body, 'givenName'),
    familyName: text(body, 'familyName'),
    nhsNumber: text(body, 'nhsNumber') || null,
    relationship: text(body, 'relationship') || undefined,
    dateOfBirth: joinDateParts(body, 'dateOfBirth') ?? null,
    ...(isUnborn(person)
      ? { expectedDeliveryDate: joinDateParts(body, 'expectedDeliveryDate') ?? null }
      : {}),
  };
}

/** "Change" from the record's summary list: correct a person's details (GOV.UK check answers style). */
export async function personEditPages(app: FastifyInstance, { services }: { services: Services }) {
  const context = (person: Person) => ({
    activeNav: 'families',
    pageTitle: `Change ${person.givenName} ${person.familyName}’s details`,
    person,
    unborn: isUnborn(person),
    relationshipItems,
    labels: RELATIONSHIP_LABELS,
    backLink: `/people/${person.id}`,
  });

  const breakGlassPage = (reply: FastifyReply, personId: string) =>
    reply.code(403).page('person-break-glass.njk', {
      activeNav: 'families',
      pageTitle: 'Give a reason to open this record',
      personId,
      values: {},
      errors: {},
    });

  app.get('/people/:personId/edit', async (request, reply) => {
    const { personId } = request.params as { personId: string };
    try {
      const person = await services.people.forEdit(actorOf(request), personId);
      return reply.page('person-edit.njk', { ...context(person), values: formValues(person), errors: {} });
    } catch (err) {
      if (err instanceof BreakGlassNeeded) return breakGlassPage(reply, personId);
      throw err;
    }
  });

  app.post('/people/:personId/edit', async (request, reply) => {
    const actor = actorOf(request);
    const { personId } = request.params as { personId: string };
    const body = (request.body ?? {}) as Body;
    let person: Person;
    try {
      person = await services.people.forEdit(actor, personId);
    } catch (err) {
      if (err instanceof BreakGlassNeeded) return breakGlassPage(reply, personId);
      throw err;
    }
    return submitForm(
      reply,
      {
        template: 'person-edit.njk',
        context: { ...context(person), values: body },
        dateFields: ['dateOfBirth', 'expectedDeliveryDate'],
      },
      () => services.people.update(actor, personId, updateInput(body, person)),
      (saved) => {
        const born = isUnborn(person) && !isUnborn(saved);
        setFlash(request, born ? 'Birth recorded' : 'Details saved');
        return reply.redirect(`/people/${personId}`);
      },
    );
  });
}
