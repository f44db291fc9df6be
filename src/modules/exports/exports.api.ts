import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../composition.ts';
import { actorOf } from '../../platform/http/current-user.ts';
import { ErrorResponse, idParams } from '../../platform/schema.ts';
import { sendFile } from './exports.pages.ts';
import { ActionPlanQuery, fileResponse, TrackerExportQuery } from './exports.schema.ts';

export async function exportsApi(base: FastifyInstance, { services }: { services: Services }) {
  const app = base.withTypeProvider<ZodTypeProvider>();

  // A static path, which Fastify's router prefers to `/api/v1/actions/:id` whatever the order.
  app.get(
    '/api/v1/actions/export',
    {
      schema: {
        tags: ['actions'],
        summary: 'The action tracker as a file (CSV or XLSX)',
        description:
          'Every action the caller may see that matches the filters of `GET /api/v1/actions` (no paging). ' +
          'Columns: review (child’s reference), recommendation, action, organisation, named owner, status, ' +
          'original due date, current due date, times moved, overdue. CSV is UTF-8 with a byte-order mark; ' +
          'XLSX has one worksheet per review. Text that a spreadsheet would run as a formula starts with an ' +
          'apostrophe. Each export is audited.',
        querystring: TrackerExportQuery,
        response: {
          200: fileResponse('The tracker as an attachment', ['csv', 'xlsx']),
          400: ErrorResponse,
          401: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const { format, sort, ...filters } = request.query;
      const file = await services.exports.exportTracker(actorOf(request), { format, filters, sort });
      return sendFile(reply, file);
    },
  );

  app.get(
    '/api/v1/reviews/:id/action-plan',
    {
      schema: {
        tags: ['reviews'],
        summary: 'A review’s action plan as a file (XLSX or PDF)',
        description:
          'The review’s recommendations with the actions the caller may see (a partner sees their own ' +
          'organisation’s). 404 when the caller may not see the review. Each export is audited.',
        params: idParams,
        querystring: ActionPlanQuery,
        response: {
          200: fileResponse('The action plan as an attachment', ['xlsx', 'pdf']),
          400: ErrorResponse,
          401: ErrorResponse,
          404: ErrorResponse,
        },
      },
    },
    async (request, reply) =>
      sendFile(
        reply,
        await services.exports.exportActionPlan(actorOf(request), request.params.id, request.query.format),
      ),
  );
}
