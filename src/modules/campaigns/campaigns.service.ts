import { createHash } from 'node:crypto';
import { londonToday } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { parseOrThrow } from '../../platform/http/forms.ts';
import type { UploadedFile } from '../../platform/http/uploads.ts';
import { isUuid } from '../../platform/schema.ts';
import { auditActorOf, type AuditRepository } from '../audit/index.ts';
import { checkedContentType } from '../evidence/index.ts';
import { evidenceByRecommendation } from '../learning/index.ts';
import type { OrganisationsService } from '../organisations/index.ts';
import type { ReviewsService } from '../reviews/index.ts';
import type { CampaignFields, CampaignsRepository } from './campaigns.repository.ts';
import {
  CampaignCreateSchema,
  CampaignUpdateSchema,
  LeafletSchema,
  ShareSchema,
  VideoSchema,
} from './campaigns.schema.ts';
import type { Campaign, CampaignResource, CampaignShare, LearningEvidence } from './campaigns.types.ts';

/** Leaflets: PDF, Word or an image, checked on their content, at most 5 MB. */
export const MAX_LEAFLET_BYTES = 5 * 1024 * 1024;
const LEAFLET_TYPES = new Set([
  'application/pdf',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'image/png',
  'image/jpeg',
]);

interface Deps {
  db: Db;
  campaigns: CampaignsRepository;
  audit: AuditRepository;
  reviews: ReviewsService;
  organisations: OrganisationsService;
}

