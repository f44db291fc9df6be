/** A briefing is written as a draft by the business unit, then published to chosen organisations. */
export const BRIEFING_STATUSES = ['draft', 'published'] as const;
export type BriefingStatus = (typeof BRIEFING_STATUSES)[number];

/**
 * The sections of a 7-minute briefing, in the order they are read: the widely used shape for
 * spreading a review's learning in a short team meeting. Further reading is the only optional one.
 */
export const SECTIONS = [
  { key: 'background', label: 'Background', hint: 'Why the review was held and what kind of review it was.' },
  {
    key: 'whatHappened',
    label: 'What happened',
    hint: 'A short, anonymised account. No names or dates of birth.',
  },
  { key: 'findings', label: 'Findings', hint: 'What the review found, including its overall conclusion.' },
  { key: 'learning', label: 'Learning', hint: 'The learning points practitioners should take away.' },
  {
    key: 'whatToDoDifferently',
    label: 'What to do differently',
    hint: 'What practitioners and organisations should now do. The review’s recommendations are a good start.',
  },
  {
    key: 'questionsForReflection',
    label: 'Questions for reflection',
    hint: 'Questions a team can discuss together, one on each line.',
  },
  {
    key: 'furtherReading',
    label: 'Further reading',
    hint: 'Optional. Guidance, tools and the published report.',
  },
] as const;
export type SectionKey = (typeof SECTIONS)[number]['key'];
/** Sections a briefing must have before it is published. */
export const REQUIRED_SECTIONS: SectionKey[] = SECTIONS.filter((s) => s.key !== 'furtherReading').map(
  (s) => s.key,
);

export type BriefingSections = Record<SectionKey, string>;

export interface LinkedPoint {
  id: string;
  number: number;
  text: string;
}

/** One organisation a briefing was published to, and how far the briefing reached in it. */
export interface Recipient {
  organisationId: string;
  organisationName: string;
  /** The day the organisation's lead says the briefing was shared with staff; null until confirmed. */
  sharedDate: string | null;
  /** How it was shared (team meeting, e-mail…), as the lead wrote it. */
  sharedHow: string;
  confirmedByName: string | null;
  confirmedAt: Date | null;
  /** Staff of this organisation who said "I have read this briefing". */
  acknowledgements: number;
}

export interface Briefing extends BriefingSections {
  id: string;
  reviewId: string;
  /** The child's anonymised reference on the review (e.g. "Baby T"). */
  reviewRef: string;
  reviewType: string;
  status: BriefingStatus;
  title: string;
  learningPoints: LinkedPoint[];
  recommendations: LinkedPoint[];
  createdByName: string;
  createdAt: Date;
  updatedAt: Date;
  publishedDate: string | null;
  publishedByName: string | null;
  /** The publisher's organisation (the partnership), printed on the PDF. */
  partnershipName: string;
  recipients: Recipient[];
  version: number;
}

export interface BriefingListItem {
  id: string;
  title: string;
  reviewId: string;
  reviewRef: string;
  status: BriefingStatus;
  publishedDate: string | null;
  organisations: number;
  confirmed: number;
  acknowledgements: number;
  updatedAt: Date;
}

/** A briefing as one reader sees it: what they may still do with it. */
export interface BriefingView extends Briefing {
  reach: { organisations: number; confirmed: number; acknowledgements: number };
  acknowledgedByMe: boolean;
  canEdit: boolean;
  /** The reader leads a recipient organisation that has not yet confirmed sharing. */
  canConfirm: boolean;
  canAcknowledge: boolean;
}

/**
 * A published briefing as the public may read it: its title and the text of its sections, and
 * nothing else (no reference to the review, no recipients, no names of who wrote or published it).
 */
export interface PublishedBriefingText {
  id: string;
  /** The review it comes from: the public page shows it only with that review. */
  reviewId: string;
  title: string;
  /** The sections in reading order; an empty optional section (further reading) is left out. */
  sections: { key: SectionKey; heading: string; text: string }[];
}

export type { LearningEvidence } from '../learning/index.ts';
