import type { Queryable } from '../../platform/db/index.ts';
import type { AuditActor, AuditEvent, AuditFilters, AuditRow } from './audit.types.ts';
import { isUuid } from '../../platform/schema.ts';

const SELECT_ROW = `
  SELECT id, at, actor_user_id AS "actorUserId", actor_label AS "actorLabel", event,
         subject_type AS "subjectType", subject_id AS "subjectId", correlation_id AS "correlationId",
         before, after, details
    FROM audit_events`;

/** The WHERE clause for the filters. Text is matched with strpos, not LIKE, so `%` and `_` mean themselves. */
function where(filters: AuditFilters, params: unknown[]): string {
  const add = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const conditions: string[] = [];
  if (filters.event) {
    const e = add(filters.event);
    conditions.push(`(event = ${e} OR left(event, length(${e}) + 1) = ${e} || '.')`);
  }
  if (filters.subjectType) conditions.push(`subject_type = ${add(filters.subjectType)}`);
  if (filters.subjectId) conditions.push(`subject_id = ${add(filters.subjectId)}`);
  if (filters.actor) {
    const a = add(filters.actor);
    const byId = isUuid(filters.actor) ? ` OR actor_user_id = ${a}::uuid` : '';
    conditions.push(`(strpos(lower(actor_label), lower(${a})) > 0${byId})`);
  }
  // Days are UK days: an event at 00:30 BST on 1 June belongs to 1 June.
  if (filters.from)
    conditions.push(`at >= (${add(filters.from)}::date::timestamp AT TIME ZONE 'Europe/London')`);
  if (filters.to)
    conditions.push(`at < ((${add(filters.to)}::date + 1)::timestamp AT TIME ZONE 'Europe/London')`);
  return conditions.length ? conditions.join(' AND ') : 'true';
}

export function createAuditRepository() {
  return {
    async insert(tx: Queryable, actor: AuditActor, e: AuditEvent): Promise<void> {
      await tx.query(
        `INSERT INTO audit_events (actor_user_id, actor_label, event, subject_type, subject_id, correlation_id, before, after, details)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          actor.id,
          actor.label,
          e.event,
          e.subjectType,
          e.subjectId ?? null,
          actor.correlationId ?? null,
          e.before === undefined ? null : JSON.stringify(e.before),
          e.after === undefined ? null : JSON.stringify(e.after),
          e.details === undefined ? null : JSON.stringify(e.details),
        ],
      );
    },

    async listForSubject(db: Queryable, subjectType: string, subjectId: string): Promise<AuditRow[]> {
      return db.query<AuditRow>(`${SELECT_ROW} WHERE subject_type = $1 AND subject_id = $2 ORDER BY id`, [
        subjectType,
        subjectId,
      ]);
    },

    /** One page of the log, newest first, with the number of rows the filters match. */
    async search(
      db: Queryable,
      filters: AuditFilters,
      { page, pageSize }: { page: number; pageSize: number },
    ): Promise<{ items: AuditRow[]; total: number }> {
      const params: unknown[] = [];
      const condition = where(filters, params);
      const [count] = await db.query<{ total: number }>(
        `SELECT count(*)::int AS total FROM audit_events WHERE ${condition}`,
        params,
      );
      params.push(pageSize, (page - 1) * pageSize);
      const items = await db.query<AuditRow>(
        `${SELECT_ROW} WHERE ${condition} ORDER BY at DESC, id DESC
          LIMIT $${params.length - 1} OFFSET $${params.length}`,
        params,
      );
      return { items, total: count!.total };
    },
  };
}
export type AuditRepository = ReturnType<typeof createAuditRepository>;
