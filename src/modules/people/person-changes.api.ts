import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../composition.ts';
import { actorOf } from '../../platform/http/current-user.ts';
import { apiErrors, idParams } from '../../platform/schema.ts';
import { loosePatchOf } from '../reviews/index.ts';
import { orBreakGlass, personJsonOf } from './people.api.ts';
import { OrganisationAddBody, PersonResponse, PersonUpdateSchema } from './people.schema.ts';

/** Correcting a person's details, and adding an organisation that works with the family. */
export async function personChangesApi(base: FastifyInstance, { services }: { services: Services }) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const tags = ['families'];
  const personJson = personJsonOf(services);
  const access =
    ' Practitioners, organisation leads (and the business unit with family-records access) of an ' +
    'organisation involved with the family, or who opened the record by giving a reason, may do this. ' +
    'Others get 404, or `403 {"error":"break-glass-required"}` until they give a reason.';

  app.patch(
    '/api/v1/people/:id',
    {
      schema: {
        tags,
        summary: 'Correct a person’s details (send the version you read; a stale one gets 409)',
        description:
          'Send `version` and the fields to change: `givenName`, `familyName`, `nhsNumber` (modulus 11 ' +
          'checked, and no other record may have it; `null` clears it), `dateOfBirth`, ' +
          '`expectedDeliveryDate` (`null` clears), `relationship`. Recording `dateOfBirth` on an unborn baby ' +
          'records the birth: `expectedDeliveryDate` stays as history and can no longer change. A stale ' +
          '`version` gets 409 before any other rule. Each change is audited with its before and after.' +
          access,
        params: idParams,
        body: loosePatchOf(PersonUpdateSchema),
        response: { 200: PersonResponse, ...apiErrors },
      },
    },
    async (request, reply) =>
      orBreakGlass(reply, async () => {
        const actor = actorOf(request);
        await services.people.update(actor, request.params.id, request.body);
        return personJson(actor, request.params.id);
      }),
  );

  app.post(
    '/api/v1/people/:id/organisations',
    {
      schema: {
        tags,
        summary: 'Add an organisation that works with the family',
        description:
          'Its staff then see the family’s records without giving a reason. Answers with the person, as ' +
          '`GET /api/v1/people/{id}` does, whose `organisations` lists every organisation involved with the ' +
          'family: `201` when the organisation was added (audited as `person.organisation-added`), `200` ' +
          'when it was already involved (nothing changes).' +
          access,
        params: idParams,
        body: OrganisationAddBody,
        response: { 200: PersonResponse, 201: PersonResponse, ...apiErrors },
      },
    },
    async (request, reply) =>
      orBreakGlass(reply, async () => {
        const actor = actorOf(request);
        const { added } = await services.people.addOrganisation(actor, request.params.id, request.body);
        return reply.code(added ? 201 : 200).send(await personJson(actor, request.params.id));
      }),
  );
}
