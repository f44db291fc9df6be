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

/**
 * A module that can say what it did for recommendations (briefings, training, forums, campaigns):
 * its evidence keyed by recommendation id (lower-case UUID, as the database writes it), for those of
 * `recommendationIds` it has any for. It answers in a fixed number of queries however many ids it is
 * given: a review page asks for all of the review's recommendations at once.
 */
export type LearningEvidenceSource<A> = (
  actor: A,
  recommendationIds: readonly string[],
) => Promise<Map<string, LearningEvidence[]>>;
