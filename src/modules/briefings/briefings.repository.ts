import type { Queryable } from '../../platform/db/index.ts';
import type {
  Briefing,
  BriefingListItem,
  BriefingSections,
  LinkedPoint,
  Recipient,
} from './briefings.types.ts';

const COLUMNS: Record<keyof BriefingSections, string> = {
  background: 'background',
  whatHappened: 'what_happened',
  findings: 'findings',
  learning: 'learning',
  whatToDoDifferently: 'what_to_do_differently',
  questionsForReflection: 'questions_for_reflection',
  furtherReading: 'further_reading',
};
const SECTION_SELECT = Object.entries(COLUMNS)
  .map(([key, column]) => `b.${column} AS "${key}"`)
  .join(', ');

type BriefingRow = Omit<Briefing, 'learningPoints' | 'recommendations' | 'recipients'>;

export interface BriefingContent extends BriefingSections {
  title: string;
  learningPointIds: string[];
  recommendationIds: string[];
}

export interface ListFilter {
  includeDrafts: boolean;
  reviewId?: string;
  page: number;
  pageSize: number;
}

/** SQL for briefings, their links to the review, their recipients and acknowledgements. */
export function createBriefingsRepository() {
  async function setLinks(tx: Queryable, id: string, content: BriefingContent) {
    await tx.query('DELETE FROM briefing_learning_points WHERE briefing_id = $1', [id]);
    await tx.query('DELETE FROM briefing_recommendations WHERE briefing_id = $1', [id]);
    await tx.query(
      `INSERT INTO briefing_learning_points (briefing_id, learning_point_id)
       SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
      [id, content.learningPointIds],
    );
    await tx.query(
      `INSERT INTO briefing_recommendations (briefing_id, recommendation_id)
       SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
      [id, content.recommendationIds],
    );
  }

  const sectionValues = (c: BriefingContent) =>
    Object.keys(COLUMNS).map((k) => c[k as keyof BriefingSections]);

  return {
    async insert(
      tx: Queryable,
      reviewId: string,
      createdBy: string,
      content: BriefingContent,
    ): Promise<string> {
      const rows = await tx.query<{ id: string }>(
        `INSERT INTO briefings (review_id, created_by, title, ${Object.values(COLUMNS).join(', ')})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [reviewId, createdBy, content.title, ...sectionValues(content)],
      );
      const id = rows[0]!.id;
      await setLinks(tx, id, content);
      return id;
    },

    /** Saves a draft's content if `version` is still current; false when someone saved first. */
    async update(tx: Queryable, id: string, version: number, content: BriefingContent): Promise<boolean> {
      const sets = Object.values(COLUMNS).map((column, i) => `${column} = $${i + 4}`);
      const rows = await tx.query<{ id: string }>(
        `UPDATE briefings SET title = $3, ${sets.join(', ')}, version = version + 1, updated_at = now()
          WHERE id = $1 AND version = $2 AND status = 'draft' RETURNING id`,
        [id, version, content.title, ...sectionValues(content)],
      );
      if (!rows.length) return false;
      await setLinks(tx, id, content);
      return true;
    },

    async publish(
      tx: Queryable,
      p: { id: string; version: number; userId: string; date: string; organisationIds: string[] },
    ): Promise<boolean> {
      const rows = await tx.query<{ id: string }>(
        `UPDATE briefings SET status = 'published', published_at = now(), published_by = $3, published_date = $4,
                version = version + 1, updated_at = now()
          WHERE id = $1 AND version = $2 AND status = 'draft' RETURNING id`,
        [p.id, p.version, p.userId, p.date],
      );
      if (!rows.length) return false;
      await tx.query(
        `INSERT INTO briefing_recipients (briefing_id, organisation_id) SELECT $1, unnest($2::uuid[])`,
        [p.id, p.organisationIds],
      );
      return true;
    },

    /** Records the lead's confirmation; false when the organisation had already confirmed. */
    async confirmShared(
      tx: Queryable,
      c: { id: string; organisationId: string; userId: string; sharedDate: string; how: string },
    ): Promise<boolean> {
      const rows = await tx.query(
        `UPDATE briefing_recipients SET shared_date = $3, shared_how = $4, confirmed_by = $5, confirmed_at = now()
          WHERE briefing_id = $1 AND organisation_id = $2 AND confirmed_at IS NULL RETURNING briefing_id`,
        [c.id, c.organisationId, c.sharedDate, c.how, c.userId],
      );
      return rows.length > 0;
    },

    /** Records "I have read this briefing"; false when the person had already said so. */
    async acknowledge(tx: Queryable, id: string, userId: string, organisationId: string): Promise<boolean> {
      const rows = await tx.query(
        `INSERT INTO briefing_acknowledgements (briefing_id, user_id, organisation_id) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING RETURNING briefing_id`,
        [id, userId, organisationId],
      );
      return rows.length > 0;
    },

    async hasAcknowledged(db: Queryable, id: string, userId: string): Promise<boolean> {
      const rows = await db.query(
        'SELECT 1 FROM briefing_acknowledgements WHERE briefing_id = $1 AND user_id = $2',
        [id, userId],
      );
      return rows.length > 0;
    },

    async find(db: Queryable, id: string): Promise<Briefing | undefined> {
      const rows = await db.query<BriefingRow>(
        `SELECT b.id, b.review_id AS "reviewId", r.subject_ref AS "reviewRef", r.type AS "reviewType",
                b.status, b.title, ${SECTION_SELECT}, c.name AS "createdByName",
                b.created_at AS "createdAt", b.updated_at AS "updatedAt",
                b.published_date AS "publishedDate", p.name AS "publishedByName",
                coalesce(po.name, co.name) AS "partnershipName", b.version
           FROM briefings b
           JOIN reviews r ON r.id = b.review_id
           JOIN users c ON c.id = b.created_by
           JOIN organisations co ON co.id = c.organisation_id
           LEFT JOIN users p ON p.id = b.published_by
           LEFT JOIN organisations po ON po.id = p.organisation_id
          WHERE b.id = $1`,
        [id],
      );
      const row = rows[0];
      if (!row) return undefined;
      const [learningPoints, recommendations, recipients] = await Promise.all([
        db.query<LinkedPoint>(
          `SELECT rp.id, rp.number, rp.text FROM briefing_learning_points l
             JOIN review_points rp ON rp.id = l.learning_point_id
            WHERE l.briefing_id = $1 ORDER BY rp.number`,
          [id],
        ),
        db.query<LinkedPoint>(
          `SELECT rc.id, rc.number, rc.text FROM briefing_recommendations l
             JOIN recommendations rc ON rc.id = l.recommendation_id
            WHERE l.briefing_id = $1 ORDER BY rc.number`,
          [id],
        ),
        db.query<Recipient>(
          `SELECT br.organisation_id AS "organisationId", o.name AS "organisationName",
                  br.shared_date AS "sharedDate", br.shared_how AS "sharedHow", u.name AS "confirmedByName",
                  br.confirmed_at AS "confirmedAt",
                  (SELECT count(*)::int FROM briefing_acknowledgements a
                    WHERE a.briefing_id = br.briefing_id AND a.organisation_id = br.organisation_id) AS acknowledgements
             FROM briefing_recipients br
             JOIN organisations o ON o.id = br.organisation_id
             LEFT JOIN users u ON u.id = br.confirmed_by
            WHERE br.briefing_id = $1 ORDER BY o.name`,
          [id],
        ),
      ]);
      return { ...row, learningPoints, recommendations, recipients };
    },

    /** A published briefing's title and sections only: the public page's text. */
    async publishedText(
      db: Queryable,
      id: string,
    ): Promise<(BriefingSections & { id: string; reviewId: string; title: string }) | undefined> {
      const rows = await db.query<BriefingSections & { id: string; reviewId: string; title: string }>(
        `SELECT b.id, b.review_id AS "reviewId", b.title, ${SECTION_SELECT}
           FROM briefings b WHERE b.id = $1 AND b.status = 'published'`,
        [id],
      );
      return rows[0];
    },

    async list(db: Queryable, f: ListFilter): Promise<{ items: BriefingListItem[]; total: number }> {
      const params: unknown[] = [f.includeDrafts];
      let where = "($1 OR b.status = 'published')";
      if (f.reviewId) {
        params.push(f.reviewId);
        where += ` AND b.review_id = $${params.length}`;
      }
      const [count] = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM briefings b WHERE ${where}`,
        params,
      );
      params.push(f.pageSize, (f.page - 1) * f.pageSize);
      const items = await db.query<BriefingListItem>(
        `SELECT b.id, b.title, b.review_id AS "reviewId", r.subject_ref AS "reviewRef", b.status,
                b.published_date AS "publishedDate", b.updated_at AS "updatedAt",
                (SELECT count(*)::int FROM briefing_recipients br WHERE br.briefing_id = b.id) AS organisations,
                (SELECT count(*)::int FROM briefing_recipients br
                  WHERE br.briefing_id = b.id AND br.confirmed_at IS NOT NULL) AS confirmed,
                (SELECT count(*)::int FROM briefing_acknowledgements a WHERE a.briefing_id = b.id) AS acknowledgements
           FROM briefings b JOIN reviews r ON r.id = b.review_id
          WHERE ${where}
          ORDER BY (b.status = 'draft') DESC, coalesce(b.published_at, b.created_at) DESC, b.id
          LIMIT $${params.length - 1} OFFSET $${params.length}`,
        params,
      );
      return { items, total: count!.n };
    },

    /** Published briefings that draw on any of these recommendations, newest first: a row per link. */
    async publishedForRecommendations(
      db: Queryable,
      recommendationIds: readonly string[],
    ): Promise<(BriefingListItem & { recommendationId: string })[]> {
      return db.query<BriefingListItem & { recommendationId: string }>(
        `SELECT l.recommendation_id AS "recommendationId",
                b.id, b.title, b.review_id AS "reviewId", r.subject_ref AS "reviewRef", b.status,
                b.published_date AS "publishedDate", b.updated_at AS "updatedAt",
                (SELECT count(*)::int FROM briefing_recipients br WHERE br.briefing_id = b.id) AS organisations,
                (SELECT count(*)::int FROM briefing_recipients br
                  WHERE br.briefing_id = b.id AND br.confirmed_at IS NOT NULL) AS confirmed,
                (SELECT count(*)::int FROM briefing_acknowledgements a WHERE a.briefing_id = b.id) AS acknowledgements
           FROM briefing_recommendations l
           JOIN briefings b ON b.id = l.briefing_id
           JOIN reviews r ON r.id = b.review_id
          WHERE l.recommendation_id = ANY($1::uuid[]) AND b.status = 'published'
          ORDER BY b.published_at DESC, b.id`,
        [recommendationIds],
      );
    },

    /** A review's points of one kind and its recommendations, for drafting and for the link boxes. */
    async reviewPoints(
      db: Queryable,
      reviewId: string,
      kind: 'finding' | 'learning-point',
    ): Promise<LinkedPoint[]> {
      return db.query<LinkedPoint>(
        'SELECT id, number, text FROM review_points WHERE review_id = $1 AND kind = $2 ORDER BY number',
        [reviewId, kind],
      );
    },

    async reviewRecommendations(db: Queryable, reviewId: string): Promise<LinkedPoint[]> {
      return db.query<LinkedPoint>(
        'SELECT id, number, text FROM recommendations WHERE review_id = $1 ORDER BY number',
        [reviewId],
      );
    },

    /** Reviews that have briefings (published ones, or drafts too), for filtering the list. */
    async reviewsWithBriefings(
      db: Queryable,
      includeDrafts: boolean,
    ): Promise<{ id: string; subjectRef: string }[]> {
      return db.query(
        `SELECT DISTINCT r.id, r.subject_ref AS "subjectRef" FROM briefings b JOIN reviews r ON r.id = b.review_id
          WHERE $1 OR b.status = 'published' ORDER BY r.subject_ref`,
        [includeDrafts],
      );
    },

    /** Active organisation leads of an organisation: the people told that a briefing has arrived. */
    async leadsOf(db: Queryable, organisationId: string): Promise<string[]> {
      const rows = await db.query<{ id: string }>(
        `SELECT id FROM users WHERE organisation_id = $1 AND role = 'organisation-lead' AND active ORDER BY name`,
        [organisationId],
      );
      return rows.map((r) => r.id);
    },
  };
}
export type BriefingsRepository = ReturnType<typeof createBriefingsRepository>;
