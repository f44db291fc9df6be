import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../composition.ts';
import { actorOf, type Actor } from '../../platform/http/current-user.ts';
import { apiErrors, idParams, listOf } from '../../platform/schema.ts';
import type { Flag, FlagType } from './flags.types.ts';
import { BreakGlassNeeded } from './people.service.ts';
import {
  BreakGlassBody,
  FlagEndBody,
  FlagRaiseBody,
  FlagResponse,
  PersonCreateSchema,
  PersonResponse,
  PersonSearchItem,
  PersonSearchQuery,
} from './people.schema.ts';

/** The contract's answer when a reason must be given first: 403 `{error: "break-glass-required"}`. */
export async function orBreakGlass<T>(
  reply: FastifyReply,
  work: () => Promise<T>,
): Promise<T | FastifyReply> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof BreakGlassNeeded)) throw err;
    return reply.code(403).send({ error: 'break-glass-required', message: err.message });
  }
}

export function flagJson({ flag, type }: { flag: Flag & { onMother?: boolean }; type: FlagType }) {
  return {
    id: flag.id,
    personId: flag.personId,
    type: type.code,
    name: type.name,
    symbol: type.symbol,
    meaning: type.meaning,
    guidance: type.guidance,
    note: flag.note,
    consent: flag.consent,
    status: flag.endedAt ? ('ended' as const) : ('active' as const),
    onMother: flag.onMother ?? false,
    raisedBy: {
      name: flag.raisedByName,
      organisationId: flag.raisedByOrganisationId,
      organisationName: flag.raisedByOrganisationName,
    },
    raisedAt: flag.raisedAt.toISOString(),
    endedAt: flag.endedAt ? flag.endedAt.toISOString() : null,
    endReason: flag.endReason,
    version: flag.version,
  };
}

/** The person as `GET /api/v1/people/{id}` returns them (a read of the record, audited). */
export function personJsonOf(services: Services) {
  return async (actor: Actor, id: string) => {
    const { person, organisations, access } = await services.people.record(actor, id);
    return {
      ...person,
      access: access as 'involved' | 'granted',
      organisations: organisations.map((o) => ({ id: o.id, name: o.name })),
    };
  };
}

export async function peopleApi(base: FastifyInstance, { services }: { services: Services }) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const tags = ['families'];
  const breakGlassNote =
    ' A caller whose organisation is not involved with the family gets `403 {"error":"break-glass-required"}` ' +
    'until they give a reason with `POST /api/v1/people/{id}/break-glass`. Board members and reviewers get 404.';

  const personJson = personJsonOf(services);

  app.post(
    '/api/v1/people',
    {
      schema: {
        tags,
        summary: 'Record a family member (practitioners and organisation leads)',
        description:
          'Give `dateOfBirth`, or for an unborn baby `expectedDeliveryDate` with `motherId` (not both). ' +
          'The NHS number is checked by the modulus 11 rule. The caller’s organisation becomes involved.',
        body: PersonCreateSchema,
        response: { 201: PersonResponse, ...apiErrors },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const person = await services.people.create(actor, request.body);
      return reply.code(201).send(await personJson(actor, person.id));
    },
  );

  app.get(
    '/api/v1/people',
    {
      schema: {
        tags,
        summary:
          'Find people by NHS number, or by the start of the family name (and given name, date of birth)',
        description:
          'Names match from their start, in any case, ignoring surrounding spaces: `familyName=ash` finds ' +
          'Ashworth; `givenName` narrows by the start of the given name, `dateOfBirth` by the exact date. ' +
          'Sorted by family name, then given name. Paged: `page` from 1, `pageSize` default 50, at most 200. ' +
          'Every search is audited. A match whose record the caller could open only by breaking the glass ' +
          'is given as `{id, access: "break-glass"}`, without names or dates.',
        querystring: PersonSearchQuery,
        response: { 200: listOf(PersonSearchItem), ...apiErrors },
      },
    },
    async (request) => {
      const { results, total, page, pageSize } = await services.people.search(
        actorOf(request),
        request.query,
      );
      const items = results.map(({ person, access }) =>
        access === 'break-glass'
          ? { id: person.id, access }
          : {
              id: person.id,
              access: access as 'involved' | 'granted',
              relationship: person.relationship,
              nhsNumber: person.nhsNumber,
              givenName: person.givenName,
              familyName: person.familyName,
              dateOfBirth: person.dateOfBirth,
              expectedDeliveryDate: person.expectedDeliveryDate,
            },
      );
      return { items, total, page, pageSize };
    },
  );

  app.get(
    '/api/v1/people/:id',
    {
      schema: {
        tags,
        summary:
          'One person’s record, with the organisations involved with the family (every read is audited)',
        description: breakGlassNote,
        params: idParams,
        response: { 200: PersonResponse, ...apiErrors },
      },
    },
    async (request, reply) => orBreakGlass(reply, () => personJson(actorOf(request), request.params.id)),
  );

  app.post(
    '/api/v1/people/:id/break-glass',
    {
      schema: {
        tags,
        summary: 'Give the reason to open a record your organisation is not involved with',
        description:
          'Opens the record to the caller for 24 hours. Audited; the leads of every organisation involved are told.',
        params: idParams,
        body: BreakGlassBody,
        response: { 200: PersonResponse, ...apiErrors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await services.people.breakGlass(actor, request.params.id, request.body);
      return personJson(actor, request.params.id);
    },
  );

  app.get(
    '/api/v1/people/:id/flags',
    {
      schema: {
        tags,
        summary:
          'The flags shown on a person’s record: active, and ended within their type’s visibility period',
        description:
          'Includes the mother’s flags of types shown on her babies (`onMother`).' + breakGlassNote,
        params: idParams,
        response: { 200: listOf(FlagResponse), ...apiErrors },
      },
    },
    async (request, reply) =>
      orBreakGlass(reply, async () => {
        const items = (await services.flags.shownOn(actorOf(request), request.params.id)).map(flagJson);
        return { items, total: items.length, page: 1, pageSize: Math.max(items.length, 1) };
      }),
  );

  app.post(
    '/api/v1/people/:id/flags',
    {
      schema: {
        tags,
        summary: 'Raise a flag on a person (roles as the flag type allows)',
        description:
          '`type` is a flag type code, e.g. `purple-butterfly`. Types that need the family’s consent ' +
          'need `consent: true`. One active flag of a type per person.',
        params: idParams,
        body: FlagRaiseBody,
        response: { 201: FlagResponse, ...apiErrors },
      },
    },
    async (request, reply) =>
      orBreakGlass(reply, async () => {
        const actor = actorOf(request);
        const flag = await services.flags.raise(actor, request.params.id, request.body);
        return reply.code(201).send(flagJson(await services.flags.get(actor, flag.id)));
      }),
  );

  app.post(
    '/api/v1/flags/:id/end',
    {
      schema: {
        tags,
        summary: 'End a flag, with the reason (it stays visible for its type’s period)',
        description: 'A stale `version` gets 409.',
        params: idParams,
        body: FlagEndBody,
        response: { 200: FlagResponse, ...apiErrors },
      },
    },
    async (request, reply) =>
      orBreakGlass(reply, async () => {
        const actor = actorOf(request);
        const flag = await services.flags.end(actor, request.params.id, request.body);
        return flagJson({ flag, type: (await services.flags.get(actor, flag.id)).type });
      }),
  );
}
