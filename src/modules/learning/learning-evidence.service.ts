import type { Actor } from '../../platform/http/current-user.ts';
import type { LearningEvidence, LearningEvidenceSource } from './learning.types.ts';

const KIND_ORDER: LearningEvidence['kind'][] = ['briefing', 'training', 'forum', 'campaign'];

/** A source's rows grouped by recommendation, keeping the order the rows came in. */
export function evidenceByRecommendation<R extends { recommendationId: string }>(
  rows: readonly R[],
  toEvidence: (row: R) => LearningEvidence,
): Map<string, LearningEvidence[]> {
  const out = new Map<string, LearningEvidence[]>();
  for (const row of rows) {
    const list = out.get(row.recommendationId) ?? [];
    list.push(toEvidence(row));
    out.set(row.recommendationId, list);
  }
  return out;
}

/**
 * What has been done to spread each recommendation's learning, gathered from the modules that do
 * it. Each source applies its own access rules for the actor, and reads all the recommendations
 * asked for at once, so a review page costs the same number of queries whatever its length.
 */
export function createLearningEvidenceService(deps: { sources: LearningEvidenceSource<Actor>[] }) {
  async function forRecommendations(
    actor: Actor,
    recommendationIds: readonly string[],
  ): Promise<Record<string, LearningEvidence[]>> {
    const bySource = await Promise.all(deps.sources.map((source) => source(actor, recommendationIds)));
    return Object.fromEntries(
      recommendationIds.map((id) => {
        const found = bySource.flatMap((evidence) => evidence.get(id.toLowerCase()) ?? []);
        // Briefings first, then training, forums and campaigns; the newest first within each.
        found.sort(
          (a, b) =>
            KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
            (b.date ?? '').localeCompare(a.date ?? ''),
        );
        return [id, found];
      }),
    );
  }

  return {
    async forRecommendation(actor: Actor, recommendationId: string): Promise<LearningEvidence[]> {
      return (await forRecommendations(actor, [recommendationId]))[recommendationId]!;
    },
    forRecommendations,
  };
}
export type LearningEvidenceService = ReturnType<typeof createLearningEvidenceService>;
