import type { Queryable } from '../../platform/db/index.ts';
import type {
  AssuranceStatus,
  PointKind,
  Recommendation,
  Review,
  ReviewListItem,
  ReviewPoint,
  ReviewStatus,
  ReviewType,
} from './reviews.types.ts';

/** Which reviews a caller may see, decided by the service from their role. */
export type ReviewScope =
  | { kind: 'all' }
  /** Reviews in which the organisation owns at least one action. */
  | { kind: 'organisation'; organisationId: string }
  /** Reviews the user is assigned to as a reviewer. */
  | { kind: 'reviewer'; userId: string };

export interface ReviewRow {
  type: ReviewType;
  status: ReviewStatus;
  subjectRef: string;
  ageBand: string | null;
  incidentDate: string;
  awareDate: string;
  panelNotifiedDate: string | null;
  lcsprDecisionDate: string | null;
  rapidReviewSentDate: string | null;
  reportSentDate: string | null;
  publishedDate: string | null;
  plannedPublicationDate: string | null;
  summary: string;
  conclusion: string;
  immediateActions: string;
  panelResponse: string | null;
  panelResponseDate: string | null;
  panelResponseNote: string;
  publicationDecision: string | null;
  publicationReason: string;
}

const REVIEW_COLUMNS = `
  r.id, r.type, r.status, r.subject_ref AS "subjectRef", r.age_band AS "ageBand",
  r.incident_date AS "incidentDate", r.aware_date AS "awareDate",
  r.panel_notified_date AS "panelNotifiedDate", r.lcspr_decision_date AS "lcsprDecisionDate",
  r.rapid_review_sent_date AS "rapidReviewSentDate", r.report_sent_date AS "reportSentDate",
  r.published_date AS "publishedDate", r.planned_publication_date AS "plannedPublicationDate",
  r.panel_response AS "panelResponse", r.panel_response_date AS "panelResponseDate",
  r.publication_decision AS "publicationDecision",
  r.version, r.created_at AS "createdAt", r.updated_at AS "updatedAt"`;

const COLUMN_OF: Record<keyof ReviewRow, string> = {
  type: 'type',
  status: 'status',
  subjectRef: 'subject_ref',
  ageBand: 'age_band',
  incidentDate: 'incident_date',
  awareDate: 'aware_date',
  panelNotifiedDate: 'panel_notified_date',
  lcsprDecisionDate: 'lcspr_decision_date',
  rapidReviewSentDate: 'rapid_review_sent_date',
  reportSentDate: 'report_sent_date',
  publishedDate: 'published_date',
  plannedPublicationDate: 'planned_publication_date',
  summary: 'summary',
  conclusion: 'conclusion',
  immediateActions: 'immediate_actions',
  panelResponse: 'panel_response',
  panelResponseDate: 'panel_response_date',
  panelResponseNote: 'panel_response_note',
  publicationDecision: 'publication_decision',
  publicationReason: 'publication_reason',
};

function scopeCondition(scope: ReviewScope, params: unknown[]): string {
  if (scope.kind === 'all') return 'true';
  if (scope.kind === 'organisation') {
    params.push(scope.organisationId);
    const org = `$${params.length}`;
    // Its own actions, or those of organisations it commissions (an ICB overseeing health providers).
    return `EXISTS (SELECT 1 FROM actions a JOIN recommendations rc ON rc.id = a.recommendation_id
                     JOIN organisations ao ON ao.id = a.organisation_id
                     WHERE rc.review_id = r.id AND (a.organisation_id = ${org} OR ao.commissioned_by = ${org}))`;
  }
  params.push(scope.userId);
  return `EXISTS (SELECT 1 FROM review_reviewers rr WHERE rr.review_id = r.id AND rr.user_id = $${params.length})`;
}

