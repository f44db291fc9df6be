import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../composition.ts';
import { actorOf } from '../../platform/http/current-user.ts';
import { apiErrors, idParams, listOf } from '../../platform/schema.ts';
import type { Referral } from './unborn.service.ts';

const MilestoneResponse = z.object({
  key: z.string(),
  name: z.string(),
  optional: z.boolean(),
  dueDate: z.string(),
  status: z.enum(['done', 'not-needed', 'due', 'overdue']),
  statusText: z.string(),
  doneDate: z.string().nullable(),
  notNeededReason: z.string(),
});

const ReferralResponse = z.object({
  id: z.string(),
  version: z.number().int(),
  personId: z.string(),
  expectedDeliveryDate: z.string(),
  referralDate: z.string(),
  gestationDays: z
    .number()
    .int()
    .describe('Gestation at referral in days (40 weeks less the days to the expected date of delivery)'),
  gestationText: z.string(),
  gestationOverridden: z.boolean(),
  late: z.boolean().describe('Made after the configured gestation (policy setting unbornLatestOnTimeWeeks)'),
  concerns: z.array(z.string()),
  concernOther: z.string(),
  referrerName: z.string(),
  referringOrganisationId: z.string(),
  referringOrganisationName: z.string(),
  fatherOrPartner: z.string(),
  bothParentsAssessed: z.boolean(),
  open: z.boolean(),
  closedOutcome: z.string().nullable(),
  closedReason: z.string(),
  milestones: z.array(MilestoneResponse),
});

const LossResponse = z.object({
  id: z.string(),
  version: z.number().int(),
  kind: z.string(),
  kindText: z.string(),
  lossDate: z.string(),
  babyPersonId: z.string().nullable(),
  babyName: z.string(),
  laterPregnancyPlan: z.string(),
  support: z.array(
    z.object({
      personId: z.string(),
      name: z.string(),
      relationship: z.string(),
      offered: z.array(z.string()),
      response: z.string(),
    }),
  ),
});

const asReferral = (r: Referral) =>
  ({ ...r, open: !r.closedAt }) as unknown as z.infer<typeof ReferralResponse>;
const list = <T>(items: T[]) => ({
  items,
  total: items.length,
  page: 1,
  pageSize: Math.max(items.length, 1),
});

export async function unbornApi(base: FastifyInstance, { services }: { services: Services }) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const tags = ['unborn baby pathway'];

  app.get(
    '/api/v1/people/:id/unborn-referrals',
    {
      schema: {
        tags,
        summary: "An unborn baby's Unborn Baby Network referrals, open first",
        params: idParams,
        response: { 200: listOf(ReferralResponse), ...apiErrors },
      },
    },
    async (request) =>
      list((await services.unborn.forPerson(actorOf(request), request.params.id)).referrals.map(asReferral)),
  );

  app.post(
    '/api/v1/people/:id/unborn-referrals',
    {
      schema: {
        tags,
        summary: 'Refer an unborn baby to the Unborn Baby Network',
        description:
          'Required: `referralDate`, `concerns` (domestic-abuse, parental-substance-misuse, parental-mental-health, previous-children, learning-disability, young-parent, other), `referringOrganisationId`. ' +
          'Gestation is computed from the expected date of delivery unless `gestationWeeks` (and `gestationDays`) are sent. `raiseFlag: true` raises the unborn-baby-network flag in the same transaction.',
        params: idParams,
        body: z.record(z.string(), z.unknown()),
        response: { 201: ReferralResponse, ...apiErrors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(asReferral(await services.unborn.refer(actorOf(request), request.params.id, request.body))),
  );

  app.patch(
    '/api/v1/people/:id/unborn-referrals/:referralId/milestones/:milestone',
    {
      schema: {
        tags,
        summary: 'Mark a milestone done on a date, or not needed with a reason',
        description:
          'Body `{doneDate}` or `{notNeededReason}`, with the referral `version`. Milestones: strategy-discussion, pre-birth-assessment, pre-birth-conference, birth-plan, discharge-plan.',
        params: z.object({ id: z.string(), referralId: z.string(), milestone: z.string() }),
        body: z.record(z.string(), z.unknown()),
        response: { 200: ReferralResponse, ...apiErrors },
      },
    },
    async (request) => {
      const { id, referralId, milestone } = request.params;
      return asReferral(
        await services.unborn.recordMilestone(actorOf(request), id, referralId, milestone, request.body),
      );
    },
  );

  app.get(
    '/api/v1/people/:id/losses',
    {
      schema: {
        tags: ['bereavement'],
        summary: "The family's recorded losses with the support offered",
        params: idParams,
        response: { 200: listOf(LossResponse), ...apiErrors },
      },
    },
    async (request) => list((await services.losses.forPerson(actorOf(request), request.params.id)).losses),
  );

  app.post(
    '/api/v1/people/:id/losses',
    {
      schema: {
        tags: ['bereavement'],
        summary: 'Record a loss in the family, with support offered to each member',
        description:
          'Required: `kind` (miscarriage, termination-for-fetal-anomaly, stillbirth, neonatal-death, death-of-a-multiple, sudi), `lossDate`. `support`: [{personId, offered, response}]. ' +
          '`raiseFlag: true` raises the purple butterfly on the mother (and `flagOn` members) in the same transaction, and needs `consent: true`.',
        params: idParams,
        body: z.record(z.string(), z.unknown()),
        response: { 201: LossResponse, ...apiErrors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await services.losses.record(actorOf(request), request.params.id, request.body)),
  );

  app.get(
    '/api/v1/measures/unborn-referrals',
    {
      schema: {
        tags: ['measures'],
        summary:
          'Share of unborn-baby referrals made by the configured gestation, by month and referring organisation',
        description:
          'Aggregates only. A cell with fewer than 5 referrals has `suppressed: true` and null counts.',
        querystring: z.object({
          months: z.coerce
            .number()
            .int()
            .min(1, 'Months must be 1 or more')
            .max(36, 'Months must be 36 or fewer')
            .default(12),
        }),
        response: {
          200: z.object({
            onTimeWeeks: z.number().int(),
            from: z.string(),
            items: z.array(
              z.object({
                month: z.string(),
                monthText: z.string(),
                organisationId: z.string(),
                organisationName: z.string(),
                suppressed: z.boolean(),
                referrals: z.number().int().nullable(),
                onTime: z.number().int().nullable(),
                percentOnTime: z.number().int().nullable(),
              }),
            ),
          }),
          ...apiErrors,
        },
      },
    },
    async (request) => services.unborn.measure(actorOf(request), request.query.months),
  );
}
