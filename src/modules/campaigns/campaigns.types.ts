/** An awareness campaign (e.g. "Safer sleep and alcohol") grouping resources partners share. */
export interface Campaign {
  id: string;
  title: string;
  description: string;
  startDate: string | null;
  endDate: string | null;
  /** Recommendations whose learning the campaign spreads. */
  recommendations: CampaignRecommendation[];
  resourceCount: number;
  /** Organisations that have shared it at least once. */
  organisationsShared: number;
  version: number;
}

export interface CampaignRecommendation {
  id: string;
  reviewId: string;
  subjectRef: string;
  number: number;
  text: string;
}

export const RESOURCE_KINDS = ['video', 'leaflet'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];
export const RESOURCE_KIND_LABELS: Record<ResourceKind, string> = { video: 'Video', leaflet: 'Leaflet' };

/** A resource: a video by link (https only), or a leaflet file kept in the database. */
export interface CampaignResource {
  id: string;
  campaignId: string;
  kind: ResourceKind;
  title: string;
  url: string | null;
  fileName: string | null;
  contentType: string | null;
  sizeBytes: number | null;
  createdAt: Date;
}

/** "We shared this campaign": when, how and (optionally) how many people it reached. */
export interface CampaignShare {
  id: string;
  campaignId: string;
  organisationId: string;
  organisationName: string;
  sharedOn: string;
  how: string;
  reach: number | null;
  recordedByName: string;
}

/** Each organisation of the partnership, shared or not yet. */
export interface ShareStatus {
  organisationId: string;
  organisationName: string;
  organisationType: string;
  lastSharedOn: string | null;
  times: number;
  reach: number | null;
}

export type { LearningEvidence } from '../learning/index.ts';
