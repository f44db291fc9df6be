import type { Queryable } from '../../platform/db/index.ts';
import type {
  Assessment,
  AssessmentPerson,
  Contact,
  ContactType,
  FactorGroup,
  RiskLevel,
  SaferSleepFactor,
} from './safer-sleep.types.ts';

const FACTOR = `SELECT code, text, factor_group AS "group", sort_order AS "sortOrder", active, version
  FROM safer_sleep_factors`;

const ASSESSMENT = `
  SELECT a.id, a.person_id AS "personId", a.contact_id AS "contactId", c.contact_type AS "contactType",
         to_char(c.contact_date, 'YYYY-MM-DD') AS "contactDate", c.organisation_id AS "organisationId",
         o.name AS "organisationName", c.practitioner_id AS "practitionerId", u.name AS "practitionerName",
         a.factor_codes AS factors, a.advice, a.advice_other AS "adviceOther", a.out_of_routine AS "outOfRoutine",
         a.out_of_routine_notes AS "outOfRoutineNotes", a.risk_level AS "riskLevel", a.plan,
         (a.flag_id IS NOT NULL) AS "flagRaised", a.created_at AS "createdAt"
    FROM safer_sleep_assessments a
    JOIN contacts c ON c.id = a.contact_id
    JOIN organisations o ON o.id = c.organisation_id
    JOIN users u ON u.id = c.practitioner_id`;

export interface NewContact {
  personId: string;
  organisationId: string;
  practitionerId: string;
  contactDate: string;
  contactType: ContactType;
}

export interface NewAssessment {
  personId: string;
  contactId: string;
  factors: string[];
  advice: string[];
  adviceOther: string;
  outOfRoutine: string[];
  outOfRoutineNotes: string;
  riskLevel: RiskLevel;
  plan: string;
  recordedBy: string;
  people: AssessmentPerson[];
}

/** One month × organisation of counts, for the practice measures. */
export interface MeasureCounts {
  month: string;
  organisationId: string;
  organisationName: string;
  antenatal: number;
  antenatalAssessed: number;
  postnatal: number;
  postnatalAssessed: number;
  assessments: number;
  fatherOrPartnerAdvised: number;
}

