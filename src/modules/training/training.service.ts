import { londonToday } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import { Conflict, Forbidden, NotFound } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { parseOrThrow } from '../../platform/http/forms.ts';
import { isUuid } from '../../platform/schema.ts';
import { auditActorOf, type AuditRepository } from '../audit/index.ts';
import type { NotificationsService } from '../notifications/index.ts';
import { createBookingRules } from './bookings.service.ts';
import { checkSessionFields, createTrainingChanges, scenarioLinks } from './training-changes.service.ts';
import { CourseInput, ScenarioInput, SessionInput } from './training.schema.ts';
import type { TrainingRepository } from './training.repository.ts';
import type { Booking, TrainingSession } from './training.types.ts';

export interface TrainingDeps {
  db: Db;
  training: TrainingRepository;
  audit: AuditRepository;
  notify: NotificationsService['notify'];
}

/** Only the partnership business unit runs the programme. */
export const assertManager = (actor: Actor) => {
  if (actor.role !== 'business-unit')
    throw new Forbidden('Only the partnership business unit manages training');
};

export const canBook = (actor: Actor) => actor.role === 'practitioner' || actor.role === 'organisation-lead';

/** Who may see (and cancel) a booking: the person, a lead of their organisation, the business unit. */
export const seesBooking = (actor: Actor, b: Pick<Booking, 'userId' | 'organisationId'>) =>
  actor.role === 'business-unit' ||
  actor.role === 'board-member' ||
  b.userId === actor.id ||
  (actor.role === 'organisation-lead' && b.organisationId === actor.organisationId);

export function sessionInWords(s: Pick<TrainingSession, 'courseTitle' | 'date' | 'startTime'>) {
  const date = new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${s.date}T00:00:00Z`));
  return `${s.courseTitle} on ${date} at ${s.startTime}`;
}
/** A session by id with its places left and whether it is past; 404 when there is none. */
export async function loadSession(db: Db, training: TrainingRepository, id: string) {
  const found = isUuid(id) ? await training.findSession(db, id) : undefined;
  if (!found) throw new NotFound('Session');
  return { ...found, placesLeft: placesLeft(found), past: found.date < londonToday() };
}

export const placesLeft = (s: TrainingSession) => Math.max(0, s.capacity - s.booked);

/** The programme: courses, their scenarios and sessions (managed by the business unit), and bookings. */
export function createTrainingService(deps: TrainingDeps) {
  const { db, training, audit } = deps;
  async function course(id: string) {
    const found = isUuid(id) ? await training.findCourse(db, id, londonToday()) : undefined;
    if (!found) throw new NotFound('Course');
    return found;
  }
  const session = (id: string) => loadSession(db, training, id);

  return {
    async courses(_actor: Actor, paging = { page: 1, pageSize: 50 }) {
      return { ...(await training.listCourses(db, londonToday(), paging)), ...paging };
    },

    /** A course with its scenarios and sessions. Every signed-in user may read the programme. */
    async course(actor: Actor, id: string) {
      const found = await course(id);
      const today = londonToday();
      // The link to join goes only to someone with a place, and to the business unit that runs it.
      const placed = new Set(
        actor.role === 'business-unit'
          ? []
          : (await training.bookingsOfUser(db, actor.id))
              .filter((b) => b.status === 'booked')
              .map((b) => b.sessionId),
      );
      const sessions = (await training.sessionsOf(db, found.id)).map((s) => ({
        ...s,
        onlineLink: actor.role === 'business-unit' || placed.has(s.id) ? s.onlineLink : null,
        placesLeft: placesLeft(s),
        past: s.date < today,
      }));
      return { course: found, scenarios: await training.scenarios(db, found.id), sessions };
    },

    async createCourse(actor: Actor, input: unknown) {
      assertManager(actor);
      const data = parseOrThrow(CourseInput, input);
      const id = await db.transaction(async (tx) => {
        const newId = await training.insertCourse(tx, { ...data, createdBy: actor.id });
        await audit.insert(tx, auditActorOf(actor), {
          event: 'course.created',
          subjectType: 'course',
          subjectId: newId,
          after: data,
        });
        return newId;
      });
      return course(id);
    },

    async updateCourse(actor: Actor, id: string, input: unknown) {
      const before = await course(id);
      assertManager(actor);
      // The current course goes with the conflict, so the form shows what changed and takes its version.
      if (Number((input as { version?: unknown } | null)?.version) !== before.version)
        throw new Conflict(undefined, before);
      const data = parseOrThrow(CourseInput, input);
      await db.transaction(async (tx) => {
        if (!(await training.updateCourse(tx, id, before.version, data)))
          throw new Conflict(undefined, await training.findCourse(tx, id, londonToday()));
        await audit.insert(tx, auditActorOf(actor), {
          event: 'course.updated',
          subjectType: 'course',
          subjectId: id,
          before: { title: before.title, summary: before.summary, audience: before.audience },
          after: data,
        });
      });
      return course(id);
    },

    /** The learning points a scenario may draw on, grouped by review. */
    pointChoices: () => training.pointChoices(db),

    /**
     * Adds a case scenario, with its review, learning points and library review checked
     * (scenarioLinks says how).
     */
    async addScenario(actor: Actor, courseId: string, input: unknown) {
      await course(courseId);
      assertManager(actor);
      const data = parseOrThrow(ScenarioInput, input);
      const links = await scenarioLinks(db, training, data);
      const id = await db.transaction(async (tx) => {
        const newId = await training.insertScenario(tx, { ...data, courseId, ...links });
        await audit.insert(tx, auditActorOf(actor), {
          event: 'course.scenario-added',
          subjectType: 'course',
          subjectId: courseId,
          after: { scenarioId: newId, title: data.title, ...links, learningPointIds: data.learningPointIds },
        });
        return newId;
      });
      return (await training.scenarios(db, courseId)).find((s) => s.id === id)!;
    },

    async addSession(actor: Actor, courseId: string, input: unknown) {
      await course(courseId);
      assertManager(actor);
      const data = checkSessionFields(parseOrThrow(SessionInput, input));
      const id = await db.transaction(async (tx) => {
        const newId = await training.insertSession(tx, {
          ...data,
          courseId,
          createdBy: actor.id,
        });
        await audit.insert(tx, auditActorOf(actor), {
          event: 'training-session.created',
          subjectType: 'training-session',
          subjectId: newId,
          after: { courseId, ...data },
        });
        return newId;
      });
      return session(id);
    },
    ...createBookingRules(deps),
    ...createTrainingChanges(deps),
  };
}
export type TrainingService = ReturnType<typeof createTrainingService>;
