import type { Db } from '../../platform/db/index.ts';
import { ValidationFailed, type FieldError } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { isoDate } from '../../platform/schema.ts';
import type { AuditFilters, AuditRepository, AuditRow } from '../audit/index.ts';
import { assertBusinessUnit } from './accounts.access.ts';

export const AUDIT_PAGE_SIZE = 50;
const TEXT_FILTERS = ['event', 'subjectType', 'subjectId', 'actor'] as const;

/** Browsing the audit log: the business unit's view of who did what, and when. */
export function createAuditLogService({ db, audit }: { db: Db; audit: AuditRepository }) {
  return {
    /** One page of the log, newest first. Text filters are trimmed; dates must be real, in order. */
    async browseAuditLog(
      actor: Actor,
      query: Partial<Record<keyof AuditFilters, string>>,
      page: number,
    ): Promise<{ items: AuditRow[]; total: number; pageSize: number }> {
      assertBusinessUnit(actor, 'read the audit log');
      const filters: AuditFilters = {};
      for (const key of TEXT_FILTERS) {
        const value = query[key]?.trim().slice(0, 200);
        if (value) filters[key] = value;
      }
      const problems: FieldError[] = [];
      for (const [key, label] of [
        ['from', 'the first date'],
        ['to', 'the last date'],
      ] as const) {
        const value = query[key];
        if (!value) continue;
        const parsed = isoDate(label).safeParse(value);
        if (parsed.success) filters[key] = parsed.data;
        else problems.push({ path: key, message: parsed.error.issues[0]!.message });
      }
      if (filters.from && filters.to && filters.from > filters.to)
        problems.push({ path: 'to', message: 'The last date must be the same as or after the first date' });
      if (problems.length) throw new ValidationFailed(problems);
      const result = await audit.search(db, filters, { page, pageSize: AUDIT_PAGE_SIZE });
      return { ...result, pageSize: AUDIT_PAGE_SIZE };
    },
  };
}