export function createReviewsRepository() {
  return {
    async insert(tx: Queryable, row: ReviewRow, createdBy: string): Promise<string> {
      const keys = Object.keys(COLUMN_OF) as (keyof ReviewRow)[];
      const rows = await tx.query<{ id: string }>(
        `INSERT INTO reviews (${keys.map((k) => COLUMN_OF[k]).join(', ')}, created_by)
         VALUES (${keys.map((_, i) => `$${i + 1}`).join(', ')}, $${keys.length + 1}) RETURNING id`,
        [...keys.map((k) => row[k]), createdBy],
      );
      return rows[0]!.id;
    },

    async find(db: Queryable, id: string, scope: ReviewScope = { kind: 'all' }): Promise<Review | undefined> {
      const params: unknown[] = [id];
      const rows = await db.query<Omit<Review, 'reviewers'>>(
        `SELECT ${REVIEW_COLUMNS}, r.summary, r.conclusion, r.immediate_actions AS "immediateActions",
                r.panel_response_note AS "panelResponseNote", r.publication_reason AS "publicationReason"
           FROM reviews r
          WHERE r.id = $1 AND ${scopeCondition(scope, params)}`,
        params,
      );
      if (!rows[0]) return undefined;
      const reviewers = await db.query<{ id: string; name: string }>(
        `SELECT u.id, u.name FROM review_reviewers rr JOIN users u ON u.id = rr.user_id
          WHERE rr.review_id = $1 ORDER BY u.name`,
        [id],
      );
      return { ...rows[0], reviewers };
    },

    /** Locks the review row until the transaction ends: numbering and version checks go one at a time. */
    async lock(tx: Queryable, id: string): Promise<{ version: number } | undefined> {
      const rows = await tx.query<{ version: number }>(
        'SELECT version FROM reviews WHERE id = $1 FOR UPDATE',
        [id],
      );
      return rows[0];
    },

    async update(tx: Queryable, id: string, changes: Partial<ReviewRow>): Promise<void> {
      const params: unknown[] = [id];
      const sets = Object.entries(changes).map(([key, value]) => {
        params.push(value);
        return `${COLUMN_OF[key as keyof ReviewRow]} = $${params.length}`;
      });
      await tx.query(
        `UPDATE reviews SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')} WHERE id = $1`,
        params,
      );
    },

    async setReviewers(tx: Queryable, reviewId: string, userIds: string[]): Promise<void> {
      await tx.query('DELETE FROM review_reviewers WHERE review_id = $1', [reviewId]);
      for (const userId of userIds) {
        await tx.query('INSERT INTO review_reviewers (review_id, user_id) VALUES ($1, $2)', [
          reviewId,
          userId,
        ]);
      }
    },

    async list(
      db: Queryable,
      scope: ReviewScope,
      { page, pageSize, today }: { page: number; pageSize: number; today: string },
    ): Promise<{ items: ReviewListItem[]; total: number }> {
      const params: unknown[] = [];
      const where = scopeCondition(scope, params);
      const [count] = await db.query<{ total: number }>(
        `SELECT count(*)::int AS total FROM reviews r WHERE ${where}`,
        params,
      );
      params.push(today, pageSize, (page - 1) * pageSize);
      const t = params.length - 2;
      const items = await db.query<ReviewListItem>(
        `SELECT ${REVIEW_COLUMNS},
                count(a.id) FILTER (WHERE a.status <> 'closed')::int AS "openActions",
                count(a.id) FILTER (WHERE a.status <> 'closed' AND a.due_date < $${t}::date)::int AS "overdueActions"
           FROM reviews r
           LEFT JOIN recommendations rc ON rc.review_id = r.id
           LEFT JOIN actions a ON a.recommendation_id = rc.id
          WHERE ${where}
          GROUP BY r.id
          ORDER BY r.created_at DESC, r.id
          LIMIT $${params.length - 1} OFFSET $${params.length}`,
        params,
      );
      return { items, total: count!.total };
    },

    async isReviewer(db: Queryable, reviewId: string, userId: string): Promise<boolean> {
      const rows = await db.query('SELECT 1 FROM review_reviewers WHERE review_id = $1 AND user_id = $2', [
        reviewId,
        userId,
      ]);
      return rows.length > 0;
    },

    async listPoints(db: Queryable, reviewId: string): Promise<ReviewPoint[]> {
      return db.query<ReviewPoint>(
        `SELECT id, review_id AS "reviewId", kind, number, text FROM review_points
          WHERE review_id = $1 ORDER BY kind, number`,
        [reviewId],
      );
    },

    async insertPoint(tx: Queryable, reviewId: string, kind: PointKind, text: string): Promise<ReviewPoint> {
      const rows = await tx.query<ReviewPoint>(
        `INSERT INTO review_points (review_id, kind, number, text)
         VALUES ($1, $2, (SELECT coalesce(max(number), 0) + 1 FROM review_points WHERE review_id = $1 AND kind = $2), $3)
         RETURNING id, review_id AS "reviewId", kind, number, text`,
        [reviewId, kind, text],
      );
      return rows[0]!;
    },

    async listRecommendations(db: Queryable, reviewId: string): Promise<Recommendation[]> {
      return db.query<Recommendation>(
        `SELECT rc.id, rc.review_id AS "reviewId", rc.number, rc.text, rc.version, rc.created_at AS "createdAt",
                rc.assurance_status AS "assuranceStatus", rc.assurance_note AS "assuranceNote",
                au.name AS "assuredByName", rc.assured_at AS "assuredAt",
                (SELECT count(*)::int FROM actions a WHERE a.recommendation_id = rc.id) AS "actionCount",
                (SELECT count(*)::int FROM actions a WHERE a.recommendation_id = rc.id AND a.status <> 'closed') AS "openActionCount",
                coalesce(array_agg(rlp.learning_point_id::text ORDER BY p.number) FILTER (WHERE rlp.learning_point_id IS NOT NULL), '{}') AS "learningPointIds"
           FROM recommendations rc
           LEFT JOIN users au ON au.id = rc.assured_by
           LEFT JOIN recommendation_learning_points rlp ON rlp.recommendation_id = rc.id
           LEFT JOIN review_points p ON p.id = rlp.learning_point_id
          WHERE rc.review_id = $1
          GROUP BY rc.id, au.name ORDER BY rc.number`,
        [reviewId],
      );
    },

    async lockRecommendation(tx: Queryable, id: string): Promise<{ version: number } | undefined> {
      const rows = await tx.query<{ version: number }>(
        'SELECT version FROM recommendations WHERE id = $1 FOR UPDATE',
        [id],
      );
      return rows[0];
    },

    async setAssurance(
      tx: Queryable,
      id: string,
      a: { status: AssuranceStatus; note: string; assuredBy: string | null },
    ): Promise<void> {
      await tx.query(
        `UPDATE recommendations SET assurance_status = $2, assurance_note = $3, assured_by = $4,
                assured_at = CASE WHEN $2 = 'assured' THEN now() ELSE NULL END, version = version + 1
          WHERE id = $1`,
        [id, a.status, a.note, a.assuredBy],
      );
    },

    /** Those of `ids` (UUIDs) that are recommendations of reviews within `scope`: one query for any number. */
    async visibleRecommendationIds(
      db: Queryable,
      ids: readonly string[],
      scope: ReviewScope,
    ): Promise<string[]> {
      const params: unknown[] = [ids];
      const rows = await db.query<{ id: string }>(
        `SELECT rc.id FROM recommendations rc JOIN reviews r ON r.id = rc.review_id
          WHERE rc.id = ANY($1::uuid[]) AND ${scopeCondition(scope, params)}`,
        params,
      );
      return rows.map((row) => row.id);
    },

    async findRecommendation(db: Queryable, id: string): Promise<Recommendation | undefined> {
      const rows = await db.query<{ reviewId: string }>(
        'SELECT review_id AS "reviewId" FROM recommendations WHERE id = $1',
        [id],
      );
      if (!rows[0]) return undefined;
      const all = await this.listRecommendations(db, rows[0].reviewId);
      return all.find((r) => r.id === id);
    },

    async insertRecommendation(
      tx: Queryable,
      reviewId: string,
      text: string,
      learningPointIds: string[],
    ): Promise<string> {
      const rows = await tx.query<{ id: string }>(
        `INSERT INTO recommendations (review_id, number, text)
         VALUES ($1, (SELECT coalesce(max(number), 0) + 1 FROM recommendations WHERE review_id = $1), $2) RETURNING id`,
        [reviewId, text],
      );
      const id = rows[0]!.id;
      for (const lp of learningPointIds) {
        await tx.query(
          'INSERT INTO recommendation_learning_points (recommendation_id, learning_point_id) VALUES ($1, $2)',
          [id, lp],
        );
      }
      return id;
    },
  };
}
export type ReviewsRepository = ReturnType<typeof createReviewsRepository>;
