import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../composition.ts';
import {
  FHIR_JSON,
  FLAG_CATEGORY_SYSTEM,
  LANTERN_FLAG_TYPE_SYSTEM,
  NHS_NUMBER_SYSTEM,
  operationOutcome,
  searchsetBundle,
} from './fhir.resources.ts';

const Coding = z.object({ system: z.string(), code: z.string(), display: z.string() });
const FlagSchema = z.object({
  resourceType: z.literal('Flag'),
  id: z.string(),
  status: z.literal('active'),
  category: z.array(z.object({ coding: z.array(Coding) })).describe(`Coded in ${FLAG_CATEGORY_SYSTEM}`),
  code: z
    .object({ coding: z.array(Coding), text: z.string() })
    .describe(`The flag type, coded in ${LANTERN_FLAG_TYPE_SYSTEM}; text is its plain-language meaning`),
  subject: z.object({ identifier: z.object({ system: z.string(), value: z.string() }) }),
  period: z.object({ start: z.string(), end: z.string().optional() }),
  author: z.object({ display: z.string() }).describe('The organisation that raised the flag'),
});
const BundleSchema = z.object({
  resourceType: z.literal('Bundle'),
  type: z.literal('searchset'),
  total: z.number().int(),
  entry: z.array(
    z.object({ fullUrl: z.string(), resource: FlagSchema, search: z.object({ mode: z.literal('match') }) }),
  ),
});
const OperationOutcomeSchema = z.object({
  resourceType: z.literal('OperationOutcome'),
  issue: z.array(z.object({ severity: z.literal('error'), code: z.string(), diagnostics: z.string() })),
});

const bearer = (header: string | undefined) =>
  header ? (/^Bearer\s+(\S+)$/i.exec(header)?.[1] ?? null) : null;

export async function fhirApi(base: FastifyInstance, { services }: { services: Services }) {
  const app = base.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/fhir/r4/Flag',
    {
      schema: {
        tags: ['fhir'],
        summary: 'FHIR R4: the active record flags of a person, by NHS number',
        description: [
          'Answers a FHIR R4 `searchset` Bundle (`application/fhir+json`) of the person’s active flags: their own,',
          'and for a baby the mother’s flags of types shown on babies (the code text says so). Ended flags are left out.',
          'An unknown NHS number gives an empty Bundle, never a 404. A bad identifier gives 400 and an OperationOutcome.',
          '',
          'Bearer token: a **system token** issued by the business unit to an organisation (Settings → System tokens), or',
          'a user’s token from `POST /api/v1/auth/token`. A system token sees the active flags of anyone (that is the',
          'purpose: an emergency department checking a child); when its organisation is not involved with the family, the',
          'involved organisations’ leads are told. A user’s token follows need-to-know: a record the user’s organisation',
          'is not involved with gives an empty Bundle. Every call is written to the audit log (`fhir.flag-search`).',
        ].join(' '),
        querystring: z.object({
          'subject:identifier': z
            .union([z.string(), z.array(z.string())])
            .optional()
            .describe(`${NHS_NUMBER_SYSTEM}|{NHS number}, for example ${NHS_NUMBER_SYSTEM}|9990000018`),
        }),
        response: { 200: BundleSchema, 400: OperationOutcomeSchema, 401: OperationOutcomeSchema },
      },
    },
    async (request, reply) => {
      reply.type(FHIR_JSON);
      const result = await services.fhir.searchFlags({
        token: bearer(request.headers.authorization),
        identifier: request.query['subject:identifier'],
        correlationId: request.id,
      });
      if (result.outcome === 'unauthenticated')
        return reply
          .code(401)
          .header('www-authenticate', 'Bearer')
          .send(
            operationOutcome('login', 'Send a valid bearer token: a system token or a user’s API token.'),
          );
      if (result.outcome === 'invalid')
        return reply.code(400).send(operationOutcome('invalid', result.diagnostics));
      return searchsetBundle(result.flags, result.nhsNumber, `${request.protocol}://${request.host}`);
    },
  );
}

/** The same indexed lookup with no token and no audit, for the benchmark only (never registered by the app). */
export async function bareFlagsRoute(app: FastifyInstance, { services }: { services: Services }) {
  app.get('/bench/bare-flags/:nhsNumber', async (request) => {
    const { nhsNumber } = request.params as { nhsNumber: string };
    const { flags } = await services.fhir.bareLookup(nhsNumber);
    return searchsetBundle(flags, nhsNumber, '');
  });
}
