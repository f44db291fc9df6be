import { stringify } from 'csv-stringify/sync';
import { londonToday } from '../../platform/clock.ts';
import type { Db, Queryable } from '../../platform/db/index.ts';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { parseOrThrow } from '../../platform/http/forms.ts';
import { isUuid } from '../../platform/schema.ts';
import { auditActorOf, type AuditRepository } from '../audit/index.ts';
import type { NotificationsService } from '../notifications/index.ts';
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

const placesLeft = (s: TrainingSession) => Math.max(0, s.capacity - s.booked);

export function sessionInWords(s: Pick<TrainingSession, 'courseTitle' | 'date' | 'startTime'>) {
  const date = new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${s.date}T00:00:00Z`));
  return `${s.courseTitle} on ${date} at ${s.startTime}`;
}

export function createTrainingService({ db, training, audit, notify }: TrainingDeps) {
  async function course(id: string) {
    const found = isUuid(id) ? await training.findCourse(db, id, londonToday()) : undefined;
    if (!found) throw new NotFound('Course');
    return found;
  }
  async function session(id: string) {
    const found = isUuid(id) ? await training.findSession(db, id) : undefined;
    if (!found) throw new NotFound('Session');
    return { ...found, placesLeft: placesLeft(found), past: found.date < londonToday() };
  }

  /** Tells someone their place is confirmed (booked for them, or given from the waiting list). */
  async function tellPlace(tx: Queryable, b: Booking, s: TrainingSession, why: string) {
    await notify(tx, {
      userId: b.userId,
      kind: 'training-booking',
      subject: `Your place on ${s.courseTitle}`,
      body: `${why} You have a place on ${sessionInWords(s)}.`,
      link: `/training-sessions/${s.id}`,
    });
  }

  return {
    async courses(_actor: Actor, paging = { page: 1, pageSize: 50 }) {
      return { ...(await training.listCourses(db, londonToday(), paging)), ...paging };
    },

    /** A course with its scenarios and sessions. Every signed-in user may read the programme. */
    async course(_actor: Actor, id: string) {
      const found = await course(id);
      const today = londonToday();
      const sessions = (await training.sessionsOf(db, found.id)).map((s) => ({
        ...s,
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
      if (Number((input as { version?: unknown } | null)?.version) !== before.version) throw new Conflict();
      assertManager(actor);
      const data = parseOrThrow(CourseInput, input);
      await db.transaction(async (tx) => {
        if (!(await training.updateCourse(tx, id, before.version, data))) throw new Conflict();
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
     * Adds a case scenario. Its learning points must come from its review; with no review chosen,
     * the review is the one the chosen learning points belong to.
     */
    async addScenario(actor: Actor, courseId: string, input: unknown) {
      await course(courseId);
      assertManager(actor);
      const data = parseOrThrow(ScenarioInput, input);
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
      const id = await db.transaction(async (tx) => {
        const newId = await training.insertScenario(tx, { ...data, courseId, reviewId });
        await audit.insert(tx, auditActorOf(actor), {
          event: 'course.scenario-added',
          subjectType: 'course',
          subjectId: courseId,
          after: { scenarioId: newId, title: data.title, reviewId, learningPointIds: data.learningPointIds },
        });
        return newId;
      });
      return (await training.scenarios(db, courseId)).find((s) => s.id === id)!;
    },

    async addSession(actor: Actor, courseId: string, input: unknown) {
      await course(courseId);
      assertManager(actor);
      const data = parseOrThrow(SessionInput, input);
      const errors = [];
      if (data.endTime <= data.startTime)
        errors.push({ path: 'endTime', message: 'The end time must be after the start time' });
      if (data.mode === 'in-person' && !data.venue)
        errors.push({ path: 'venue', message: 'Enter the venue' });
      if (data.mode === 'online' && !/^https:\/\/\S+$/.test(data.onlineLink))
        errors.push({ path: 'onlineLink', message: 'Enter the link to join, starting https://' });
      if (errors.length) throw new ValidationFailed(errors);
      const id = await db.transaction(async (tx) => {
        const newId = await training.insertSession(tx, {
          ...data,
          venue: data.mode === 'in-person' ? data.venue : '',
          onlineLink: data.mode === 'online' ? data.onlineLink : '',
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

    /**
     * A session with the bookings the actor may see: the business unit and board members see all;
     * a lead sees their organisation's; anyone else their own.
     */
    async session(actor: Actor, id: string) {
      const found = await session(id);
      const all = await training.bookings(db, found.id);
      const visible = all.filter((b) => seesBooking(actor, b));
      const staff =
        actor.role === 'organisation-lead' && !found.past
          ? (await training.staffOf(db, actor.organisationId)).filter(
              (u) => !all.some((b) => b.userId === u.id),
            )
          : [];
      return {
        session: found,
        bookings: visible.filter((b) => b.status === 'booked'),
        waitingList: visible.filter((b) => b.status === 'waiting'),
        own: all.find((b) => b.userId === actor.id),
        staff,
        feedback: await training.feedback(db, found.id),
      };
    },

    /**
     * Books the actor (or, for an organisation lead, a member of their staff) onto a session. When
     * it is full the booking joins the waiting list. The session row is locked for the count.
     */
    async book(actor: Actor, sessionId: string, input: { userId?: string } = {}) {
      const s = await session(sessionId);
      if (!canBook(actor)) throw new Forbidden('Only practitioners and organisation leads book training');
      const forId = input.userId || actor.id;
      let person = { id: actor.id, organisationId: actor.organisationId, name: actor.name };
      if (forId !== actor.id) {
        const other = isUuid(forId) ? await training.findUser(db, forId) : undefined;
        if (
          actor.role !== 'organisation-lead' ||
          !other ||
          !other.active ||
          other.organisationId !== actor.organisationId ||
          !['practitioner', 'organisation-lead'].includes(other.role)
        )
          throw new ValidationFailed([
            { path: 'userId', message: 'Select a member of your organisation’s staff' },
          ]);
        person = other;
      }
      if (s.past)
        throw new ValidationFailed([{ path: 'userId', message: 'This session has already taken place' }]);
      if (await training.liveBookingOf(db, sessionId, person.id))
        throw new ValidationFailed([
          {
            path: 'userId',
            message: `${forId === actor.id ? 'You are' : `${person.name} is`} already booked or waiting for this session`,
          },
        ]);
      const id = await db.transaction(async (tx) => {
        await training.lockSession(tx, sessionId);
        const full = (await training.countBooked(tx, sessionId)) >= s.capacity;
        const status = full ? 'waiting' : 'booked';
        const newId = await training.insertBooking(tx, {
          sessionId,
          userId: person.id,
          organisationId: person.organisationId,
          bookedBy: actor.id,
          status,
        });
        await audit.insert(tx, auditActorOf(actor), {
          event: full ? 'training-booking.waiting-listed' : 'training-booking.booked',
          subjectType: 'training-session',
          subjectId: sessionId,
          after: { bookingId: newId, userId: person.id, organisationId: person.organisationId, status },
        });
        if (person.id !== actor.id && !full)
          await tellPlace(
            tx,
            (await training.findBooking(tx, newId))!,
            s,
            `${actor.name} booked you a place.`,
          );
        return newId;
      });
      return (await training.findBooking(db, id))!;
    },

    /** Cancels a booking or waiting-list place; a freed place goes to the first on the waiting list. */
    async cancel(actor: Actor, sessionId: string, bookingId: string) {
      const s = await session(sessionId);
      const b = isUuid(bookingId) ? await training.findBooking(db, bookingId) : undefined;
      if (!b || b.sessionId !== s.id || b.status === 'cancelled' || !seesBooking(actor, b))
        throw new NotFound('Booking');
      if (actor.role === 'board-member')
        throw new Forbidden('Board members read the programme but change nothing');
      if (s.past)
        throw new ValidationFailed([{ path: 'booking', message: 'This session has already taken place' }]);
      const promoted = await db.transaction(async (tx) => {
        await training.lockSession(tx, sessionId);
        await training.cancelBooking(tx, b.id);
        await audit.insert(tx, auditActorOf(actor), {
          event: 'training-booking.cancelled',
          subjectType: 'training-session',
          subjectId: sessionId,
          before: { bookingId: b.id, userId: b.userId, status: b.status },
        });
        if (b.status !== 'booked' || (await training.countBooked(tx, sessionId)) >= s.capacity)
          return undefined;
        const next = await training.promoteFirstWaiting(tx, sessionId);
        if (!next) return undefined;
        await audit.insert(tx, auditActorOf(actor), {
          event: 'training-booking.promoted',
          subjectType: 'training-session',
          subjectId: sessionId,
          after: { bookingId: next.id, userId: next.userId, status: 'booked' },
        });
        await tellPlace(tx, next, s, 'A place has come free and you were first on the waiting list.');
        return next;
      });
      return { cancelled: (await training.findBooking(db, b.id))!, promoted };
    },

    /** Records who attended and who did not, for a session that has started. */
    async recordAttendance(actor: Actor, sessionId: string, marks: Record<string, string>) {
      const s = await session(sessionId);
      assertManager(actor);
      if (s.date > londonToday())
        throw new ValidationFailed([
          { path: 'attendance', message: 'Record attendance on or after the day of the session' },
        ]);
      const booked = (await training.bookings(db, sessionId)).filter((b) => b.status === 'booked');
      const changes = booked
        .map((b) => ({ b, mark: marks[b.id] }))
        .filter(
          (c): c is { b: Booking; mark: 'attended' | 'did-not-attend' } =>
            c.mark === 'attended' || c.mark === 'did-not-attend',
        );
      if (!changes.length)
        throw new ValidationFailed([
          { path: 'attendance', message: 'Select attended or did not attend for at least one person' },
        ]);
      await db.transaction(async (tx) => {
        for (const { b, mark } of changes) await training.recordAttendance(tx, b.id, mark);
        await audit.insert(tx, auditActorOf(actor), {
          event: 'training-session.attendance-recorded',
          subjectType: 'training-session',
          subjectId: sessionId,
          details: {
            marks: changes.map(({ b, mark }) => ({
              bookingId: b.id,
              userId: b.userId,
              before: b.attendance,
              after: mark,
            })),
          },
        });
      });
      return this.session(actor, sessionId);
    },

    /** The actor's own bookings, with the sessions, newest first. */
    async myBookings(actor: Actor) {
      const today = londonToday();
      return (await training.bookingsOfUser(db, actor.id)).map((b) => ({ ...b, past: b.date < today }));
    },

    /**
     * Attendance, a row per person and session, and totals per organisation: a lead sees their
     * organisation's; the business unit and board members everyone's.
     */
    async attendance(actor: Actor) {
      let records;
      if (actor.role === 'business-unit' || actor.role === 'board-member')
        records = await training.attendanceRecords(db, null);
      else if (actor.role === 'organisation-lead')
        records = await training.attendanceRecords(db, actor.organisationId);
      else throw new Forbidden('Organisation leads, the business unit and board members see attendance');
      const byOrganisation = new Map<
        string,
        { organisationName: string; people: Set<string>; attended: number; missed: number }
      >();
      for (const r of records) {
        const o = byOrganisation.get(r.organisationName) ?? {
          organisationName: r.organisationName,
          people: new Set<string>(),
          attended: 0,
          missed: 0,
        };
        if (r.attendance === 'attended') {
          o.attended++;
          o.people.add(r.name);
        } else o.missed++;
        byOrganisation.set(r.organisationName, o);
      }
      return {
        records,
        organisations: [...byOrganisation.values()]
          .map(({ people, ...o }) => ({ ...o, people: people.size }))
          .sort((a, b) => a.organisationName.localeCompare(b.organisationName)),
      };
    },

    /** The same attendance as a CSV file (UTF-8 with a byte-order mark, so Excel reads it). */
    async attendanceCsv(actor: Actor): Promise<Buffer> {
      const { records } = await this.attendance(actor);
      const csv = stringify(
        [
          ['Name', 'Organisation', 'Course', 'Date', 'Attendance'],
          ...records.map((r) => [
            r.name,
            r.organisationName,
            r.courseTitle,
            r.date,
            r.attendance === 'attended' ? 'Attended' : 'Did not attend',
          ]),
        ],
        { record_delimiter: '\r\n' },
      );
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv, 'utf8')]);
    },
  };
}
export type TrainingService = ReturnType<typeof createTrainingService>;
