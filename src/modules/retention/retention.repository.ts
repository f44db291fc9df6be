import type { Queryable } from '../../platform/db/index.ts';
import type { DueCandidate, DueRecord, RecordType } from './retention.types.ts';

/** Taken by the nightly job and by every disposal, so two instances never list or dispose at once. */
const RETENTION_LOCK_KEY = 74_656_233;

const londonDate = (column: string) => `(${column} AT TIME ZONE 'Europe/London')::date`;

/**
 * Closed reviews past their retention date with nothing still open: no action that is not closed
 * and no information request still waiting for its return.
 */
const REVIEWS_DUE = `
  SELECT 'review' AS "recordType", r.id AS "recordId",
         retention_add_years(r.closed_date, $1) AS "dueDate", 'review-closed' AS rule
    FROM reviews r
   WHERE r.status = 'closed' AND r.closed_date IS NOT NULL
     AND retention_add_years(r.closed_date, $1) <= $2::date
     AND ($3::uuid[] IS NULL OR r.id = ANY($3::uuid[]))
     AND NOT EXISTS (SELECT 1 FROM recommendations rec JOIN actions a ON a.recommendation_id = rec.id
                      WHERE rec.review_id = r.id AND a.status <> 'closed')
     AND NOT EXISTS (SELECT 1 FROM information_requests ir WHERE ir.review_id = r.id AND ir.status = 'sent')`;

/** Every dated entry on a family record, as a London date: its last entry is the latest of these. */
const FAMILY_ENTRIES = `
  SELECT ${londonDate('f.created_at')} AS d
  UNION ALL SELECT ${londonDate('greatest(p.created_at, p.updated_at)')} FROM people p WHERE p.family_id = f.id
  UNION ALL SELECT ${londonDate('coalesce(fl.ended_at, fl.raised_at)')}
    FROM flags fl JOIN people p ON p.id = fl.person_id WHERE p.family_id = f.id
  UNION ALL SELECT c.contact_date FROM contacts c JOIN people p ON p.id = c.person_id WHERE p.family_id = f.id
  UNION ALL SELECT ${londonDate('s.created_at')}
    FROM safer_sleep_assessments s JOIN people p ON p.id = s.person_id WHERE p.family_id = f.id
  UNION ALL SELECT ${londonDate('coalesce(u.closed_at, u.created_at)')}
    FROM unborn_referrals u JOIN people p ON p.id = u.person_id WHERE p.family_id = f.id
  UNION ALL SELECT ${londonDate('m.recorded_at')} FROM unborn_milestones m
    JOIN unborn_referrals u ON u.id = m.referral_id JOIN people p ON p.id = u.person_id WHERE p.family_id = f.id
  UNION ALL SELECT greatest(${londonDate('l.created_at')}, l.loss_date) FROM family_losses l WHERE l.family_id = f.id`;

/** Another family's record points at someone in this family (or the reverse): never disposed of alone. */
const LINKED_ELSEWHERE = `
  EXISTS (SELECT 1 FROM people p JOIN people o ON o.mother_id = p.id OR o.id = p.mother_id
           WHERE p.family_id = f.id AND o.family_id <> f.id)
  OR EXISTS (SELECT 1 FROM safer_sleep_assessment_people sp
               JOIN safer_sleep_assessments s ON s.id = sp.assessment_id
               JOIN people subject ON subject.id = s.person_id
               JOIN people named ON named.id = sp.person_id
              WHERE (subject.family_id = f.id) <> (named.family_id = f.id)
                AND f.id IN (subject.family_id, named.family_id))
  OR EXISTS (SELECT 1 FROM family_loss_support fs JOIN family_losses l ON l.id = fs.loss_id
               JOIN people p ON p.id = fs.person_id
              WHERE (l.family_id = f.id) <> (p.family_id = f.id) AND f.id IN (l.family_id, p.family_id))
  OR EXISTS (SELECT 1 FROM family_losses l JOIN people b ON b.id = l.baby_person_id
              WHERE (l.family_id = f.id) <> (b.family_id = f.id) AND f.id IN (l.family_id, b.family_id))`;

/**
 * Family records past their retention date: the later of every child's birthday at the set age
 * ($1) and the set number of years ($2) after the last entry. Never a family with an active flag or
 * an open Unborn Baby Network referral, or one linked to another family's record.
 */
const FAMILIES_DUE = `
  WITH dated AS (
    SELECT f.id,
           (SELECT max(retention_add_years(p.date_of_birth, $1)) FROM people p
             WHERE p.family_id = f.id AND p.relationship IN ('baby', 'sibling') AND p.date_of_birth IS NOT NULL
           ) AS child_due,
           retention_add_years((SELECT max(d) FROM (${FAMILY_ENTRIES}) entries), $2) AS entry_due
      FROM families f
     WHERE ($4::uuid[] IS NULL OR f.id = ANY($4::uuid[]))
       AND NOT EXISTS (SELECT 1 FROM flags fl JOIN people p ON p.id = fl.person_id
                        WHERE p.family_id = f.id AND fl.ended_at IS NULL)
       AND NOT EXISTS (SELECT 1 FROM unborn_referrals u JOIN people p ON p.id = u.person_id
                        WHERE p.family_id = f.id AND u.closed_at IS NULL)
       AND NOT (${LINKED_ELSEWHERE})
  )
  SELECT 'family' AS "recordType", id AS "recordId", greatest(child_due, entry_due) AS "dueDate",
         CASE WHEN child_due IS NOT NULL AND child_due >= entry_due THEN 'child-age' ELSE 'last-entry' END AS rule
    FROM dated
   WHERE greatest(child_due, entry_due) <= $3::date`;

