import { stringify } from 'csv-stringify/sync';
import { londonToday } from '../../platform/clock.ts';
import { Forbidden, NotFound, ValidationFailed } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { isUuid } from '../../platform/schema.ts';
import { auditActorOf } from '../audit/index.ts';
import { safeText } from '../exports/index.ts';
import { evidenceByRecommendation } from '../learning/index.ts';
import { assertManager, sessionInWords, type TrainingDeps } from './training.service.ts';
import { monthsParam, ORGANISATION_TYPES } from './training.schema.ts';
import type { CoverageItem, LearningEvidence } from './training.types.ts';

/** The first day of the window "the last `months` months" ending today: today less that many months. */
export function windowStart(today: string, months: number): string {
  const d = new Date(`${today}T00:00:00Z`);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d.toISOString().slice(0, 10);
}

export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

/** Coverage reads are for those who oversee the programme: the business unit, board, leads. */
const assertOverseer = (actor: Actor) => {
  if (!['business-unit', 'board-member', 'organisation-lead'].includes(actor.role))
    throw new Forbidden('The business unit, organisation leads and board members see coverage');
};

/** How far a course has reached: by organisation, over time, and as evidence for a recommendation. */
export function createReachService({ db, training, audit, notify }: TrainingDeps) {
  async function courseOf(courseId: string) {
    const course = isUuid(courseId) ? await training.findCourse(db, courseId, londonToday()) : undefined;
    if (!course) throw new NotFound('Course');
    return course;
  }

  /**
   * Courses that teach each recommendation's learning, with their reach in the last 12 months: one
   * query for all of them (a review page asks for every recommendation at once).
   */
  async function learningEvidenceFor(
    _actor: Actor,
    recommendationIds: readonly string[],
  ): Promise<Map<string, LearningEvidence[]>> {
    const ids = recommendationIds.filter(isUuid);
    if (!ids.length) return new Map();
    const today = londonToday();
    const rows = await training.coursesForRecommendations(db, ids, windowStart(today, 12), today);
    const s = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    return evidenceByRecommendation(rows, (r) => ({
      kind: 'training',
      title: r.title,
      href: `/courses/${r.id}`,
      detail: `${s(r.sessions, 'session')}; ${r.people} ${r.people === 1 ? 'person' : 'people'} from ${s(r.organisations, 'organisation')} attended in the last 12 months`,
      date: r.last,
    }));
  }

  const parseMonths = (months: unknown) => {
    const parsed = monthsParam.safeParse(months ?? 12);
    if (!parsed.success)
      throw new ValidationFailed([{ path: 'months', message: parsed.error.issues[0]!.message }]);
    return parsed.data;
  };

  async function coverage(actor: Actor, courseId: string, monthsIn: unknown = 12) {
    const months = parseMonths(monthsIn);
    const course = await courseOf(courseId);
    assertOverseer(actor);
    const today = londonToday();
    const from = windowStart(today, months);
    return { course, months, from, items: await training.coverage(db, course.id, from, today) };
  }

  return {
    coverage,

    /** The coverage list as a CSV file (UTF-8 with a byte-order mark, so Excel reads it). */
    async coverageCsv(actor: Actor, courseId: string, monthsIn: unknown, type?: string) {
      const { course, months, items } = await coverage(actor, courseId, monthsIn);
      const rows = items
        .filter((i) => !type || i.organisationType === type)
        .map((i) => [
          safeText(i.organisationName),
          i.organisationType,
          i.attendees > 0 ? 'Yes' : 'No',
          i.attendees,
          i.lastAttended ?? '',
        ]);
      const csv = stringify(
        [['Organisation', 'Type', 'Reached', 'People attended', 'Last attended'], ...rows],
        {
          record_delimiter: '\r\n',
        },
      );
      return {
        course,
        months,
        body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv, 'utf8')]),
      };
    },

    /** Attendances at the course each month over the last `months` months. */
    async attendanceOverTime(_actor: Actor, courseId: string, months = 12) {
      const course = await courseOf(courseId);
      return training.attendanceByMonth(db, course.id, windowStart(londonToday(), months));
    },

    /**
     * Invites the safeguarding leads of every organisation of `type` that no one from has attended
     * in the window, naming the upcoming sessions. One audit row lists who was invited.
     */
    async inviteUnreached(actor: Actor, courseId: string, input: { type?: unknown; months?: unknown }) {
      const type = (input.type ?? 'gp-practice') as OrganisationType;
      if (!ORGANISATION_TYPES.includes(type))
        throw new ValidationFailed([
          { path: 'type', message: 'Select a kind of organisation from the list' },
        ]);
      const { course, months, items } = await coverage(actor, courseId, input.months);
      assertManager(actor);
      const today = londonToday();
      const upcoming = (await training.sessionsOf(db, course.id)).filter((s) => s.date >= today);
      if (!upcoming.length)
        throw new ValidationFailed([
          { path: 'type', message: 'Add an upcoming session before inviting organisations' },
        ]);
      const unreached = items.filter((i) => i.organisationType === type && i.attendees === 0);
      const result = await db.transaction(async (tx) => {
        const invited: CoverageItem[] = [];
        const noLead: CoverageItem[] = [];
        let people = 0;
        for (const org of unreached) {
          const leads = await training.leadsOf(tx, org.organisationId);
          if (!leads.length) noLead.push(org);
          else invited.push(org);
          for (const userId of leads) {
            people++;
            await notify(tx, {
              userId,
              kind: 'training-invitation',
              subject: `Invitation: ${course.title}`,
              body:
                `No one from ${org.organisationName} has attended ${course.title} in the last ${months} months. ` +
                `Please share these sessions with your staff: ${upcoming.map((s) => sessionInWords(s)).join('; ')}.`,
              link: `/courses/${course.id}`,
            });
          }
        }
        await audit.insert(tx, auditActorOf(actor), {
          event: 'course.unreached-invited',
          subjectType: 'course',
          subjectId: course.id,
          details: {
            organisationType: type,
            months,
            invited: invited.map((o) => o.organisationId),
            withoutLead: noLead.map((o) => o.organisationId),
            leadsNotified: people,
            sessions: upcoming.map((s) => s.id),
          },
        });
        return { invited, noLead, people };
      });
      return result;
    },

    /** Courses that teach a recommendation's learning, with their reach in the last 12 months. */
    async learningEvidence(actor: Actor, recommendationId: string): Promise<LearningEvidence[]> {
      return (await learningEvidenceFor(actor, [recommendationId])).get(recommendationId.toLowerCase()) ?? [];
    },

    learningEvidenceFor,
  };
}
export type ReachService = ReturnType<typeof createReachService>;
