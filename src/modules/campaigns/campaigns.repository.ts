import type { Queryable } from '../../platform/db/index.ts';
import type { Campaign, CampaignResource, CampaignShare, ShareStatus } from './campaigns.types.ts';

const SELECT_CAMPAIGN = `
  SELECT c.id, c.title, c.description, c.start_date AS "startDate", c.end_date AS "endDate", c.version,
         coalesce((SELECT json_agg(json_build_object('id', rc.id, 'reviewId', rc.review_id, 'subjectRef', r.subject_ref,
                                                     'number', rc.number, 'text', rc.text) ORDER BY r.subject_ref, rc.number)
                     FROM campaign_recommendations cr JOIN recommendations rc ON rc.id = cr.recommendation_id
                     JOIN reviews r ON r.id = rc.review_id WHERE cr.campaign_id = c.id), '[]'::json) AS recommendations,
         (SELECT count(*)::int FROM campaign_resources x WHERE x.campaign_id = c.id) AS "resourceCount",
         (SELECT count(DISTINCT s.organisation_id)::int FROM campaign_shares s WHERE s.campaign_id = c.id) AS "organisationsShared"
    FROM campaigns c`;

const SELECT_RESOURCE = `
  SELECT id, campaign_id AS "campaignId", kind, title, url, file_name AS "fileName", content_type AS "contentType",
         size_bytes AS "sizeBytes", created_at AS "createdAt"
    FROM campaign_resources`;

export interface CampaignFields {
  title: string;
  description: string;
  startDate: string | null;
  endDate: string | null;
}

export interface NewResource {
  campaignId: string;
  kind: 'video' | 'leaflet';
  title: string;
  url?: string;
  file?: { fileName: string; contentType: string; content: Buffer; sha256: string };
  createdBy: string;
}