export interface RetentionYears {
  reviewRetentionYears: number;
  familyRecordChildAge: number;
  familyRecordYearsAfterLastEntry: number;
}

const key = (c: { recordType: string; recordId: string }) => `${c.recordType}:${c.recordId}`;

export function createRetentionRepository() {
  async function candidates(
    q: Queryable,
    policy: RetentionYears,
    today: string,
    only?: { reviews: string[]; families: string[] },
  ): Promise<DueCandidate[]> {
    const reviews = await q.query<DueCandidate>(REVIEWS_DUE, [
      policy.reviewRetentionYears,
      today,
      only ? only.reviews : null,
    ]);
    const families = await q.query<DueCandidate>(FAMILIES_DUE, [
      policy.familyRecordChildAge,
      policy.familyRecordYearsAfterLastEntry,
      today,
      only ? only.families : null,
    ]);
    return [...reviews, ...families];
  }

  return {
    lock: (tx: Queryable) => tx.query('SELECT pg_advisory_xact_lock($1)', [RETENTION_LOCK_KEY]),

    candidates,

    /** Makes the list match `found`: adds or updates what is due, removes what no longer is. */
    async replaceDue(tx: Queryable, found: DueCandidate[]): Promise<{ added: number; removed: number }> {
      const before = new Set(
        (
          await tx.query<{ recordType: string; recordId: string }>(
            'SELECT record_type AS "recordType", record_id AS "recordId" FROM retention_due',
          )
        ).map(key),
      );
      const now = new Set(found.map(key));
      await tx.query(
        `INSERT INTO retention_due (record_type, record_id, due_date, rule)
         SELECT * FROM unnest($1::text[], $2::uuid[], $3::date[], $4::text[])
         ON CONFLICT (record_type, record_id) DO UPDATE SET due_date = EXCLUDED.due_date, rule = EXCLUDED.rule
           WHERE (retention_due.due_date, retention_due.rule) IS DISTINCT FROM (EXCLUDED.due_date, EXCLUDED.rule)`,
        [
          found.map((c) => c.recordType),
          found.map((c) => c.recordId),
          found.map((c) => c.dueDate),
          found.map((c) => c.rule),
        ],
      );
      const gone = [...before].filter((k) => !now.has(k));
      if (gone.length)
        await tx.query(
          `DELETE FROM retention_due WHERE record_type || ':' || record_id::text = ANY($1::text[])`,
          [gone],
        );
      return { added: [...now].filter((k) => !before.has(k)).length, removed: gone.length };
    },

    /** The list, soonest due first, each with its latest "keep for now". */
    async listDue(q: Queryable, only?: { recordType: RecordType; recordId: string }): Promise<DueRecord[]> {
      return q.query<DueRecord>(
        `SELECT d.record_type AS "recordType", d.record_id AS "recordId", d.due_date AS "dueDate", d.rule,
                d.found_at AS "foundAt", r.subject_ref AS "subjectRef", r.type AS "reviewType",
                r.closed_date AS "closedDate",
                (SELECT count(*)::int FROM people p WHERE d.record_type = 'family' AND p.family_id = d.record_id)
                  AS "peopleCount",
                h.reason AS "heldReason", h.review_date AS "heldUntil", h.name AS "heldByName"
           FROM retention_due d
           LEFT JOIN reviews r ON d.record_type = 'review' AND r.id = d.record_id
           LEFT JOIN LATERAL (
             SELECT rh.reason, rh.review_date, u.name FROM retention_holds rh LEFT JOIN users u ON u.id = rh.held_by
              WHERE rh.record_type = d.record_type AND rh.record_id = d.record_id
              ORDER BY rh.held_at DESC LIMIT 1) h ON true
          WHERE ($1::text IS NULL OR (d.record_type = $1 AND d.record_id = $2::uuid))
          ORDER BY d.due_date, d.record_type, d.record_id`,
        [only?.recordType ?? null, only?.recordId ?? null],
      );
    },

    async insertHold(
      tx: Queryable,
      hold: { recordType: RecordType; recordId: string; reason: string; reviewDate: string; heldBy: string },
    ): Promise<void> {
      await tx.query(
        `INSERT INTO retention_holds (record_type, record_id, reason, review_date, held_by)
         VALUES ($1, $2, $3, $4, $5)`,
        [hold.recordType, hold.recordId, hold.reason, hold.reviewDate, hold.heldBy],
      );
    },

    /** Holds the record's row while it is checked and disposed of. */
    async lockRecord(tx: Queryable, recordType: RecordType, recordId: string): Promise<boolean> {
      const table = recordType === 'review' ? 'reviews' : 'families';
      return (await tx.query(`SELECT 1 FROM ${table} WHERE id = $1 FOR UPDATE`, [recordId])).length > 0;
    },

    async recordDisposal(
      tx: Queryable,
      d: { recordType: RecordType; recordId: string; by: string; counts: object },
    ): Promise<void> {
      await tx.query('DELETE FROM retention_due WHERE record_type = $1 AND record_id = $2', [
        d.recordType,
        d.recordId,
      ]);
      await tx.query('DELETE FROM retention_holds WHERE record_type = $1 AND record_id = $2', [
        d.recordType,
        d.recordId,
      ]);
      await tx.query(
        `INSERT INTO disposed_records (record_type, record_id, disposed_by, counts) VALUES ($1, $2, $3, $4)`,
        [d.recordType, d.recordId, d.by, JSON.stringify(d.counts)],
      );
    },
  };
}

export type RetentionRepository = ReturnType<typeof createRetentionRepository>;
