import { randomUUID } from 'node:crypto';
import type { Db } from '../src/platform/db/index.ts';
import type { Actor, Role } from '../src/platform/http/current-user.ts';
import { hashPassword } from '../src/modules/auth/index.ts';
import type { OrganisationType } from '../src/modules/organisations/index.ts';

export const TEST_PASSWORD = 'correct horse battery staple';
let passwordHash: Promise<string> | undefined;

export async function createOrganisation(db: Db, type: OrganisationType = 'other', name?: string) {
  const rows = await db.query<{ id: string; name: string; type: OrganisationType }>(
    'INSERT INTO organisations (name, type) VALUES ($1, $2) RETURNING id, name, type',
    [name ?? `Test ${type} ${randomUUID().slice(0, 8)}`, type],
  );
  return rows[0]!;
}

export async function createUser(
  db: Db,
  role: Role,
  organisationId?: string,
  opts: { active?: boolean } = {},
) {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const orgId = organisationId ?? (await createOrganisation(db)).id;
  const email = `${role}.${randomUUID().slice(0, 8)}@test.lantern.test`;
  const rows = await db.query<{ id: string; email: string; organisationId: string; role: Role }>(
    `INSERT INTO users (email, name, role, organisation_id, password_hash, active)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, email, organisation_id AS "organisationId", role`,
    [email, `Test ${role}`, role, orgId, await passwordHash, opts.active ?? true],
  );
  return rows[0]!;
}

export async function createReview(
  db: Db,
  overrides: Partial<{
    type: string;
    status: string;
    subjectRef: string;
    incidentDate: string;
    awareDate: string;
    reviewerIds: string[];
  }> = {},
) {
  const rows = await db.query<{ id: string; subjectRef: string; version: number }>(
    `INSERT INTO reviews (type, status, subject_ref, incident_date, aware_date)
     VALUES ($1, $2, $3, $4, $5) RETURNING id, subject_ref AS "subjectRef", version`,
    [
      overrides.type ?? 'rapid-review',
      overrides.status ?? 'notified',
      overrides.subjectRef ?? 'Child Q',
      overrides.incidentDate ?? '2026-01-05',
      overrides.awareDate ?? '2026-01-06',
    ],
  );
  for (const userId of overrides.reviewerIds ?? []) {
    await db.query('INSERT INTO review_reviewers (review_id, user_id) VALUES ($1, $2)', [
      rows[0]!.id,
      userId,
    ]);
  }
  return rows[0]!;
}

export async function createLearningPoint(
  db: Db,
  reviewId: string,
  text = 'Advice did not reach the father',
) {
  const rows = await db.query<{ id: string; number: number }>(
    `INSERT INTO review_points (review_id, kind, number, text)
     VALUES ($1, 'learning-point', (SELECT coalesce(max(number), 0) + 1 FROM review_points WHERE review_id = $1 AND kind = 'learning-point'), $2)
     RETURNING id, number`,
    [reviewId, text],
  );
  return rows[0]!;
}

export async function createRecommendation(
  db: Db,
  reviewId: string,
  text = 'Give safer-sleep advice to both parents',
) {
  const rows = await db.query<{ id: string; number: number }>(
    `INSERT INTO recommendations (review_id, number, text)
     VALUES ($1, (SELECT coalesce(max(number), 0) + 1 FROM recommendations WHERE review_id = $1), $2) RETURNING id, number`,
    [reviewId, text],
  );
  return rows[0]!;
}

export async function createAction(
  db: Db,
  a: {
    recommendationId: string;
    organisationId: string;
    ownerUserId?: string;
    dueDate?: string;
    status?: string;
    description?: string;
  },
) {
  const dueDate = a.dueDate ?? '2099-01-31';
  const rows = await db.query<{ id: string; version: number }>(
    `INSERT INTO actions (recommendation_id, organisation_id, owner_user_id, description, due_date, original_due_date, status)
     VALUES ($1, $2, $3, $4, $5, $5, $6) RETURNING id, version`,
    [
      a.recommendationId,
      a.organisationId,
      a.ownerUserId ?? null,
      a.description ?? 'Audit safer-sleep records',
      dueDate,
      a.status ?? 'not-started',
    ],
  );
  return rows[0]!;
}

/** A review with one recommendation and one action owned by `organisationId`. */
export async function createReviewWithAction(
  db: Db,
  organisationId: string,
  action: Partial<Parameters<typeof createAction>[1]> = {},
) {
  const review = await createReview(db);
  const recommendation = await createRecommendation(db, review.id);
  const created = await createAction(db, { recommendationId: recommendation.id, organisationId, ...action });
  return { review, recommendation, action: created };
}

/** A new user as the services see a caller (for service-level tests that skip HTTP). */
export async function createActor(db: Db, role: Role, organisationId?: string): Promise<Actor> {
  const u = await createUser(db, role, organisationId);
  return { ...u, name: `Test ${role}`, organisationName: 'Test org', correlationId: 'test' };
}

/** The demo account with this email, as the actor its requests would carry (after seedDemo). */
export async function demoActor(db: Db, email: string): Promise<Actor> {
  const [actor] = await db.query<Actor>(
    `SELECT u.id, u.email, u.name, u.role, u.organisation_id AS "organisationId",
            o.name AS "organisationName", 'demo-test' AS "correlationId"
       FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.email = $1`,
    [email],
  );
  if (!actor) throw new Error(`No demo account ${email}`);
  return actor;
}
