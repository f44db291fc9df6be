import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../../composition.ts';
import { ValidationFailed } from '../../platform/errors.ts';
import { actorOf, type Actor } from '../../platform/http/current-user.ts';
import { joinDateParts } from '../../platform/http/forms.ts';
import { errorsByField, errorSummary, setFlash, submitForm } from '../../platform/http/pages.ts';
import { pageParam } from '../../platform/schema.ts';
import { BreakGlassNeeded } from './people.service.ts';
import { RELATIONSHIP_LABELS, RELATIONSHIPS, type Person } from './people.types.ts';

type Body = Record<string, unknown>;
const text = (body: Body, key: string) => (typeof body[key] === 'string' ? (body[key] as string).trim() : '');
const relationshipItems = RELATIONSHIPS.map((value) => ({ value, text: RELATIONSHIP_LABELS[value] }));
const nav = { activeNav: 'families' };
/** Matches shown per page of a search. */
const SEARCH_PAGE_SIZE = 25;

/** The person as a heading: "Amira Testperson", or "Unborn baby of …" style wording is left to the page. */
const nameOf = (p: Person) => `${p.givenName} ${p.familyName}`;

export async function peoplePages(app: FastifyInstance, { services }: { services: Services }) {
  app.get('/people', async (request, reply) => {
    const actor = actorOf(request);
    const query = request.query as Body;
    const values = { ...query };
    const searched = Object.keys(query).length > 0;
    if (!(await services.people.seesFamilies(actor))) return reply.callNotFound();
    const context = {
      ...nav,
      pageTitle: 'Find a person',
      values,
      errors: {},
      searched,
      results: [] as unknown[],
    };
    if (!searched) return reply.page('people-find.njk', context);
    try {
      const { results, total, page } = await services.people.search(actor, {
        nhsNumber: text(query, 'nhsNumber') || undefined,
        familyName: text(query, 'familyName') || undefined,
        givenName: text(query, 'givenName') || undefined,
        dateOfBirth: joinDateParts(query, 'dateOfBirth'),
        page: pageParam.catch(1).parse(query.page),
        pageSize: SEARCH_PAGE_SIZE,
      });
      const others = Object.entries(query).filter(([k, v]) => k !== 'page' && typeof v === 'string');
      return reply.page('people-find.njk', {
        ...context,
        results,
        total,
        page,
        pageCount: Math.max(1, Math.ceil(total / SEARCH_PAGE_SIZE)),
        pageHref: (n: number) =>
          `/people?${new URLSearchParams([...(others as [string, string][]), ['page', String(n)]])}`,
        labels: RELATIONSHIP_LABELS,
      });
    } catch (err) {
      if (!(err instanceof ValidationFailed)) throw err;
      const ids: Record<string, string> = { dateOfBirth: 'dateOfBirth-day' };
      return reply.code(400).page('people-find.njk', {
        ...context,
        searched: false,
        errorList: errorSummary(err.fields, (p) => ids[p] ?? p),
        errors: errorsByField(err.fields),
      });
    }
  });

  const newContext = async (actor: Actor, familyId: string | undefined) => {
    const family = familyId ? await services.people.familyById(actor, familyId) : [];
    return {
      ...nav,
      pageTitle: familyId ? 'Add someone to the family' : 'Record a person',
      familyId,
      relationshipItems,
      motherItems: family
        .filter((p) => p.relationship === 'mother')
        .map((p) => ({ value: p.id, text: `${nameOf(p)}${p.dateOfBirth ? `, born ${p.dateOfBirth}` : ''}` })),
      backLink: family[0] ? `/people/${family[0].id}` : '/people',
    };
  };

  app.get('/people/new', async (request, reply) => {
    const actor = actorOf(request);
    if (!(await services.people.seesFamilies(actor))) return reply.callNotFound();
    const { familyId } = request.query as { familyId?: string };
    return reply.page('person-new.njk', { ...(await newContext(actor, familyId)), values: {}, errors: {} });
  });

  app.post('/people', async (request, reply) => {
    const actor = actorOf(request);
    const body = (request.body ?? {}) as Body;
    const familyId = text(body, 'familyId') || undefined;
    return submitForm(
      reply,
      {
        template: 'person-new.njk',
        context: { ...(await newContext(actor, familyId)), values: body },
        dateFields: ['dateOfBirth', 'expectedDeliveryDate'],
      },
      () =>
        services.people.create(actor, {
          relationship: text(body, 'relationship') || undefined,
          givenName: text(body, 'givenName'),
          familyName: text(body, 'familyName'),
          nhsNumber: text(body, 'nhsNumber') || undefined,
          dateOfBirth: joinDateParts(body, 'dateOfBirth'),
          expectedDeliveryDate: joinDateParts(body, 'expectedDeliveryDate'),
          motherId: text(body, 'motherId') || undefined,
          familyId,
        }),
      (person) => {
        setFlash(request, `${nameOf(person)} recorded`);
        return reply.redirect(`/people/${person.id}`);
      },
    );
  });

  /** The break-glass page: the record exists, but the actor must give a reason to open it. */
  const breakGlassPage = (
    reply: FastifyReply,
    personId: string,
    extra: Record<string, unknown> = {},
    status = 403,
  ) =>
    reply.code(status).page('person-break-glass.njk', {
      ...nav,
      pageTitle: 'Give a reason to open this record',
      personId,
      values: {},
      errors: {},
      ...extra,
    });

  app.get('/people/:personId', async (request, reply) => {
    const actor = actorOf(request);
    const { personId } = request.params as { personId: string };
    try {
      const record = await services.people.record(actor, personId);
      const [flags, saferSleepLatest, unbornReferral, losses] = await Promise.all([
        services.flags.shownOnRecordOf(record.person),
        services.saferSleep.latestOnRecord(record.person),
        services.unborn.openReferralOnRecord(record.person),
        services.losses.onRecord(record.person),
      ]);
      const involvedIds = new Set(record.organisations.map((o) => o.id));
      const otherOrganisations = (await services.organisations.list(actor)).filter(
        (o) => !involvedIds.has(o.id),
      );
      return reply.page('person-show.njk', {
        otherOrganisations,
        saferSleepLatest,
        unbornReferral,
        losses,
        isBaby: record.person.relationship === 'baby',
        mayChange: services.people.mayChange(actor),
        ...nav,
        ...record,
        pageTitle: nameOf(record.person),
        flags: flags.map((f) => ({ ...f, mayEnd: !f.flag.onMother && services.flags.mayEnd(actor, f.type) })),
        labels: RELATIONSHIP_LABELS,
        backLink: '/people',
      });
    } catch (err) {
      if (err instanceof BreakGlassNeeded) return breakGlassPage(reply, personId);
      throw err;
    }
  });

  app.post('/people/:personId/break-glass', async (request, reply) => {
    const actor = actorOf(request);
    const { personId } = request.params as { personId: string };
    const body = (request.body ?? {}) as Body;
    try {
      await services.people.breakGlass(actor, personId, { reason: text(body, 'reason') });
    } catch (err) {
      if (!(err instanceof ValidationFailed)) throw err;
      const errors = { values: body, errorList: errorSummary(err.fields), errors: errorsByField(err.fields) };
      return breakGlassPage(reply, personId, errors, 400);
    }
    setFlash(request, 'You can see this record for 24 hours. Your reason has been recorded.');
    return reply.redirect(`/people/${personId}`);
  });

  app.post('/people/:personId/organisations', async (request, reply) => {
    const actor = actorOf(request);
    const { personId } = request.params as { personId: string };
    const body = (request.body ?? {}) as Body;
    try {
      await services.people.addOrganisation(actor, personId, {
        organisationId: text(body, 'organisationId'),
      });
      setFlash(request, 'Organisation added: its staff can now see this family’s records');
    } catch (err) {
      if (err instanceof BreakGlassNeeded) return breakGlassPage(reply, personId);
      if (!(err instanceof ValidationFailed)) throw err;
      setFlash(request, 'Select an organisation from the list to add it');
    }
    return reply.redirect(`/people/${personId}#organisations`);
  });

  app.get('/people/:personId/access-history', async (request, reply) => {
    const actor = actorOf(request);
    const { personId } = request.params as { personId: string };
    try {
      const accesses = await services.people.recentAccesses(actor, personId);
      return reply.page('person-access.njk', {
        ...nav,
        pageTitle: 'Access history',
        personId,
        accesses,
        backLink: `/people/${personId}`,
      });
    } catch (err) {
      if (err instanceof BreakGlassNeeded) return breakGlassPage(reply, personId);
      throw err;
    }
  });
}
