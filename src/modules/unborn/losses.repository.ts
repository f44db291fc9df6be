import type { Queryable } from '../../platform/db/index.ts';

export interface LossRow {
  id: string;
  familyId: string;
  kind: string;
  lossDate: string;
  babyPersonId: string | null;
  babyName: string;
  laterPregnancyPlan: string;
  recordedByName: string;
  recordedByOrganisation: string;
  createdAt: Date;
  version: number;
}

export interface SupportRow {
  lossId: string;
  personId: string;
  name: string;
  relationship: string;
  offered: string[];
  response: 'accepted' | 'declined' | 'not-yet';
}

export function createLossesRepository() {
  return {
    async insert(
      tx: Queryable,
      l: {
        familyId: string;
        kind: string;
        lossDate: string;
        babyPersonId: string | null;
        babyName: string;
        laterPregnancyPlan: string;
        userId: string;
        organisationId: string;
      },
    ): Promise<string> {
      const rows = await tx.query<{ id: string }>(
        `INSERT INTO family_losses (family_id, kind, loss_date, baby_person_id, baby_name, later_pregnancy_plan,
           recorded_by, recorded_by_organisation) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [
          l.familyId,
          l.kind,
          l.lossDate,
          l.babyPersonId,
          l.babyName,
          l.laterPregnancyPlan,
          l.userId,
          l.organisationId,
        ],
      );
      return rows[0]!.id;
    },

    async insertSupport(
      tx: Queryable,
      s: { lossId: string; personId: string; offered: string[]; response: string },
    ): Promise<void> {
      await tx.query(
        'INSERT INTO family_loss_support (loss_id, person_id, offered, response) VALUES ($1, $2, $3, $4)',
        [s.lossId, s.personId, s.offered, s.response],
      );
    },

    async forFamily(q: Queryable, familyId: string): Promise<LossRow[]> {
      return q.query<LossRow>(
        `SELECT l.id, l.family_id AS "familyId", l.kind, l.loss_date AS "lossDate", l.baby_person_id AS "babyPersonId",
                COALESCE(NULLIF(l.baby_name, ''), b.given_name || ' ' || b.family_name, '') AS "babyName",
                l.later_pregnancy_plan AS "laterPregnancyPlan", u.name AS "recordedByName",
                o.name AS "recordedByOrganisation", l.created_at AS "createdAt", l.version
           FROM family_losses l JOIN users u ON u.id = l.recorded_by
           JOIN organisations o ON o.id = l.recorded_by_organisation
           LEFT JOIN people b ON b.id = l.baby_person_id
          WHERE l.family_id = $1 ORDER BY l.loss_date DESC`,
        [familyId],
      );
    },

    async support(q: Queryable, lossIds: string[]): Promise<SupportRow[]> {
      if (!lossIds.length) return [];
      return q.query<SupportRow>(
        `SELECT s.loss_id AS "lossId", s.person_id AS "personId", p.given_name || ' ' || p.family_name AS name,
                p.relationship, s.offered, s.response
           FROM family_loss_support s JOIN people p ON p.id = s.person_id
          WHERE s.loss_id = ANY($1::uuid[])
          ORDER BY array_position(ARRAY['mother','father-or-partner','carer','sibling','other','baby'], p.relationship), p.given_name`,
        [lossIds],
      );
    },
  };
}
export type LossesRepository = ReturnType<typeof createLossesRepository>;
