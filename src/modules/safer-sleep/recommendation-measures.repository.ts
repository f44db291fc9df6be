import type { Queryable } from '../../platform/db/index.ts';

/** Links between recommendations and practice measures. */
export function createRecommendationMeasuresRepository() {
  return {
    async recommendation(
      db: Queryable,
      id: string,
    ): Promise<
      { id: string; reviewId: string; number: number; text: string; subjectRef: string } | undefined
    > {
      const rows = await db.query<{
        id: string;
        reviewId: string;
        number: number;
        text: string;
        subjectRef: string;
      }>(
        `SELECT rc.id, rc.review_id AS "reviewId", rc.number, rc.text, r.subject_ref AS "subjectRef"
           FROM recommendations rc JOIN reviews r ON r.id = rc.review_id WHERE rc.id = $1`,
        [id],
      );
      return rows[0];
    },

    links(db: Queryable, recommendationIds: string[]): Promise<{ recommendationId: string; code: string }[]> {
      return db.query(
        `SELECT recommendation_id AS "recommendationId", measure_code AS code FROM recommendation_measures
          WHERE recommendation_id = ANY($1::uuid[]) ORDER BY measure_code`,
        [recommendationIds],
      );
    },

    async replaceLinks(
      tx: Queryable,
      recommendationId: string,
      codes: string[],
      userId: string,
    ): Promise<void> {
      await tx.query('DELETE FROM recommendation_measures WHERE recommendation_id = $1', [recommendationId]);
      for (const code of codes)
        await tx.query(
          'INSERT INTO recommendation_measures (recommendation_id, measure_code, linked_by) VALUES ($1, $2, $3)',
          [recommendationId, code, userId],
        );
    },
  };
}
export type RecommendationMeasuresRepository = ReturnType<typeof createRecommendationMeasuresRepository>;
