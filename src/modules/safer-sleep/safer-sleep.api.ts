import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../composition.ts';
import { actorOf } from '../../platform/http/current-user.ts';
import { apiErrors, idParams, listOf } from '../../platform/schema.ts';
import {
  AssessmentResponse,
  AssessmentSchema,
  MeasuresQuery,
  MeasuresResponse,
} from './safer-sleep.schema.ts';
import type { Assessment, SaferSleepFactor } from './safer-sleep.types.ts';

/** An assessment as the API shows it: factors with their current words. */
function toApi(a: Assessment, factors: SaferSleepFactor[]) {
  const byCode = new Map(factors.map((f) => [f.code, f]));
  return {
    ...a,
    factors: a.factors.map((code) => {
      const f = byCode.get(code);
      return { code, text: f?.text ?? code, group: f?.group ?? ('predisposing' as const) };
    }),
    createdAt: a.createdAt.toISOString(),
  };
}

export async function saferSleepApi(base: FastifyInstance, { services }: { services: Services }) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const tags = ['safer sleep'];

  app.get(
    '/api/v1/people/:id/safer-sleep-assessments',
    {
      schema: {
        tags,
        summary: "A baby's safer-sleep assessments, newest first (every read is audited)",
        description:
          'Need-to-know: 404 when the caller never sees family records, 403 when they must break the glass first.',
        params: idParams,
        response: { 200: listOf(AssessmentResponse), ...apiErrors },
      },
    },
    async (request) => {
      const { assessments, factors } = await services.saferSleep.history(actorOf(request), request.params.id);
      const items = assessments.map((a) => toApi(a, factors));
      return { items, total: items.length, page: 1, pageSize: Math.max(items.length, 1) };
    },
  );

  app.post(
    '/api/v1/people/:id/safer-sleep-assessments',
    {
      schema: {
        tags,
        summary: 'Record a safer-sleep assessment at a contact (practitioners and organisation leads)',
        description:
          'Records the contact too. `people` lists each person present or advised: a family member by `personId`, ' +
          'or someone else by `name` and `relationship`. With `riskLevel` "high", the safer-sleep-risk flag is ' +
          'raised in the same transaction unless `raiseFlag` is false or the baby already has one.',
        params: idParams,
        body: AssessmentSchema,
        response: { 201: AssessmentResponse, ...apiErrors },
      },
    },
    async (request, reply) => {
      const assessment = await services.saferSleep.assess(actorOf(request), request.params.id, request.body);
      return reply.code(201).send(toApi(assessment, await services.saferSleep.factors()));
    },
  );

  app.get(
    '/api/v1/measures/safer-sleep',
    {
      schema: {
        tags,
        summary: 'Safer-sleep practice measures by month and organisation (aggregates only)',
        description:
          'Business unit and board members: every organisation; organisation leads: their own, and an ICB’s ' +
          'lead also the providers the ICB commissions (`commissionedBy`). A share whose ' +
          'total is below `smallNumber` is suppressed (count, total and percent null).',
        querystring: MeasuresQuery,
        response: { 200: MeasuresResponse, ...apiErrors },
      },
    },
    async (request) => {
      const {
        scope: _,
        withCommissioned: _w,
        ...result
      } = await services.saferSleepMeasures.byMonth(actorOf(request), request.query);
      return result;
    },
  );
}
