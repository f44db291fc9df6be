import { z } from 'zod';
import { londonToday } from '../../platform/clock.ts';
import type { Db, Queryable } from '../../platform/db/index.ts';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { parseOrThrow } from '../../platform/http/forms.ts';
import { isUuid } from '../../platform/schema.ts';
import { auditActorOf } from '../audit/index.ts';
import { ScenarioInput, SessionCancelInput, SessionInput } from './training.schema.ts';
import type { TrainingRepository } from './training.repository.ts';
import { assertManager, loadSession, sessionInWords, type TrainingDeps } from './training.service.ts';
import type { TrainingSession } from './training.types.ts';

type ScenarioData = z.output<typeof ScenarioInput>;
type SessionData = z.output<typeof SessionInput>;

/**
 * The review and library review a scenario links to, checked. Its learning points must come from
 * its review; with no review chosen, the review is the one the chosen learning points belong to.
 */
export async function scenarioLinks(db: Db, training: TrainingRepository, data: ScenarioData) {
  const choices = await training.pointChoices(db);
  const chosen = data.learningPointIds.map((id) => choices.find((c) => c.id === id));
  if (chosen.some((c) => !c))
    throw new ValidationFailed([
      { path: 'learningPointIds', message: 'Select learning points from the list' },
    ]);
  const reviews = new Set(chosen.map((c) => c!.reviewId));
  let reviewId = data.reviewId ?? null;
  if (reviewId && !(await training.reviewExists(db, reviewId)))
    throw new ValidationFailed([{ path: 'reviewId', message: 'Select a review from the list' }]);
  if (!reviewId && reviews.size === 1) reviewId = [...reviews][0]!;
  if (reviews.size > 1 || (reviewId && reviews.size === 1 && !reviews.has(reviewId)))
    throw new ValidationFailed([
      { path: 'learningPointIds', message: 'Select learning points from the scenario’s review only' },
    ]);
  const libraryReviewId = data.libraryReviewId ?? null;
  if (libraryReviewId && !(await training.libraryReviewExists(db, libraryReviewId)))
    throw new ValidationFailed([
      { path: 'libraryReviewId', message: 'Select a review from the library list' },
    ]);
  return { reviewId, libraryReviewId };
}

/**
 * A session's fields that depend on each other: times in order, a venue or a link to join, and a
 * date that has not passed.
 */
export function checkSessionFields(data: SessionData) {
  const errors = [];
  if (data.date < londonToday())
    errors.push({ path: 'date', message: 'The date of the session must be today or in the future' });
  if (data.endTime <= data.startTime)
    errors.push({ path: 'endTime', message: 'The end time must be after the start time' });
  if (data.mode === 'in-person' && !data.venue) errors.push({ path: 'venue', message: 'Enter the venue' });
  if (data.mode === 'online' && !/^https:\/\/\S+$/.test(data.onlineLink))
    errors.push({ path: 'onlineLink', message: 'Enter the link to join, starting https://' });
  if (errors.length) throw new ValidationFailed(errors);
  return {
    ...data,
    venue: data.mode === 'in-person' ? data.venue : '',
    onlineLink: data.mode === 'online' ? data.onlineLink : '',
  };
}

const versionOf = (input: unknown) => Number((input as { version?: unknown } | null)?.version);