export function createCampaignsRepository() {
  return {
    async list(db: Queryable, paging: { page: number; pageSize: number }) {
      const [count] = await db.query<{ total: number }>('SELECT count(*)::int AS total FROM campaigns');
      const items = await db.query<Campaign>(
        `${SELECT_CAMPAIGN} ORDER BY c.start_date DESC NULLS LAST, c.created_at DESC LIMIT $1 OFFSET $2`,
        [paging.pageSize, (paging.page - 1) * paging.pageSize],
      );
      return { items, total: count!.total };
    },

    async find(db: Queryable, id: string): Promise<Campaign | undefined> {
      return (await db.query<Campaign>(`${SELECT_CAMPAIGN} WHERE c.id = $1`, [id]))[0];
    },

    async insert(tx: Queryable, c: CampaignFields, createdBy: string): Promise<string> {
      const rows = await tx.query<{ id: string }>(
        `INSERT INTO campaigns (title, description, start_date, end_date, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [c.title, c.description, c.startDate, c.endDate, createdBy],
      );
      return rows[0]!.id;
    },

    async update(tx: Queryable, id: string, c: CampaignFields, version: number): Promise<boolean> {
      const rows = await tx.query(
        `UPDATE campaigns SET title = $3, description = $4, start_date = $5, end_date = $6, version = version + 1, updated_at = now()
          WHERE id = $1 AND version = $2 RETURNING id`,
        [id, version, c.title, c.description, c.startDate, c.endDate],
      );
      return rows.length > 0;
    },

    async setRecommendations(tx: Queryable, campaignId: string, recommendationIds: string[]): Promise<void> {
      await tx.query('DELETE FROM campaign_recommendations WHERE campaign_id = $1', [campaignId]);
      if (recommendationIds.length === 0) return;
      await tx.query(
        `INSERT INTO campaign_recommendations (campaign_id, recommendation_id) SELECT $1, unnest($2::uuid[])`,
        [campaignId, recommendationIds],
      );
    },

    async resources(db: Queryable, campaignId: string): Promise<CampaignResource[]> {
      return db.query<CampaignResource>(`${SELECT_RESOURCE} WHERE campaign_id = $1 ORDER BY created_at, id`, [
        campaignId,
      ]);
    },

    async resource(db: Queryable, campaignId: string, id: string): Promise<CampaignResource | undefined> {
      return (
        await db.query<CampaignResource>(`${SELECT_RESOURCE} WHERE campaign_id = $1 AND id = $2`, [
          campaignId,
          id,
        ])
      )[0];
    },

    async insertResource(tx: Queryable, r: NewResource): Promise<string> {
      const rows = await tx.query<{ id: string }>(
        `INSERT INTO campaign_resources (campaign_id, kind, title, url, file_name, content_type, size_bytes, sha256, content, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [
          r.campaignId,
          r.kind,
          r.title,
          r.url ?? null,
          r.file?.fileName ?? null,
          r.file?.contentType ?? null,
          r.file?.content.length ?? null,
          r.file?.sha256 ?? null,
          r.file?.content ?? null,
          r.createdBy,
        ],
      );
      return rows[0]!.id;
    },

    async leafletContent(
      db: Queryable,
      campaignId: string,
      id: string,
    ): Promise<{ fileName: string; contentType: string; content: Buffer } | undefined> {
      const rows = await db.query<{ fileName: string; contentType: string; content: Uint8Array }>(
        `SELECT file_name AS "fileName", content_type AS "contentType", content FROM campaign_resources
          WHERE campaign_id = $1 AND id = $2 AND kind = 'leaflet'`,
        [campaignId, id],
      );
      const row = rows[0];
      return row && { ...row, content: Buffer.from(row.content) };
    },

    async shares(db: Queryable, campaignId: string): Promise<CampaignShare[]> {
      return db.query<CampaignShare>(
        `SELECT s.id, s.campaign_id AS "campaignId", s.organisation_id AS "organisationId", o.name AS "organisationName",
                s.shared_on AS "sharedOn", s.how, s.reach, u.name AS "recordedByName"
           FROM campaign_shares s JOIN organisations o ON o.id = s.organisation_id JOIN users u ON u.id = s.recorded_by
          WHERE s.campaign_id = $1 ORDER BY s.shared_on DESC, s.created_at DESC`,
        [campaignId],
      );
    },

    async share(db: Queryable, id: string): Promise<CampaignShare | undefined> {
      return (
        await db.query<CampaignShare>(
          `SELECT s.id, s.campaign_id AS "campaignId", s.organisation_id AS "organisationId", o.name AS "organisationName",
                  s.shared_on AS "sharedOn", s.how, s.reach, u.name AS "recordedByName"
             FROM campaign_shares s JOIN organisations o ON o.id = s.organisation_id JOIN users u ON u.id = s.recorded_by
            WHERE s.id = $1`,
          [id],
        )
      )[0];
    },

    /**
     * Every organisation of the partnership (but the partnership itself), shared or not yet. The
     * reach is summed as bigint (an int sum of many large estimates would overflow) and read as a number.
     */
    async shareStatus(db: Queryable, campaignId: string): Promise<ShareStatus[]> {
      return db.query<ShareStatus>(
        `SELECT o.id AS "organisationId", o.name AS "organisationName", o.type AS "organisationType",
                max(s.shared_on) AS "lastSharedOn", count(s.id)::int AS times, sum(s.reach)::bigint AS reach
           FROM organisations o LEFT JOIN campaign_shares s ON s.organisation_id = o.id AND s.campaign_id = $1
          WHERE o.type <> 'other' OR EXISTS (SELECT 1 FROM campaign_shares x WHERE x.organisation_id = o.id AND x.campaign_id = $1)
          GROUP BY o.id, o.name, o.type
          ORDER BY (count(s.id) = 0) DESC, o.name`,
        [campaignId],
      );
    },

    async insertShare(
      tx: Queryable,
      s: {
        campaignId: string;
        organisationId: string;
        sharedOn: string;
        how: string;
        reach: number | null;
        recordedBy: string;
      },
    ): Promise<string> {
      const rows = await tx.query<{ id: string }>(
        `INSERT INTO campaign_shares (campaign_id, organisation_id, shared_on, how, reach, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [s.campaignId, s.organisationId, s.sharedOn, s.how, s.reach, s.recordedBy],
      );
      return rows[0]!.id;
    },

    /**
     * Campaigns linked to any of these recommendations (a row per link), with how many organisations
     * shared each: both counts leave out organisations of type 'other', so "shared by X of Y" never
     * passes Y.
     */
    async forRecommendations(db: Queryable, recommendationIds: readonly string[]) {
      return db.query<{
        recommendationId: string;
        id: string;
        title: string;
        startDate: string | null;
        shared: number;
        organisations: number;
      }>(
        `SELECT cr.recommendation_id AS "recommendationId", c.id, c.title, c.start_date AS "startDate",
                (SELECT count(DISTINCT s.organisation_id)::int FROM campaign_shares s
                   JOIN organisations so ON so.id = s.organisation_id
                  WHERE s.campaign_id = c.id AND so.type <> 'other') AS shared,
                (SELECT count(*)::int FROM organisations o WHERE o.type <> 'other') AS organisations
           FROM campaigns c JOIN campaign_recommendations cr ON cr.campaign_id = c.id
          WHERE cr.recommendation_id = ANY($1::uuid[]) ORDER BY c.start_date DESC NULLS LAST, c.title`,
        [recommendationIds],
      );
    },

    /** Every recommendation, for the business unit's campaign form. */
    async allRecommendations(db: Queryable) {
      return db.query<{ id: string; subjectRef: string; number: number; text: string }>(
        `SELECT rc.id, r.subject_ref AS "subjectRef", rc.number, rc.text
           FROM recommendations rc JOIN reviews r ON r.id = rc.review_id
          ORDER BY r.created_at DESC, rc.number`,
      );
    },

    async recommendationsExist(db: Queryable, ids: string[]): Promise<string[]> {
      const rows = await db.query<{ id: string }>(
        'SELECT id FROM recommendations WHERE id = ANY($1::uuid[])',
        [ids],
      );
      return rows.map((r) => r.id);
    },
  };
}
export type CampaignsRepository = ReturnType<typeof createCampaignsRepository>;
