/** One thing done to spread a recommendation's learning, shown on the recommendation (issue 6). */
export interface LearningEvidence {
  kind: 'briefing' | 'training' | 'forum' | 'campaign';
  title: string;
  /** The page that shows it. */
  href: string;
  /** Its reach in words, e.g. "Shared by 5 of 10 organisations; 13 staff have read it". */
  detail: string;
  /** 'YYYY-MM-DD': when it happened or was published, if it has one day. */
  date: string | null;
}

/** A module that can say what it did for a recommendation (briefings, training, forums, campaigns). */
export type LearningEvidenceSource<A> = (actor: A, recommendationId: string) => Promise<LearningEvidence[]>;