/** Awareness campaigns: the business unit builds them; organisation leads record that they shared them. */
export function createCampaignsService({ db, campaigns, audit, reviews, organisations }: Deps) {
  const mustBeBusinessUnit = (actor: Actor) => {
    if (actor.role !== 'business-unit')
      throw new Forbidden('Only the partnership business unit manages campaigns and their resources');
  };

  /** Every signed-in user may read a campaign; 404 when there is none. */
  async function visible(_actor: Actor, id: string): Promise<Campaign> {
    const campaign = isUuid(id) ? await campaigns.find(db, id) : undefined;
    if (!campaign) throw new NotFound('Campaign');
    return campaign;
  }

  /**
   * Campaigns linked to each recommendation, in one query for all of them; NotFound unless the actor
   * may see every one of the recommendations.
   */
  async function learningEvidenceFor(
    actor: Actor,
    recommendationIds: readonly string[],
  ): Promise<Map<string, LearningEvidence[]>> {
    await reviews.assertRecommendationsVisible(actor, recommendationIds);
    if (!recommendationIds.length) return new Map();
    const rows = await campaigns.forRecommendations(db, recommendationIds);
    return evidenceByRecommendation(rows, (c) => ({
      kind: 'campaign',
      title: c.title,
      href: `/campaigns/${c.id}`,
      detail: `Shared by ${c.shared} of ${c.organisations} organisations`,
      date: c.startDate,
    }));
  }

  async function fieldsOf(data: {
    title: string;
    description?: string;
    startDate?: string | null;
    endDate?: string | null;
    recommendationIds?: string[];
  }): Promise<{ fields: CampaignFields; recommendationIds: string[] }> {
    // Checked again here: a PATCH may change one date and keep the other.
    if (data.startDate && data.endDate && data.endDate < data.startDate)
      throw new ValidationFailed([
        { path: 'endDate', message: 'The end date must be the same as or after the start date' },
      ]);
    const ids = [...new Set(data.recommendationIds ?? [])];
    const found = new Set(await campaigns.recommendationsExist(db, ids));
    const missing = ids.findIndex((id) => !found.has(id));
    if (missing >= 0)
      throw new ValidationFailed([
        { path: `recommendationIds.${missing}`, message: 'Select recommendations from the list' },
      ]);
    return {
      fields: {
        title: data.title,
        description: data.description ?? '',
        startDate: data.startDate ?? null,
        endDate: data.endDate ?? null,
      },
      recommendationIds: ids,
    };
  }

  return {
    visible,

    async list(_actor: Actor, paging: { page: number; pageSize: number }) {
      return campaigns.list(db, paging);
    },

    /** The campaign page: its resources, and every organisation with whether it has shared it yet. */
    async get(actor: Actor, id: string) {
      const campaign = await visible(actor, id);
      const [resources, sharing, shares] = await Promise.all([
        campaigns.resources(db, id),
        campaigns.shareStatus(db, id),
        campaigns.shares(db, id),
      ]);
      return { campaign, resources, sharing, shares };
    },

    recommendationChoices: async (actor: Actor) => {
      mustBeBusinessUnit(actor);
      return campaigns.allRecommendations(db);
    },

    async create(actor: Actor, input: unknown): Promise<Campaign> {
      mustBeBusinessUnit(actor);
      const { fields, recommendationIds } = await fieldsOf(parseOrThrow(CampaignCreateSchema, input));
      const id = await db.transaction(async (tx) => {
        const newId = await campaigns.insert(tx, fields, actor.id);
        await campaigns.setRecommendations(tx, newId, recommendationIds);
        await audit.insert(tx, auditActorOf(actor), {
          event: 'campaign.created',
          subjectType: 'campaign',
          subjectId: newId,
          after: { ...fields, recommendationIds },
        });
        return newId;
      });
      return (await campaigns.find(db, id))!;
    },

    async update(actor: Actor, id: string, input: unknown): Promise<Campaign> {
      const before = await visible(actor, id);
      if (Number((input as { version?: unknown } | null)?.version) !== before.version)
        throw new Conflict(undefined, before);
      mustBeBusinessUnit(actor);
      const data = parseOrThrow(CampaignUpdateSchema, input);
      // A field left out of a PATCH keeps its value; the page form always sends every field.
      const { fields, recommendationIds } = await fieldsOf({
        ...data,
        description: data.description ?? before.description,
        startDate: data.startDate === undefined ? before.startDate : data.startDate,
        endDate: data.endDate === undefined ? before.endDate : data.endDate,
        recommendationIds: data.recommendationIds ?? before.recommendations.map((r) => r.id),
      });
      await db.transaction(async (tx) => {
        if (!(await campaigns.update(tx, id, fields, data.version))) throw new Conflict(undefined, before);
        await campaigns.setRecommendations(tx, id, recommendationIds);
        await audit.insert(tx, auditActorOf(actor), {
          event: 'campaign.updated',
          subjectType: 'campaign',
          subjectId: id,
          before: {
            title: before.title,
            description: before.description,
            startDate: before.startDate,
            endDate: before.endDate,
            recommendationIds: before.recommendations.map((r) => r.id),
          },
          after: { ...fields, recommendationIds },
        });
      });
      return (await campaigns.find(db, id))!;
    },

    async addVideo(actor: Actor, campaignId: string, input: unknown): Promise<CampaignResource> {
      await visible(actor, campaignId);
      mustBeBusinessUnit(actor);
      const data = parseOrThrow(VideoSchema, input);
      const id = await db.transaction(async (tx) => {
        const newId = await campaigns.insertResource(tx, {
          campaignId,
          kind: 'video',
          title: data.title,
          url: data.url,
          createdBy: actor.id,
        });
        await audit.insert(tx, auditActorOf(actor), {
          event: 'campaign.resource-added',
          subjectType: 'campaign',
          subjectId: campaignId,
          after: { resourceId: newId, kind: 'video', ...data },
        });
        return newId;
      });
      return (await campaigns.resource(db, campaignId, id))!;
    },

    async addLeaflet(
      actor: Actor,
      campaignId: string,
      input: unknown,
      file: UploadedFile | undefined,
    ): Promise<CampaignResource> {
      await visible(actor, campaignId);
      mustBeBusinessUnit(actor);
      const data = parseOrThrow(LeafletSchema, input);
      if (!file) throw new ValidationFailed([{ path: 'file', message: 'Choose the leaflet file' }]);
      if (file.content.length > MAX_LEAFLET_BYTES)
        throw new ValidationFailed([{ path: 'file', message: 'The leaflet must be 5 MB or smaller' }]);
      const contentType = await checkedContentType(file.fileName, file.content);
      if (!contentType || !LEAFLET_TYPES.has(contentType))
        throw new ValidationFailed([
          { path: 'file', message: 'The leaflet must be a PDF, a Word document, or a PNG or JPEG image' },
        ]);
      const sha256 = createHash('sha256').update(file.content).digest('hex');
      const fileName = file.fileName.slice(-200);
      const id = await db.transaction(async (tx) => {
        const newId = await campaigns.insertResource(tx, {
          campaignId,
          kind: 'leaflet',
          title: data.title,
          file: { fileName, contentType, content: file.content, sha256 },
          createdBy: actor.id,
        });
        await audit.insert(tx, auditActorOf(actor), {
          event: 'campaign.resource-added',
          subjectType: 'campaign',
          subjectId: campaignId,
          after: {
            resourceId: newId,
            kind: 'leaflet',
            title: data.title,
            fileName,
            contentType,
            sizeBytes: file.content.length,
            sha256,
          },
        });
        return newId;
      });
      return (await campaigns.resource(db, campaignId, id))!;
    },

    async download(actor: Actor, campaignId: string, resourceId: string) {
      await visible(actor, campaignId);
      const file = isUuid(resourceId)
        ? await campaigns.leafletContent(db, campaignId, resourceId)
        : undefined;
      if (!file) throw new NotFound('Leaflet');
      return file;
    },

    /**
     * "We shared this campaign". An organisation lead records it for their own organisation; the
     * business unit may record it for any organisation (it often hears by e-mail).
     */
    async recordShare(actor: Actor, campaignId: string, input: unknown): Promise<CampaignShare> {
      await visible(actor, campaignId);
      if (actor.role !== 'organisation-lead' && actor.role !== 'business-unit')
        throw new Forbidden('Only an organisation’s safeguarding lead or the business unit records sharing');
      const data = parseOrThrow(ShareSchema, input);
      let organisationId = actor.organisationId;
      if (actor.role === 'business-unit') {
        if (!data.organisationId || !(await organisations.find(data.organisationId)))
          throw new ValidationFailed([
            { path: 'organisationId', message: 'Select the organisation that shared it' },
          ]);
        organisationId = data.organisationId;
      } else if (data.organisationId && data.organisationId !== actor.organisationId) {
        throw new Forbidden('You can record sharing for your own organisation only');
      }
      const id = await db.transaction(async (tx) => {
        const newId = await campaigns.insertShare(tx, {
          campaignId,
          organisationId,
          sharedOn: data.sharedOn,
          how: data.how,
          reach: data.reach ?? null,
          recordedBy: actor.id,
        });
        await audit.insert(tx, auditActorOf(actor), {
          event: 'campaign.shared',
          subjectType: 'campaign',
          subjectId: campaignId,
          after: {
            shareId: newId,
            organisationId,
            sharedOn: data.sharedOn,
            how: data.how,
            reach: data.reach ?? null,
          },
        });
        return newId;
      });
      return (await campaigns.share(db, id))!;
    },

    /** Campaigns linked to a recommendation: "Shared by 5 of 12 organisations". */
    async learningEvidence(actor: Actor, recommendationId: string): Promise<LearningEvidence[]> {
      return (await learningEvidenceFor(actor, [recommendationId])).get(recommendationId.toLowerCase()) ?? [];
    },

    learningEvidenceFor,

    today: () => londonToday(),
  };
}
export type CampaignsService = ReturnType<typeof createCampaignsService>;
