import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.ts';
import { actorOf } from '../../platform/http/current-user.ts';
import { joinDateParts } from '../../platform/http/forms.ts';
import { submitForm } from '../../platform/http/pages.ts';
import { pageParam } from '../../platform/schema.ts';
import type { AuditRow } from '../audit/index.ts';

type Query = Record<string, unknown>;
const FILTERS = ['event', 'subjectType', 'subjectId', 'actor'] as const;
const DATE_FILTERS = ['from', 'to'] as const;

/** Pages where the subject of an audit row can be seen. */
const SUBJECT_PAGES: Record<string, string> = { review: '/reviews/', action: '/actions/', user: '/users/' };

/** A value as one line of text: nested objects and lists as JSON. The template escapes it. */
function show(value: unknown): string {
  if (value === null || value === undefined) return '(none)';
  if (typeof value === 'string') return value === '' ? '(blank)' : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** A before, after or details value as key: value pairs. */
export function readable(value: unknown): { key: string; value: string }[] {
  if (value === null || value === undefined) return [];
  if (typeof value === 'object' && !Array.isArray(value))
    return Object.entries(value).map(([key, v]) => ({ key, value: show(v) }));
  return [{ key: 'value', value: show(value) }];
}

function rowView(row: AuditRow) {
  const page = SUBJECT_PAGES[row.subjectType];
  return {
    ...row,
    subjectHref: page && row.subjectId ? `${page}${encodeURIComponent(row.subjectId)}` : undefined,
    beforeList: readable(row.before),
    afterList: readable(row.after),
    detailsList: readable(row.details),
  };
}

export async function auditLogPages(app: FastifyInstance, { services }: { services: Services }) {
  app.get('/audit-log', async (request, reply) => {
    const actor = actorOf(request);
    const query = request.query as Query;
    const values: Record<string, string> = {};
    for (const [key, value] of Object.entries(query))
      if (typeof value === 'string') values[key] = value.trim();
    const filters: Record<string, string | undefined> = {};
    for (const key of FILTERS) filters[key] = values[key] || undefined;
    for (const key of DATE_FILTERS) filters[key] = joinDateParts(values, key);
    const page = pageParam.catch(1).parse(values.page);
    const context = { pageTitle: 'Audit log', activeNav: 'audit-log', values, rows: [], total: 0 };
    return submitForm(
      reply,
      { template: 'audit-log.njk', context, dateFields: [...DATE_FILTERS] },
      () => services.accounts.browseAuditLog(actor, filters, page),
      ({ items, total, pageSize }) => {
        const kept = new URLSearchParams(Object.entries(values).filter(([k, v]) => v && k !== 'page'));
        return reply.page('audit-log.njk', {
          ...context,
          rows: items.map(rowView),
          total,
          page,
          pageCount: Math.max(1, Math.ceil(total / pageSize)),
          pageHref: (n: number) => `/audit-log?${new URLSearchParams([...kept, ['page', String(n)]])}`,
        });
      },
    );
  });
}
