import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../../composition.ts';
import { actorOf } from '../../platform/http/current-user.ts';
import {
  ACTION_SORTS,
  ACTION_STATUSES,
  type ActionFilters,
  type ActionSort,
  type ActionStatus,
} from '../actions/index.ts';
import type { ExportFile } from './exports.service.ts';
import type { PlanFormat, TrackerFormat } from './exports.schema.ts';
import { isUuid } from '../../platform/schema.ts';

type Query = Record<string, unknown>;
const text = (query: Query, key: string) =>
  typeof query[key] === 'string' ? (query[key] as string).trim() : '';

/**
 * The tracker page's filters (`reviewId`, `organisationId`, `status`, `due=overdue|soon`), read the
 * way the tracker reads them: anything unrecognised is ignored, so the file matches the page.
 */
export function trackerFiltersOf(query: Query): ActionFilters {
  const filters: ActionFilters = {};
  const [reviewId, organisationId, status, due] = ['reviewId', 'organisationId', 'status', 'due'].map((k) =>
    text(query, k),
  );
  if (isUuid(reviewId!)) filters.reviewId = reviewId;
  if (isUuid(organisationId!)) filters.organisationId = organisationId;
  if ((ACTION_STATUSES as readonly string[]).includes(status!)) filters.status = status as ActionStatus;
  if (due === 'overdue') filters.overdue = true;
  // "Due in the next 30 days" on the tracker.
  if (due === 'soon') filters.dueWithinDays = 30;
  return filters;
}

/**
 * Sends a file as a download. `no-store`: these files hold safeguarding records, so no browser or
 * proxy cache should keep a copy.
 */
export function sendFile(reply: FastifyReply, file: ExportFile) {
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', `attachment; filename="${file.filename}"`)
    .header('cache-control', 'no-store')
    .send(file.body);
}

export async function exportsPages(app: FastifyInstance, { services }: { services: Services }) {
  // Static paths: the router prefers them to `/actions/:actionId`.
  for (const format of ['csv', 'xlsx'] as const satisfies readonly TrackerFormat[]) {
    app.get(`/actions/export.${format}`, async (request, reply) => {
      const query = request.query as Query;
      const filters = trackerFiltersOf(query);
      const sort = (ACTION_SORTS as readonly string[]).includes(text(query, 'sort'))
        ? (text(query, 'sort') as ActionSort)
        : undefined;
      const file = await services.exports.exportTracker(actorOf(request), { format, filters, sort });
      return sendFile(reply, file);
    });
  }

  for (const format of ['xlsx', 'pdf'] as const satisfies readonly PlanFormat[]) {
    app.get(`/reviews/:reviewId/action-plan.${format}`, async (request, reply) => {
      const { reviewId } = request.params as { reviewId: string };
      return sendFile(reply, await services.exports.exportActionPlan(actorOf(request), reviewId, format));
    });
  }
}
