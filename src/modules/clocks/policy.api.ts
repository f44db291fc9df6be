import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../composition.ts';
import { actorOf } from '../../platform/http/current-user.ts';
import { apiErrors } from '../../platform/schema.ts';
import type { PolicyState } from './policy.service.ts';
import { POLICY_SETTINGS } from './policy-settings.ts';

const values = Object.fromEntries(POLICY_SETTINGS.map((s) => [s.key, z.number().int()]));

const PolicyResponse = z.object({
  id: z.literal('policy'),
  version: z.number().int(),
  ...values,
  settings: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      hint: z.string(),
      suffix: z.string(),
      default: z.number().int(),
      min: z.number().int(),
      max: z.number().int(),
      value: z.number().int(),
    }),
  ),
});

/** The PATCH body as documented; the service checks each value and its range (one set of rules). */
const PolicyPatchBody = z.object({
  version: z.number().int().describe('The `version` you read; a stale one gets 409'),
  ...Object.fromEntries(
    POLICY_SETTINGS.map((s) => [
      s.key,
      z
        .unknown()
        .optional()
        .describe(`Whole number from ${s.min} to ${s.max} ${s.suffix} (default ${s.default}). ${s.hint}`),
    ]),
  ),
});

const responseOf = (state: PolicyState) => ({
  id: 'policy' as const,
  version: state.version,
  ...state.values,
  settings: POLICY_SETTINGS.map(({ key, label, hint, suffix, min, max, default: d }) => ({
    key,
    label,
    hint,
    suffix,
    default: d,
    min,
    max,
    value: state.values[key],
  })),
});

/** The partnership's policy settings: anyone signed in reads them; the business unit changes them. */
export async function policyApi(base: FastifyInstance, { services }: { services: Services }) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const tags = ['policy'];

  app.get(
    '/api/v1/policy',
    {
      schema: {
        tags,
        summary: 'Clock lengths and reminder intervals in force',
        description: 'Each value is the partnership’s setting, or the default when it has none.',
        response: { 200: PolicyResponse, ...apiErrors },
      },
    },
    async (request) => {
      actorOf(request);
      return responseOf(await services.policy.state());
    },
  );

  app.patch(
    '/api/v1/policy',
    {
      schema: {
        tags,
        summary: 'Change clock lengths or reminder intervals (business unit; send the version you read)',
        description:
          'Send only the settings to change. Every review’s `deadlines` follow the new values at once. ' +
          'Each changed setting is written to the audit log as `policy.changed`.',
        body: PolicyPatchBody,
        response: { 200: PolicyResponse, ...apiErrors },
      },
    },
    async (request) => responseOf(await services.policy.update(actorOf(request), request.body)),
  );
}