export function createSaferSleepRepository() {
  async function attachPeople(db: Queryable, rows: Omit<Assessment, 'people'>[]): Promise<Assessment[]> {
    if (!rows.length) return [];
    const people = await db.query<AssessmentPerson & { assessmentId: string }>(
      `SELECT ap.assessment_id AS "assessmentId", ap.person_id AS "personId",
              coalesce(nullif(ap.name, ''), p.given_name || ' ' || p.family_name) AS name,
              ap.relationship, ap.present, ap.advised
         FROM safer_sleep_assessment_people ap LEFT JOIN people p ON p.id = ap.person_id
        WHERE ap.assessment_id = ANY($1::uuid[]) ORDER BY ap.position`,
      [rows.map((r) => r.id)],
    );
    return rows.map((r) => ({
      ...r,
      people: people.filter((p) => p.assessmentId === r.id).map(({ assessmentId: _, ...p }) => p),
    }));
  }

  return {
    factors(db: Queryable, { activeOnly = false } = {}): Promise<SaferSleepFactor[]> {
      return db.query<SaferSleepFactor>(
        `${FACTOR} ${activeOnly ? 'WHERE active' : ''} ORDER BY sort_order, text`,
      );
    },

    async factor(db: Queryable, code: string): Promise<SaferSleepFactor | undefined> {
      return (await db.query<SaferSleepFactor>(`${FACTOR} WHERE code = $1`, [code]))[0];
    },

    async insertFactor(
      tx: Queryable,
      f: { code: string; text: string; group: FactorGroup; sortOrder: number },
    ): Promise<void> {
      await tx.query(
        'INSERT INTO safer_sleep_factors (code, text, factor_group, sort_order) VALUES ($1, $2, $3, $4)',
        [f.code, f.text, f.group, f.sortOrder],
      );
    },

    /** Saves a change if the version still matches; false when someone else changed it first. */
    async updateFactor(
      tx: Queryable,
      code: string,
      f: { text: string; group: FactorGroup; sortOrder: number; active: boolean; version: number },
    ): Promise<boolean> {
      const rows = await tx.query(
        `UPDATE safer_sleep_factors SET text = $2, factor_group = $3, sort_order = $4, active = $5,
                version = version + 1
          WHERE code = $1 AND version = $6 RETURNING code`,
        [code, f.text, f.group, f.sortOrder, f.active, f.version],
      );
      return rows.length === 1;
    },

    async insertContact(tx: Queryable, c: NewContact): Promise<string> {
      const rows = await tx.query<{ id: string }>(
        `INSERT INTO contacts (person_id, organisation_id, practitioner_id, contact_date, contact_type)
         VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [c.personId, c.organisationId, c.practitionerId, c.contactDate, c.contactType],
      );
      return rows[0]!.id;
    },

    contactsFor(db: Queryable, personId: string): Promise<Contact[]> {
      return db.query<Contact>(
        `SELECT c.id, c.person_id AS "personId", c.organisation_id AS "organisationId", o.name AS "organisationName",
                c.practitioner_id AS "practitionerId", u.name AS "practitionerName",
                to_char(c.contact_date, 'YYYY-MM-DD') AS "contactDate", c.contact_type AS "contactType",
                EXISTS (SELECT 1 FROM safer_sleep_assessments a WHERE a.contact_id = c.id) AS "hasAssessment"
           FROM contacts c JOIN organisations o ON o.id = c.organisation_id JOIN users u ON u.id = c.practitioner_id
          WHERE c.person_id = $1 ORDER BY c.contact_date DESC, c.created_at DESC`,
        [personId],
      );
    },

    async insertAssessment(tx: Queryable, a: NewAssessment): Promise<string> {
      const rows = await tx.query<{ id: string }>(
        `INSERT INTO safer_sleep_assessments (person_id, contact_id, factor_codes, advice, advice_other,
                out_of_routine, out_of_routine_notes, risk_level, plan, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [
          a.personId,
          a.contactId,
          a.factors,
          a.advice,
          a.adviceOther,
          a.outOfRoutine,
          a.outOfRoutineNotes,
          a.riskLevel,
          a.plan,
          a.recordedBy,
        ],
      );
      const id = rows[0]!.id;
      for (const [position, p] of a.people.entries()) {
        await tx.query(
          `INSERT INTO safer_sleep_assessment_people (assessment_id, position, person_id, name, relationship, present, advised)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [id, position, p.personId, p.personId ? '' : p.name, p.relationship, p.present, p.advised],
        );
      }
      return id;
    },

    async linkFlag(tx: Queryable, assessmentId: string, flagId: string): Promise<void> {
      await tx.query('UPDATE safer_sleep_assessments SET flag_id = $2 WHERE id = $1', [assessmentId, flagId]);
    },

    async hasActiveFlag(db: Queryable, personId: string, typeCode: string): Promise<boolean> {
      const rows = await db.query(
        'SELECT 1 FROM flags WHERE person_id = $1 AND type_code = $2 AND ended_at IS NULL',
        [personId, typeCode],
      );
      return rows.length > 0;
    },

    async find(db: Queryable, id: string): Promise<Assessment | undefined> {
      const rows = await db.query<Omit<Assessment, 'people'>>(`${ASSESSMENT} WHERE a.id = $1`, [id]);
      return (await attachPeople(db, rows))[0];
    },

    /** A baby's assessments, newest contact first. */
    async listFor(db: Queryable, personId: string, limit = 200): Promise<Assessment[]> {
      const rows = await db.query<Omit<Assessment, 'people'>>(
        `${ASSESSMENT} WHERE a.person_id = $1 ORDER BY c.contact_date DESC, a.created_at DESC LIMIT $2`,
        [personId, limit],
      );
      return attachPeople(db, rows);
    },

    /** Whether any organisation of the partnership is commissioned by this one (an ICB). */
    async commissionsAny(db: Queryable, organisationId: string): Promise<boolean> {
      const rows = await db.query('SELECT 1 FROM organisations WHERE commissioned_by = $1 LIMIT 1', [
        organisationId,
      ]);
      return rows.length > 0;
    },

    /**
     * Contacts and assessments by month (of the contact date) and organisation from `from`
     * ('YYYY-MM-DD') on: every organisation's, or one organisation's and those of the organisations
     * it commissions. New-birth visits count as postnatal contacts; "other" contacts are in no share.
     */
    measureCounts(db: Queryable, from: string, organisationId?: string): Promise<MeasureCounts[]> {
      return db.query<MeasureCounts>(
        `SELECT to_char(c.contact_date, 'YYYY-MM') AS month, c.organisation_id AS "organisationId",
                o.name AS "organisationName",
                count(*) FILTER (WHERE c.contact_type = 'antenatal')::int AS antenatal,
                count(a.id) FILTER (WHERE c.contact_type = 'antenatal')::int AS "antenatalAssessed",
                count(*) FILTER (WHERE c.contact_type IN ('new-birth', 'postnatal'))::int AS postnatal,
                count(a.id) FILTER (WHERE c.contact_type IN ('new-birth', 'postnatal'))::int AS "postnatalAssessed",
                count(a.id)::int AS assessments,
                count(a.id) FILTER (WHERE EXISTS (
                  SELECT 1 FROM safer_sleep_assessment_people ap
                   WHERE ap.assessment_id = a.id AND ap.relationship = 'father-or-partner' AND ap.advised))::int
                  AS "fatherOrPartnerAdvised"
           FROM contacts c
           JOIN organisations o ON o.id = c.organisation_id
           LEFT JOIN safer_sleep_assessments a ON a.contact_id = c.id
          WHERE c.contact_date >= $1
            AND ($2::uuid IS NULL OR c.organisation_id = $2 OR o.commissioned_by = $2)
          GROUP BY 1, 2, 3
          ORDER BY 1 DESC, 3`,
        [from, organisationId ?? null],
      );
    },
  };
}
export type SaferSleepRepository = ReturnType<typeof createSaferSleepRepository>;
