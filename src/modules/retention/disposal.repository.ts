import type { Queryable } from '../../platform/db/index.ts';
import type { DisposalCounts } from './retention.types.ts';

/** Runs a DELETE … RETURNING 1 and counts the rows it removed. */
async function deleted(tx: Queryable, sql: string, params: unknown[]): Promise<number> {
  return (await tx.query(`${sql} RETURNING 1`, params)).length;
}

/**
 * The SQL that removes a whole record. Each statement deletes children before parents, because the
 * family tables were created without ON DELETE CASCADE (a stray delete must fail, not spread).
 */
export function createDisposalRepository() {
  return {
    /**
     * A family record: everyone in the family and everything recorded about them — flags (the purple
     * butterfly among them), safer-sleep contacts and assessments, Unborn Baby Network referrals and
     * milestones, losses and the support offered, break-glass grants, the organisations involved — and
     * inbox notifications that link to them.
     */
    async disposeFamily(tx: Queryable, familyId: string): Promise<DisposalCounts> {
      const people = (
        await tx.query<{ id: string }>('SELECT id FROM people WHERE family_id = $1', [familyId])
      ).map((p) => p.id);
      const ids = [people];
      const counts: DisposalCounts = { people: people.length };
      await deleted(
        tx,
        `DELETE FROM unborn_milestones WHERE referral_id IN
           (SELECT id FROM unborn_referrals WHERE person_id = ANY($1::uuid[]))`,
        ids,
      );
      counts.unbornReferrals = await deleted(
        tx,
        'DELETE FROM unborn_referrals WHERE person_id = ANY($1::uuid[])',
        ids,
      );
      await deleted(
        tx,
        `DELETE FROM safer_sleep_assessment_people WHERE assessment_id IN
           (SELECT id FROM safer_sleep_assessments WHERE person_id = ANY($1::uuid[]))`,
        ids,
      );
      counts.saferSleepAssessments = await deleted(
        tx,
        'DELETE FROM safer_sleep_assessments WHERE person_id = ANY($1::uuid[])',
        ids,
      );
      counts.contacts = await deleted(tx, 'DELETE FROM contacts WHERE person_id = ANY($1::uuid[])', ids);
      await deleted(
        tx,
        'DELETE FROM family_loss_support WHERE loss_id IN (SELECT id FROM family_losses WHERE family_id = $1)',
        [familyId],
      );
      counts.losses = await deleted(tx, 'DELETE FROM family_losses WHERE family_id = $1', [familyId]);
      counts.flags = await deleted(tx, 'DELETE FROM flags WHERE person_id = ANY($1::uuid[])', ids);
      await deleted(tx, 'DELETE FROM record_access_grants WHERE person_id = ANY($1::uuid[])', ids);
      await deleted(tx, 'DELETE FROM person_organisations WHERE person_id = ANY($1::uuid[])', ids);
      counts.notifications = await deleted(
        tx,
        `DELETE FROM notifications WHERE link = ANY(SELECT '/people/' || unnest($1::uuid[])::text)`,
        ids,
      );
      await tx.query('UPDATE people SET mother_id = NULL WHERE family_id = $1', [familyId]);
      await deleted(tx, 'DELETE FROM people WHERE family_id = $1', [familyId]);
      await deleted(tx, 'DELETE FROM families WHERE id = $1', [familyId]);
      return counts;
    },

    /**
     * A review's whole file: findings, recommendations, actions with their updates and evidence,
     * information requests with the agencies' returns, the incident notification, briefings, report
     * versions and the publication check. Links from courses, forum agendas and the library are
     * cleared by their foreign keys (ON DELETE SET NULL), so the library keeps a published report.
     */
    async disposeReview(tx: Queryable, reviewId: string): Promise<DisposalCounts> {
      const [row] = await tx.query<Record<string, number>>(
        `SELECT (SELECT count(*)::int FROM recommendations WHERE review_id = $1) AS recommendations,
                (SELECT count(*)::int FROM actions a JOIN recommendations r ON r.id = a.recommendation_id
                  WHERE r.review_id = $1) AS actions,
                (SELECT count(*)::int FROM evidence e JOIN actions a ON a.id = e.action_id
                   JOIN recommendations r ON r.id = a.recommendation_id WHERE r.review_id = $1) AS evidence,
                (SELECT count(*)::int FROM briefings WHERE review_id = $1) AS briefings`,
        [reviewId],
      );
      const counts: DisposalCounts = { ...row };
      await deleted(
        tx,
        `DELETE FROM reminders_sent WHERE item_id IN (
           SELECT id FROM information_requests WHERE review_id = $1
           UNION ALL SELECT a.id FROM actions a JOIN recommendations r ON r.id = a.recommendation_id
                      WHERE r.review_id = $1) OR item_id = $1`,
        [reviewId],
      );
      await deleted(
        tx,
        `DELETE FROM information_request_files WHERE request_id IN
           (SELECT id FROM information_requests WHERE review_id = $1)`,
        [reviewId],
      );
      counts.informationRequests = await deleted(
        tx,
        'DELETE FROM information_requests WHERE review_id = $1',
        [reviewId],
      );
      counts.notifications = await deleted(
        tx,
        `DELETE FROM notifications WHERE link = '/reviews/' || $1::text OR starts_with(link, '/reviews/' || $1::text || '/')`,
        [reviewId],
      );
      await deleted(tx, 'DELETE FROM reviews WHERE id = $1', [reviewId]);
      return counts;
    },
  };
}

export type DisposalRepository = ReturnType<typeof createDisposalRepository>;