/** Changing and removing case scenarios; changing and cancelling whole sessions. */
export function createTrainingChanges({ db, training, audit, notify }: TrainingDeps) {
  const tell = (tx: Queryable, userId: string, s: TrainingSession, subject: string, body: string) =>
    notify(tx, { userId, kind: 'training-booking', subject, body, link: `/training-sessions/${s.id}` });

  /**
   * The session to change or cancel. A stale version (when one is given) is a Conflict before any
   * other rule, so a person working from an old copy sees the session as it is now.
   */
  async function liveSession(actor: Actor, id: string, input?: unknown) {
    const s = await loadSession(db, training, id);
    assertManager(actor);
    if (input !== undefined && versionOf(input) !== s.version) throw new Conflict(undefined, s);
    assertNotCancelled(s);
    return s;
  }
  function assertNotCancelled(s: { cancelled: boolean }) {
    if (s.cancelled) throw new Forbidden('This session is cancelled, so it cannot be changed');
  }
  /** A session that has taken place, or whose attendance is recorded, keeps its record. */
  async function assertRecordOpen(q: Queryable, s: TrainingSession) {
    if (s.date < londonToday())
      throw new ValidationFailed([
        {
          path: 'date',
          message: 'This session has already taken place, so it cannot be changed: the record stands',
        },
      ]);
    if ((await training.countAttendanceRecorded(q, s.id)) > 0)
      throw new ValidationFailed([
        {
          path: 'date',
          message:
            'Attendance has been recorded for this session, so it cannot be changed: the record stands',
        },
      ]);
  }

  async function scenarioRef(courseId: string, scenarioId: string) {
    const ref = isUuid(scenarioId) ? await training.findScenarioRef(db, scenarioId) : undefined;
    if (!ref || ref.courseId !== courseId) throw new NotFound('Case scenario');
    return ref;
  }
  const scenarioOf = async (courseId: string, id: string, q: Queryable = db) =>
    (await training.scenarios(q, courseId)).find((s) => s.id === id);

  return {
    /** Reviews from the library of other areas' reviews, for the scenario form. */
    libraryChoices: () => training.libraryChoices(db),

    /** A scenario of a course, for its change form; 404 when it is not the course's. */
    async scenario(actor: Actor, courseId: string, scenarioId: string) {
      if (!isUuid(courseId)) throw new NotFound('Case scenario');
      await scenarioRef(courseId, scenarioId);
      return (await scenarioOf(courseId, scenarioId))!;
    },

    /** Saves a changed scenario; a stale version is a Conflict carrying the scenario as it is now. */
    async updateScenario(actor: Actor, courseId: string, scenarioId: string, input: unknown) {
      const ref = await scenarioRef(courseId, scenarioId);
      assertManager(actor);
      if (versionOf(input) !== ref.version) throw new Conflict(undefined, await scenarioOf(courseId, ref.id));
      const data = parseOrThrow(ScenarioInput, input);
      const links = await scenarioLinks(db, training, data);
      const before = (await scenarioOf(courseId, ref.id))!;
      await db.transaction(async (tx) => {
        if (!(await training.updateScenario(tx, ref.id, ref.version, { ...data, ...links })))
          throw new Conflict(undefined, await scenarioOf(courseId, ref.id, tx));
        await audit.insert(tx, auditActorOf(actor), {
          event: 'course.scenario-updated',
          subjectType: 'course',
          subjectId: courseId,
          before: {
            scenarioId: ref.id,
            title: before.title,
            scenario: before.scenario,
            reviewId: before.reviewId,
          },
          after: { scenarioId: ref.id, title: data.title, scenario: data.scenario, ...links },
        });
      });
      return (await scenarioOf(courseId, ref.id))!;
    },

    /** Removes a scenario; the later ones move up a number (see deleteScenario for why). */
    async removeScenario(actor: Actor, courseId: string, scenarioId: string) {
      const ref = await scenarioRef(courseId, scenarioId);
      assertManager(actor);
      const before = (await scenarioOf(courseId, ref.id))!;
      await db.transaction(async (tx) => {
        if (!(await training.deleteScenario(tx, ref))) throw new NotFound('Case scenario');
        await audit.insert(tx, auditActorOf(actor), {
          event: 'course.scenario-removed',
          subjectType: 'course',
          subjectId: courseId,
          before: {
            scenarioId: ref.id,
            number: before.number,
            title: before.title,
            scenario: before.scenario,
            reviewId: before.reviewId,
            libraryReviewId: before.libraryReviewId,
            learningPointIds: before.learningPoints.map((p) => p.id),
          },
        });
      });
      return before;
    },

    /**
     * Saves a changed session. Places may not go below the number booked; more places go to the
     * waiting list in order, under the session's lock (as a cancelled booking does). People with a
     * place or waiting are told when the date, time or place changes.
     */
    async updateSession(actor: Actor, sessionId: string, input: unknown) {
      const s = await liveSession(actor, sessionId, input ?? {});
      await assertRecordOpen(db, s);
      const data = checkSessionFields(parseOrThrow(SessionInput, input));
      await db.transaction(async (tx) => {
        await training.lockSession(tx, s.id);
        // Decided again on the row as it is under the lock: it may have been changed, cancelled or
        // had attendance recorded since it was read.
        const fresh = await training.findSession(tx, s.id);
        if (!fresh) throw new NotFound('Session');
        if (fresh.version !== s.version) throw new Conflict(undefined, fresh);
        assertNotCancelled(fresh);
        await assertRecordOpen(tx, fresh);
        const booked = await training.countBooked(tx, s.id);
        if (data.capacity < booked)
          throw new ValidationFailed([
            {
              path: 'capacity',
              message: `The number of places cannot be fewer than the ${booked} ${booked === 1 ? 'person' : 'people'} booked`,
            },
          ]);
        if (!(await training.updateSession(tx, s.id, s.version, data)))
          throw new Conflict(undefined, await training.findSession(tx, s.id));
        const now = (await training.findSession(tx, s.id))!;
        const fields = ['date', 'startTime', 'endTime', 'mode', 'venue', 'onlineLink'] as const;
        await audit.insert(tx, auditActorOf(actor), {
          event: 'training-session.updated',
          subjectType: 'training-session',
          subjectId: s.id,
          before: {
            ...Object.fromEntries(fields.map((k) => [k, s[k]])),
            capacity: s.capacity,
            facilitator: s.facilitator,
          },
          after: data,
        });
        const moved = fields.some((k) => s[k] !== data[k]);
        if (moved)
          for (const b of await training.bookings(tx, s.id))
            await tell(
              tx,
              b.userId,
              now,
              `Changed: ${s.courseTitle}`,
              `The session you are ${b.status === 'booked' ? 'booked on' : 'waiting for'} has changed. It is now ${sessionInWords(now)}.`,
            );
        for (let n = booked; n < data.capacity; n++) {
          const next = await training.promoteFirstWaiting(tx, s.id);
          if (!next) break;
          await audit.insert(tx, auditActorOf(actor), {
            event: 'training-booking.promoted',
            subjectType: 'training-session',
            subjectId: s.id,
            after: { bookingId: next.id, userId: next.userId, status: 'booked' },
          });
          await tell(
            tx,
            next.userId,
            now,
            `Your place on ${s.courseTitle}`,
            `More places were added and you were next on the waiting list. You have a place on ${sessionInWords(now)}.`,
          );
        }
      });
      return loadSession(db, training, s.id);
    },

    /** Whether a session can be called off: not once attendance is recorded, not twice. */
    async cancellation(actor: Actor, sessionId: string) {
      const s = await liveSession(actor, sessionId);
      return { session: s, attendanceRecorded: (await training.countAttendanceRecorded(db, s.id)) > 0 };
    },

    /**
     * Calls off a whole session with a reason: every place and waiting-list place is given up and
     * each person told. Refused once attendance is recorded, since the record stands.
     */
    async cancelSession(actor: Actor, sessionId: string, input: unknown) {
      // A version is optional here; when given, a stale one is a Conflict.
      const given = (input as { version?: unknown } | null)?.version;
      const s = await liveSession(actor, sessionId, given === undefined || given === '' ? undefined : input);
      const { reason } = parseOrThrow(SessionCancelInput, input);
      await db.transaction(async (tx) => {
        await training.lockSession(tx, s.id);
        const fresh = await training.findSession(tx, s.id);
        if (!fresh) throw new NotFound('Session');
        assertNotCancelled(fresh);
        if ((await training.countAttendanceRecorded(tx, s.id)) > 0)
          throw new ValidationFailed([
            {
              path: 'reason',
              message: 'Attendance has been recorded for this session, so it cannot be cancelled',
            },
          ]);
        const people = await training.bookings(tx, s.id);
        await training.markSessionCancelled(tx, s.id, actor.id, reason);
        await training.cancelAllBookings(tx, s.id);
        await audit.insert(tx, auditActorOf(actor), {
          event: 'training-session.cancelled',
          subjectType: 'training-session',
          subjectId: s.id,
          before: { bookings: people.map((b) => ({ bookingId: b.id, userId: b.userId, status: b.status })) },
          details: { reason },
        });
        for (const b of people)
          await tell(
            tx,
            b.userId,
            s,
            `Cancelled: ${s.courseTitle}`,
            `${sessionInWords(s)} is cancelled, so your ${b.status === 'booked' ? 'place' : 'place on the waiting list'} is cancelled too. The reason given: ${reason}`,
          );
      });
      return loadSession(db, training, s.id);
    },
  };
}
