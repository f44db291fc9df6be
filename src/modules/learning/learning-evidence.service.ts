import type { Actor } from '../../platform/http/current-user.ts';
import type { LearningEvidence, LearningEvidenceSource } from './learning.types.ts';

const KIND_ORDER: LearningEvidence['kind'][] = ['briefing', 'training', 'forum', 'campaign'];

/**
 * What has been done to spread each recommendation's learning, gathered from the modules that do
 * it. Each source applies its own access rules for the actor.
 */
export function createLearningEvidenceService(deps: { sources: LearningEvidenceSource<Actor>[] }) {
  async function forRecommendation(actor: Actor, recommendationId: string): Promise<LearningEvidence[]> {
    const found = (await Promise.all(deps.sources.map((source) => source(actor, recommendationId)))).flat();
    // Briefings first, then training, forums and campaigns; the newest first within each.
    return found.sort(
      (a, b) =>
        KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || (b.date ?? '').localeCompare(a.date ?? ''),
    );
  }

  return {
    forRecommendation,
    async forRecommendations(
      actor: Actor,
      recommendationIds: readonly string[],
    ): Promise<Record<string, LearningEvidence[]>> {
      const lists = await Promise.all(recommendationIds.map((id) => forRecommendation(actor, id)));
      return Object.fromEntries(recommendationIds.map((id, i) => [id, lists[i]!]));
    },
  };
}
export type LearningEvidenceService = ReturnType<typeof createLearningEvidenceService>;
