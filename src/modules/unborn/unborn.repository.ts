import type { Queryable } from '../../platform/db/index.ts';
import type { MilestoneRecord } from './pathway.ts';

/** An Unborn Baby Network referral as stored, with the names a page shows. */
export interface ReferralRow {
  id: string;
  personId: string;
  babyName: string;
  motherId: string | null;
  motherName: string | null;
  expectedDeliveryDate: string;
  referralDate: string;
  gestationDays: number;
  gestationOverridden: boolean;
  concerns: string[];
  concernOther: string;
  referrerId: string;
  referrerName: string;
  referringOrganisationId: string;
  referringOrganisationName: string;
  fatherOrPartner: string;
  bothParentsAssessed: boolean;
  closedAt: Date | null;
  closedOutcome: string | null;
  closedReason: string;
  version: number;
}

export interface NewReferral {
  personId: string;
  referralDate: string;
  gestationDays: number;
  gestationOverridden: boolean;
  concerns: string[];
  concernOther: string;
  referrerId: string;
  referringOrganisationId: string;
  fatherOrPartner: string;
  bothParentsAssessed: boolean;
}

const REFERRAL = `SELECT r.id, r.person_id AS "personId", b.given_name || ' ' || b.family_name AS "babyName",
    b.mother_id AS "motherId", m.given_name || ' ' || m.family_name AS "motherName",
    b.expected_delivery_date AS "expectedDeliveryDate", r.referral_date AS "referralDate",
    r.gestation_days AS "gestationDays", r.gestation_overridden AS "gestationOverridden",
    r.concerns, r.concern_other AS "concernOther", r.referrer_id AS "referrerId", u.name AS "referrerName",
    r.referring_organisation_id AS "referringOrganisationId", o.name AS "referringOrganisationName",
    r.father_or_partner AS "fatherOrPartner", r.both_parents_assessed AS "bothParentsAssessed",
    r.closed_at AS "closedAt", r.closed_outcome AS "closedOutcome", r.closed_reason AS "closedReason", r.version
  FROM unborn_referrals r
  JOIN people b ON b.id = r.person_id
  LEFT JOIN people m ON m.id = b.mother_id
  JOIN users u ON u.id = r.referrer_id
  JOIN organisations o ON o.id = r.referring_organisation_id`;

export interface MeasureRow {
  month: string;
  organisationId: string;
  organisationName: string;
  referrals: number;
  onTime: number;
}

export function createUnbornRepository() {
  return {
    async insertReferral(tx: Queryable, r: NewReferral): Promise<string | undefined> {
      const rows = await tx.query<{ id: string }>(
        `INSERT INTO unborn_referrals (person_id, referral_date, gestation_days, gestation_overridden, concerns,
           concern_other, referrer_id, referring_organisation_id, father_or_partner, both_parents_assessed)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (person_id) WHERE closed_at IS NULL DO NOTHING RETURNING id`,
        [
          r.personId,
          r.referralDate,
          r.gestationDays,
          r.gestationOverridden,
          r.concerns,
          r.concernOther,
          r.referrerId,
          r.referringOrganisationId,
          r.fatherOrPartner,
          r.bothParentsAssessed,
        ],
      );
      return rows[0]?.id;
    },

    async find(q: Queryable, id: string): Promise<ReferralRow | undefined> {
      return (await q.query<ReferralRow>(`${REFERRAL} WHERE r.id = $1`, [id]))[0];
    },

    /** A person's referrals, the open one first, then newest first. */
    async forPerson(q: Queryable, personId: string): Promise<ReferralRow[]> {
      return q.query<ReferralRow>(
        `${REFERRAL} WHERE r.person_id = $1 ORDER BY r.closed_at IS NOT NULL, r.referral_date DESC`,
        [personId],
      );
    },

    /** Every open referral, by expected date of delivery (soonest first). */
    async open(q: Queryable): Promise<ReferralRow[]> {
      return q.query<ReferralRow>(
        `${REFERRAL} WHERE r.closed_at IS NULL ORDER BY b.expected_delivery_date, r.referral_date`,
      );
    },

    async milestones(
      q: Queryable,
      referralIds: string[],
    ): Promise<(MilestoneRecord & { referralId: string })[]> {
      if (!referralIds.length) return [];
      return q.query(
        `SELECT referral_id AS "referralId", milestone, done_date AS "doneDate", not_needed_reason AS "notNeededReason"
           FROM unborn_milestones WHERE referral_id = ANY($1::uuid[])`,
        [referralIds],
      );
    },

    async recordMilestone(
      tx: Queryable,
      m: {
        referralId: string;
        milestone: string;
        doneDate: string | null;
        notNeededReason: string;
        userId: string;
      },
    ): Promise<void> {
      await tx.query(
        `INSERT INTO unborn_milestones (referral_id, milestone, done_date, not_needed_reason, recorded_by)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (referral_id, milestone) DO UPDATE SET done_date = EXCLUDED.done_date,
           not_needed_reason = EXCLUDED.not_needed_reason, recorded_by = EXCLUDED.recorded_by, recorded_at = now()`,
        [m.referralId, m.milestone, m.doneDate, m.notNeededReason, m.userId],
      );
    },

    /** Moves the version on if it is still the one the user read; false when someone else saved first. */
    async bump(tx: Queryable, id: string, version: number): Promise<boolean> {
      const rows = await tx.query(
        `UPDATE unborn_referrals SET version = version + 1 WHERE id = $1 AND version = $2 AND closed_at IS NULL RETURNING id`,
        [id, version],
      );
      return rows.length === 1;
    },

    async close(tx: Queryable, id: string, outcome: string, reason: string): Promise<void> {
      await tx.query(
        `UPDATE unborn_referrals SET closed_at = now(), closed_outcome = $2, closed_reason = $3 WHERE id = $1`,
        [id, outcome, reason],
      );
    },

    /** Referrals by month of referral and referring organisation since `from`, with how many were on time. */
    async measure(q: Queryable, from: string, onTimeDays: number): Promise<MeasureRow[]> {
      return q.query<MeasureRow>(
        `SELECT to_char(r.referral_date, 'YYYY-MM') AS month, o.id AS "organisationId", o.name AS "organisationName",
                count(*)::int AS referrals, (count(*) FILTER (WHERE r.gestation_days <= $2))::int AS "onTime"
           FROM unborn_referrals r JOIN organisations o ON o.id = r.referring_organisation_id
          WHERE r.referral_date >= $1
          GROUP BY 1, 2, 3 ORDER BY 1 DESC, 3`,
        [from, onTimeDays],
      );
    },
  };
}
export type UnbornRepository = ReturnType<typeof createUnbornRepository>;
