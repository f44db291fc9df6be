import { z } from 'zod';
import type { Db } from '../../platform/db/index.ts';
import { addDays, londonToday } from '../../platform/clock.ts';
import { Forbidden, NotFound, ValidationFailed } from '../../platform/errors.ts';
import { parseOrThrow } from '../../platform/http/forms.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { isoDate, isUuid } from '../../platform/schema.ts';
import { auditActorOf, type AuditRepository } from '../audit/index.ts';
import type { DisposalRepository } from './disposal.repository.ts';
import type { RetentionRepository, RetentionYears } from './retention.repository.ts';
import { RECORD_TYPES, type DisposalResult, type DueRecord, type RecordType } from './retention.types.ts';

interface Deps {
  db: Db;
  retention: RetentionRepository;
  disposal: DisposalRepository;
  audit: AuditRepository;
  /** The retention periods in force (policy settings, group "records"). */
  policy: () => Promise<RetentionYears>;
  /** Today in England; tests pin it. */
  today?: () => string;
}

const SYSTEM = { id: null, label: 'records retention (scheduled)' };

/** "review:<id>" or "family:<id>", as the list's checkboxes send them. */
const RecordKey = z
  .string()
  .regex(/^(review|family):[0-9a-f-]{36}$/, 'Select records from the list')
  .transform((v) => {
    const [recordType, recordId] = v.split(':') as [RecordType, string];
    return { recordType, recordId };
  });

const SelectionSchema = z.object({
  records: z.preprocess(
    (v) => (v === undefined ? [] : [v].flat()),
    z
      .array(RecordKey)
      .min(1, 'Select at least one record to dispose of')
      .max(500, 'Select 500 records or fewer'),
  ),
});

/** The selection, with any message about one of its items put on the whole list (the field the page has). */
function parseSelection(input: unknown) {
  try {
    return parseOrThrow(SelectionSchema, input);
  } catch (err) {
    if (!(err instanceof ValidationFailed)) throw err;
    throw new ValidationFailed([{ path: 'records', message: err.fields[0]?.message ?? 'Select records' }]);
  }
}

const assertBusinessUnit = (actor: Actor) => {
  if (actor.role !== 'business-unit')
    throw new Forbidden('Only the partnership business unit can manage records retention');
};

export const isRecordType = (v: string): v is RecordType => (RECORD_TYPES as string[]).includes(v);

export function createRetentionService({
  db,
  retention,
  disposal,
  audit,
  policy,
  today = londonToday,
}: Deps) {
  const KeepSchema = z.object({
    reason: z
      .string({ error: 'Enter why the record is being kept' })
      .trim()
      .min(1, 'Enter why the record is being kept')
      .max(500, 'The reason must be 500 characters or fewer'),
    reviewDate: isoDate('the date to look at it again').refine(
      (v) => !/^\d{4}-\d{2}-\d{2}$/.test(v) || (v > today() && v <= addDays(today(), 366 * 25)),
      'The date to look at it again must be in the future, and within 25 years',
    ),
  });

  /** The records on the list: those due now, and those kept for now (with the reason and date). */
  async function overview(actor: Actor) {
    assertBusinessUnit(actor);
    const all = await retention.listDue(db);
    const isHeld = (r: DueRecord) => r.heldUntil !== null && r.heldUntil > today();
    return { due: all.filter((r) => !isHeld(r)), kept: all.filter(isHeld), policy: await policy() };
  }

  async function find(actor: Actor, recordType: string, recordId: string): Promise<DueRecord> {
    assertBusinessUnit(actor);
    if (!isRecordType(recordType) || !isUuid(recordId)) throw new NotFound('Record');
    const [record] = await retention.listDue(db, { recordType, recordId });
    if (!record) throw new NotFound('Record');
    return record;
  }

  return {
    overview,
    find,

    /**
     * The nightly scan: lists every record past its retention date, and takes off the list any that
     * is no longer due (something became active, or a setting changed). Under one lock, and the same
     * answer however often it runs.
     */
    async refreshDue(): Promise<{ added: number; removed: number }> {
      const years = await policy();
      return db.transaction(async (tx) => {
        await retention.lock(tx);
        const changes = await retention.replaceDue(tx, await retention.candidates(tx, years, today()));
        if (changes.added || changes.removed)
          await audit.insert(tx, SYSTEM, {
            event: 'retention.listed',
            subjectType: 'records-retention',
            details: { ...changes, ...years },
          });
        return changes;
      });
    },

    /** "Keep for now": a reason and a date; the record leaves the list until then. */
    async keep(actor: Actor, recordType: string, recordId: string, input: unknown): Promise<void> {
      const record = await find(actor, recordType, recordId);
      const { reason, reviewDate } = parseOrThrow(KeepSchema, input);
      await db.transaction(async (tx) => {
        await retention.insertHold(tx, { ...record, reason, reviewDate, heldBy: actor.id });
        await audit.insert(tx, auditActorOf(actor), {
          event: 'retention.kept',
          subjectType: record.recordType,
          subjectId: record.recordId,
          details: { reason, reviewDate },
        });
      });
    },

    /** The records selected for disposal, checked against the list, for the confirmation page. */
    async selection(actor: Actor, input: unknown): Promise<DueRecord[]> {
      const { due } = await overview(actor);
      const { records } = parseSelection(input);
      const wanted = new Set(records.map((r) => `${r.recordType}:${r.recordId}`));
      const chosen = due.filter((r) => wanted.has(`${r.recordType}:${r.recordId}`));
      if (!chosen.length)
        throw new ValidationFailed([
          { path: 'records', message: 'Select at least one record that is due for disposal' },
        ]);
      return chosen;
    },

    /**
     * Disposes of the selected records in one transaction, each checked again under the lock: a
     * record kept, no longer due or with something active since the list was made is left alone.
     * Each disposal leaves a tombstone and an audit row with ids and counts, never personal data.
     */
    async dispose(actor: Actor, input: unknown): Promise<DisposalResult> {
      assertBusinessUnit(actor);
      const { records } = parseSelection(input);
      const years = await policy();
      return db.transaction(async (tx) => {
        await retention.lock(tx);
        const result: DisposalResult = { disposed: [], skipped: 0 };
        const pick = (t: RecordType) => records.filter((r) => r.recordType === t).map((r) => r.recordId);
        const stillDue = await retention.candidates(tx, years, today(), {
          reviews: pick('review'),
          families: pick('family'),
        });
        const listed = new Map(
          (await retention.listDue(tx)).map((r) => [`${r.recordType}:${r.recordId}`, r]),
        );
        for (const candidate of stillDue) {
          const entry = listed.get(`${candidate.recordType}:${candidate.recordId}`);
          if (!entry || (entry.heldUntil && entry.heldUntil > today())) continue;
          if (!(await retention.lockRecord(tx, candidate.recordType, candidate.recordId))) continue;
          const counts =
            candidate.recordType === 'review'
              ? await disposal.disposeReview(tx, candidate.recordId)
              : await disposal.disposeFamily(tx, candidate.recordId);
          await retention.recordDisposal(tx, { ...candidate, by: actor.id, counts });
          await audit.insert(tx, auditActorOf(actor), {
            event: 'retention.disposed',
            subjectType: candidate.recordType,
            subjectId: candidate.recordId,
            // No due date: for a family it is a child's birthday plus the set age.
            details: { rule: candidate.rule, counts, ...years },
          });
          result.disposed.push({ recordType: candidate.recordType, recordId: candidate.recordId, counts });
        }
        result.skipped = records.length - result.disposed.length;
        return result;
      });
    },
  };
}

export type RetentionService = ReturnType<typeof createRetentionService>;
