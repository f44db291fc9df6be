import { z } from 'zod';
import { londonToday } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import { Forbidden, NotFound } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { parseOrThrow } from '../../platform/http/forms.ts';
import { isUuid } from '../../platform/schema.ts';
import { auditActorOf, type AuditRepository } from '../audit/index.ts';
import { firstDayOf, SAFER_SLEEP_MEASURES, share } from './measures.ts';
import type { RecommendationMeasuresRepository } from './recommendation-measures.repository.ts';
import type { SaferSleepRepository } from './safer-sleep.repository.ts';
import type { Share } from './safer-sleep.types.ts';

type MeasureCode = keyof typeof SAFER_SLEEP_MEASURES;
const CODES = Object.keys(SAFER_SLEEP_MEASURES) as [MeasureCode, ...MeasureCode[]];
const LinkSchema = z.object({
  measures: z.array(z.enum(CODES, { error: 'Select measures from the list' })).default([]),
});

/** How many recent months a recommendation shows for each linked measure. */
const RECENT_MONTHS = 3;

/**
 * Links recommendations to the practice measures that show whether practice changed, and gives
 * each linked measure's partnership-wide figures for the last months (aggregates only).
 */
export function createRecommendationMeasuresService(deps: {
  db: Db;
  links: RecommendationMeasuresRepository;
  saferSleep: SaferSleepRepository;
  audit: AuditRepository;
}) {
  const { db, links, saferSleep, audit } = deps;

  async function recommendationFor(actor: Actor, id: string) {
    const rec = isUuid(id) ? await links.recommendation(db, id) : undefined;
    if (!rec) throw new NotFound('Recommendation');
    if (actor.role !== 'business-unit')
      throw new Forbidden('Only the partnership business unit links recommendations to measures');
    return rec;
  }

  /** Partnership totals per month and measure, most recent first. */
  async function recentFigures(): Promise<{ month: string; figures: Record<MeasureCode, Share> }[]> {
    const counts = await saferSleep.measureCounts(db, firstDayOf(RECENT_MONTHS, londonToday()));
    const months = [...new Set(counts.map((c) => c.month))];
    return months.map((month) => {
      const rows = counts.filter((c) => c.month === month);
      const sum = (f: (c: (typeof rows)[number]) => number) => rows.reduce((n, c) => n + f(c), 0);
      return {
        month,
        figures: {
          'safer-sleep-antenatal': share(
            sum((c) => c.antenatalAssessed),
            sum((c) => c.antenatal),
          ),
          'safer-sleep-postnatal': share(
            sum((c) => c.postnatalAssessed),
            sum((c) => c.postnatal),
          ),
          'safer-sleep-father-advised': share(
            sum((c) => c.fatherOrPartnerAdvised),
            sum((c) => c.assessments),
          ),
        },
      };
    });
  }

  return {
    async choices(actor: Actor, recommendationId: string) {
      const recommendation = await recommendationFor(actor, recommendationId);
      const linked = (await links.links(db, [recommendationId])).map((l) => l.code);
      return { recommendation, linked, measures: SAFER_SLEEP_MEASURES };
    },

    async link(actor: Actor, recommendationId: string, input: unknown) {
      const recommendation = await recommendationFor(actor, recommendationId);
      const { measures } = parseOrThrow(LinkSchema, input);
      const before = (await links.links(db, [recommendationId])).map((l) => l.code);
      const after = [...new Set(measures)].sort();
      await db.transaction(async (tx) => {
        await links.replaceLinks(tx, recommendationId, after, actor.id);
        await audit.insert(tx, auditActorOf(actor), {
          event: 'recommendation.measures-linked',
          subjectType: 'recommendation',
          subjectId: recommendationId,
          before,
          after,
        });
      });
      return { recommendation, linked: after };
    },

    /**
     * Linked measures with their latest figures, by recommendation, for a review page the caller
     * can already see (the figures are aggregates with small numbers hidden).
     */
    async forRecommendations(recommendationIds: string[]) {
      const linked = recommendationIds.length ? await links.links(db, recommendationIds) : [];
      if (!linked.length) return {};
      const recent = await recentFigures();
      const out: Record<
        string,
        { code: string; label: string; months: { month: string; share: Share }[] }[]
      > = {};
      for (const { recommendationId, code } of linked) {
        const c = code as MeasureCode;
        (out[recommendationId] ??= []).push({
          code,
          label: SAFER_SLEEP_MEASURES[c],
          months: recent.map((r) => ({ month: r.month, share: r.figures[c] })),
        });
      }
      return out;
    },
  };
}
export type RecommendationMeasuresService = ReturnType<typeof createRecommendationMeasuresService>;
