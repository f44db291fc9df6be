/**
 * Kinds of case review (contract). A serious incident is one record: it starts as a `rapid-review`
 * and becomes an `lcspr` (local child safeguarding practice review) when the decision to hold one
 * is recorded. `scr` is a legacy Serious Case Review (before 2018); `learning-review` is non-statutory.
 */
export const REVIEW_TYPES = ['rapid-review', 'lcspr', 'scr', 'learning-review'] as const;
export type ReviewType = (typeof REVIEW_TYPES)[number];

/** Where a review is in its life, in order. */
export const REVIEW_STATUSES = [
  'notified',
  'rapid-review',
  'decision',
  'local-review',
  'final-report',
  'published',
  'closed',
] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const AGE_BANDS = ['unborn', 'under-1', '1-4', '5-10', '11-15', '16-17'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** What a review records besides recommendations: findings, good practice and learning points. */
export const POINT_KINDS = ['finding', 'good-practice', 'learning-point'] as const;
export type PointKind = (typeof POINT_KINDS)[number];

export interface Person {
  id: string;
  name: string;
}

export interface Review {
  id: string;
  type: ReviewType;
  status: ReviewStatus;
  /** The child's anonymised reference: initials, a code or a pseudonym, never a name. */
  subjectRef: string;
  ageBand: AgeBand | null;
  incidentDate: string;
  /** The date the local authority became aware of the incident. */
  awareDate: string;
  panelNotifiedDate: string | null;
  lcsprDecisionDate: string | null;
  /** Recorded dates that stop the statutory clocks. */
  rapidReviewSentDate: string | null;
  reportSentDate: string | null;
  publishedDate: string | null;
  /** When set, the report-to-Panel clock counts back from this rather than the due date. */
  plannedPublicationDate: string | null;
  summary: string;
  conclusion: string;
  /** What partners did at once, at the rapid review, to keep the child and siblings safe. */
  immediateActions: string;
  /** The National Panel's answer to the rapid review's decision. */
  panelResponse: PanelResponse | null;
  panelResponseDate: string | null;
  panelResponseNote: string;
  /** Whether the final report will be published; not publishing or deferring needs a reason. */
  publicationDecision: PublicationDecision | null;
  publicationReason: string;
  reviewers: Person[];
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface ReviewListItem extends Omit<
  Review,
  'reviewers' | 'summary' | 'conclusion' | 'immediateActions' | 'panelResponseNote' | 'publicationReason'
> {
  openActions: number;
  overdueActions: number;
}

export interface ReviewPoint {
  id: string;
  reviewId: string;
  kind: PointKind;
  number: number;
  text: string;
}

export interface Recommendation {
  id: string;
  reviewId: string;
  number: number;
  text: string;
  learningPointIds: string[];
  /** Whether the learning is embedded: all actions closed is not the same as assured. */
  assuranceStatus: AssuranceStatus;
  assuranceNote: string;
  assuredByName: string | null;
  assuredAt: Date | null;
  actionCount: number;
  openActionCount: number;
  version: number;
  createdAt: Date;
}

export const ASSURANCE_STATUSES = ['open', 'actions-complete', 'assured'] as const;
export type AssuranceStatus = (typeof ASSURANCE_STATUSES)[number];
export const ASSURANCE_LABELS: Record<AssuranceStatus, string> = {
  open: 'Open',
  'actions-complete': 'Actions complete',
  assured: 'Assured: learning embedded',
};

export const STATUS_LABELS: Record<ReviewStatus, string> = {
  notified: 'Notified',
  'rapid-review': 'Rapid review',
  decision: 'Decision',
  'local-review': 'Local review in progress',
  'final-report': 'Final report',
  published: 'Published',
  closed: 'Closed',
};

export const TYPE_LABELS: Record<ReviewType, string> = {
  'rapid-review': 'Rapid review',
  lcspr: 'Local child safeguarding practice review',
  scr: 'Serious case review (legacy)',
  'learning-review': 'Learning review',
};

export const AGE_BAND_LABELS: Record<AgeBand, string> = {
  unborn: 'Unborn',
  'under-1': 'Under 1 year',
  '1-4': '1 to 4 years',
  '5-10': '5 to 10 years',
  '11-15': '11 to 15 years',
  '16-17': '16 or 17 years',
};

export const POINT_LABELS: Record<PointKind, { one: string; many: string }> = {
  finding: { one: 'Finding', many: 'Findings' },
  'good-practice': { one: 'Good practice', many: 'Good practice' },
  'learning-point': { one: 'Learning point', many: 'Learning points' },
};

export const PANEL_RESPONSES = ['agreed', 'disagreed', 'national-review'] as const;
export type PanelResponse = (typeof PANEL_RESPONSES)[number];
export const PANEL_RESPONSE_LABELS: Record<PanelResponse, string> = {
  agreed: 'Agreed with the decision',
  disagreed: 'Disagreed with the decision',
  'national-review': 'Took the case for a national review',
};

/** Publication can be withheld, or deferred (for example during criminal proceedings or an inquest). */
export const PUBLICATION_DECISIONS = ['publish', 'do-not-publish', 'defer'] as const;
export type PublicationDecision = (typeof PUBLICATION_DECISIONS)[number];
export const PUBLICATION_LABELS: Record<PublicationDecision, string> = {
  publish: 'Publish',
  'do-not-publish': 'Do not publish',
  defer: 'Defer publication',
};
