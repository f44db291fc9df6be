import type { Queryable } from '../../platform/db/index.ts';
import type { AuditActor, AuditEvent, AuditRow } from './audit.types.ts';

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
      return db.query<AuditRow>(
        `SELECT id, at, actor_user_id AS "actorUserId", actor_label AS "actorLabel", event,
                subject_type AS "subjectType", subject_id AS "subjectId", correlation_id AS "correlationId",
                before, after, details
           FROM audit_events WHERE subject_type = $1 AND subject_id = $2 ORDER BY id`,
        [subjectType, subjectId],
      );
    },
  };
}
export type AuditRepository = ReturnType<typeof createAuditRepository>;
