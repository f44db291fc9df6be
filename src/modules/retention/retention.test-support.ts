import type { Db } from '../../platform/db/index.ts';
import { createOrganisation, createUser } from '../../../test/factories.ts';

/** Fictional people for retention tests; every timestamp is backdated to `enteredOn`. */
export interface FamilyOptions {
  enteredOn?: string;
  children?: { dateOfBirth?: string | null; expectedDeliveryDate?: string; givenName?: string }[];
  activeFlag?: boolean;
  endedFlag?: boolean;
  openReferral?: boolean;
  assessment?: boolean;
  loss?: boolean;
}

export async function createRecordedFamily(db: Db, o: FamilyOptions = {}) {
  const on = o.enteredOn ?? '2010-01-01';
  const org = await createOrganisation(db, 'nhs-trust');
  const user = await createUser(db, 'practitioner', org.id);
  const [family] = await db.query<{ id: string }>(
    'INSERT INTO families (created_by, created_at) VALUES ($1, $2) RETURNING id',
    [user.id, on],
  );
  const familyId = family!.id;
  const person = async (p: Record<string, unknown>) =>
    (
      await db.query<{ id: string }>(
        `INSERT INTO people (family_id, relationship, given_name, family_name, date_of_birth,
           expected_delivery_date, mother_id, nhs_number, created_at, updated_at)
         VALUES ($1, $2, $3, 'Tregarthen', $4, $5, $6, $7, $8, $8) RETURNING id`,
        [
          familyId,
          p.relationship,
          p.givenName,
          p.dateOfBirth ?? null,
          p.edd ?? null,
          p.motherId ?? null,
          p.nhs ?? null,
          on,
        ],
      )
    )[0]!.id;
  const motherId = await person({ relationship: 'mother', givenName: 'Morwenna', dateOfBirth: '1985-04-02' });
  const childIds: string[] = [];
  for (const [i, c] of (o.children ?? []).entries())
    childIds.push(
      await person({
        relationship: 'baby',
        givenName: c.givenName ?? `Child${i}`,
        dateOfBirth: c.dateOfBirth ?? null,
        edd: c.expectedDeliveryDate ?? null,
        motherId,
      }),
    );
  await db.query(
    'INSERT INTO person_organisations (person_id, organisation_id, added_at) VALUES ($1, $2, $3)',
    [motherId, org.id, on],
  );
  const subject = childIds[0] ?? motherId;
  const flag = async (ended: boolean) =>
    db.query(
      `INSERT INTO flags (person_id, type_code, consent, raised_by, raised_by_organisation, raised_at, ended_at)
       VALUES ($1, 'purple-butterfly', true, $2, $3, $4, $5)`,
      [motherId, user.id, org.id, on, ended ? on : null],
    );
  if (o.activeFlag) await flag(false);
  if (o.endedFlag) await flag(true);
  if (o.openReferral || o.assessment) {
    await db.query(
      `INSERT INTO unborn_referrals (person_id, referral_date, gestation_days, referrer_id, referring_organisation_id,
         created_at, closed_at, closed_outcome)
       VALUES ($1, $2, 100, $3, $4, $5, $6, $7)`,
      [
        subject,
        on,
        user.id,
        org.id,
        on,
        o.openReferral ? null : on,
        o.openReferral ? null : 'no-longer-needed',
      ],
    );
  }
  if (o.assessment) {
    const [contact] = await db.query<{ id: string }>(
      `INSERT INTO contacts (person_id, organisation_id, practitioner_id, contact_date, contact_type, created_at)
       VALUES ($1, $2, $3, $4::date, 'postnatal', $4::date) RETURNING id`,
      [subject, org.id, user.id, on],
    );
    const [assessment] = await db.query<{ id: string }>(
      `INSERT INTO safer_sleep_assessments (person_id, contact_id, risk_level, plan, recorded_by, created_at)
       VALUES ($1, $2, 'low', 'Cot in parents'' room', $3, $4) RETURNING id`,
      [subject, contact!.id, user.id, on],
    );
    await db.query(
      `INSERT INTO safer_sleep_assessment_people (assessment_id, position, person_id, relationship, present, advised)
       VALUES ($1, 1, $2, 'mother', true, true)`,
      [assessment!.id, motherId],
    );
  }
  if (o.loss) {
    const [loss] = await db.query<{ id: string }>(
      `INSERT INTO family_losses (family_id, kind, loss_date, baby_name, recorded_by, recorded_by_organisation, created_at)
       VALUES ($1, 'neonatal-death', $2::date, 'Little Tregarthen', $3, $4, $2::date) RETURNING id`,
      [familyId, on, user.id, org.id],
    );
    await db.query(
      `INSERT INTO family_loss_support (loss_id, person_id, offered) VALUES ($1, $2, '{counselling}')`,
      [loss!.id, motherId],
    );
  }
  return { familyId, motherId, childIds, organisationId: org.id, userId: user.id };
}

/** A closed review, closed on `closedOn`, optionally with an action still open or a request still out. */
export async function createClosedReview(
  db: Db,
  o: { closedOn: string; status?: string; openAction?: boolean; openRequest?: boolean; subjectRef?: string },
) {
  const [review] = await db.query<{ id: string }>(
    `INSERT INTO reviews (type, status, subject_ref, incident_date, aware_date, summary, closed_date)
     VALUES ('rapid-review', $1, $2, '2009-01-05', '2009-01-06', 'What happened', $3) RETURNING id`,
    [o.status ?? 'closed', o.subjectRef ?? 'Child R', o.closedOn],
  );
  const reviewId = review!.id;
  const org = await createOrganisation(db);
  const [rec] = await db.query<{ id: string }>(
    `INSERT INTO recommendations (review_id, number, text) VALUES ($1, 1, 'Advise both parents') RETURNING id`,
    [reviewId],
  );
  await db.query(
    `INSERT INTO actions (recommendation_id, organisation_id, description, due_date, original_due_date, status)
     VALUES ($1, $2, 'Audit records', '2010-01-01', '2010-01-01', $3)`,
    [rec!.id, org.id, o.openAction ? 'in-progress' : 'closed'],
  );
  const bu = await createUser(db, 'business-unit', org.id);
  await db.query(
    `INSERT INTO information_requests (review_id, organisation_id, asks, due_date, status, requested_by, answer)
     VALUES ($1, $2, '{chronology}', '2009-02-01', $3, $4, 'The chronology')`,
    [reviewId, org.id, o.openRequest ? 'sent' : 'returned', bu.id],
  );
  return { reviewId };
}

export const countRows = async (db: Db, sql: string, params: unknown[] = []) =>
  (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params))[0]!.n;
