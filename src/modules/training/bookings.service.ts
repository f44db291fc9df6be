import { stringify } from 'csv-stringify/sync';
import { londonToday } from '../../platform/clock.ts';
import type { Queryable } from '../../platform/db/index.ts';
import { Forbidden, NotFound, ValidationFailed } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { isUuid } from '../../platform/schema.ts';
import { auditActorOf } from '../audit/index.ts';
import { safeText } from '../exports/index.ts';
import {
  assertManager,
  canBook,
  loadSession,
  seesBooking,
  sessionInWords,
  type TrainingDeps,
} from './training.service.ts';
import type { Booking, TrainingSession } from './training.types.ts';

/** Booking, the waiting list, attendance: the rules of a place on a session. */
export function createBookingRules({ db, training, audit, notify }: TrainingDeps) {
  const session = (id: string) => loadSession(db, training, id);
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
      const own = all.find((b) => b.userId === actor.id);
      // The link to join goes only to someone with a place, and to the business unit that runs it.
      const seesLink = actor.role === 'business-unit' || own?.status === 'booked';
      return {
        session: { ...found, onlineLink: seesLink ? found.onlineLink : null },
        // Places can be cancelled up to the day before the session.
        cancellable: found.date > londonToday(),
        bookings: visible.filter((b) => b.status === 'booked'),
        waitingList: visible.filter((b) => b.status === 'waiting'),
        own,
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
      if (s.cancelled) throw new ValidationFailed([{ path: 'userId', message: 'This session is cancelled' }]);
      if (s.past)
        throw new ValidationFailed([{ path: 'userId', message: 'This session has already taken place' }]);
      const id = await db.transaction(async (tx) => {
        await training.lockSession(tx, sessionId);
        // Read again under the lock: the session may have been cancelled or lost places meanwhile.
        const fresh = (await training.findSession(tx, sessionId))!;
        if (fresh.cancelled)
          throw new ValidationFailed([{ path: 'userId', message: 'This session is cancelled' }]);
        // Checked under the session's lock, so two quick clicks cannot make two bookings.
        if (await training.liveBookingOf(tx, sessionId, person.id))
          throw new ValidationFailed([
            {
              path: 'userId',
              message: `${forId === actor.id ? 'You are' : `${person.name} is`} already booked or waiting for this session`,
            },
          ]);
        const full = (await training.countBooked(tx, sessionId)) >= fresh.capacity;
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
            { ...s, ...fresh },
            `${actor.name} booked you a place.`,
          );
        return newId;
      });
      return (await training.findBooking(db, id))!;
    },

    /**
     * Cancels a booking or waiting-list place; a freed place goes to the first on the waiting list.
     * Refused from the day of the session on, and once attendance is recorded: the record stands.
     */
    async cancel(actor: Actor, sessionId: string, bookingId: string) {
      const s = await session(sessionId);
      const seen = isUuid(bookingId) ? await training.findBooking(db, bookingId) : undefined;
      if (!seen || seen.sessionId !== s.id || seen.status === 'cancelled' || !seesBooking(actor, seen))
        throw new NotFound('Booking');
      if (actor.role === 'board-member')
        throw new Forbidden('Board members read the programme but change nothing');
      if (s.date <= londonToday())
        throw new ValidationFailed([
          {
            path: 'booking',
            message: s.past
              ? 'This session has already taken place'
              : 'A place cannot be cancelled on the day of the session',
          },
        ]);
      const promoted = await db.transaction(async (tx) => {
        await training.lockSession(tx, sessionId);
        // Read again under the lock and decide on what it says now: a simultaneous cancel may have
        // cancelled it, or promoted it from the waiting list to a place that must pass on.
        const b = await training.findBooking(tx, seen.id);
        if (!b || b.status === 'cancelled') throw new NotFound('Booking');
        const fresh = (await training.findSession(tx, sessionId))!;
        if (b.attendance)
          throw new ValidationFailed([
            { path: 'booking', message: 'Attendance has been recorded, so the place cannot be cancelled' },
          ]);
        await training.cancelBooking(tx, b.id);
        await audit.insert(tx, auditActorOf(actor), {
          event: 'training-booking.cancelled',
          subjectType: 'training-session',
          subjectId: sessionId,
          before: { bookingId: b.id, userId: b.userId, status: b.status },
        });
        if (b.status !== 'booked' || (await training.countBooked(tx, sessionId)) >= fresh.capacity)
          return undefined;
        const next = await training.promoteFirstWaiting(tx, sessionId);
        if (!next) return undefined;
        await audit.insert(tx, auditActorOf(actor), {
          event: 'training-booking.promoted',
          subjectType: 'training-session',
          subjectId: sessionId,
          after: { bookingId: next.id, userId: next.userId, status: 'booked' },
        });
        await tellPlace(
          tx,
          next,
          { ...s, ...fresh },
          'A place has come free and you were first on the waiting list.',
        );
        return next;
      });
      return { cancelled: (await training.findBooking(db, seen.id))!, promoted };
    },

    /** Records who attended and who did not, for a session that has started. */
    async recordAttendance(actor: Actor, sessionId: string, marks: Record<string, string>) {
      const s = await session(sessionId);
      assertManager(actor);
      if (s.cancelled)
        throw new ValidationFailed([{ path: 'attendance', message: 'This session is cancelled' }]);
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
        await training.lockSession(tx, sessionId);
        // Decided again under the lock: it may have been cancelled or moved since it was read.
        const fresh = (await training.findSession(tx, sessionId))!;
        if (fresh.cancelled)
          throw new ValidationFailed([{ path: 'attendance', message: 'This session is cancelled' }]);
        if (fresh.date > londonToday())
          throw new ValidationFailed([
            { path: 'attendance', message: 'Record attendance on or after the day of the session' },
          ]);
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
      // Keyed by id, not name: two organisations or two people may share a name.
      const byOrganisation = new Map<
        string,
        { organisationName: string; people: Set<string>; attended: number; missed: number }
      >();
      for (const r of records) {
        const o = byOrganisation.get(r.organisationId) ?? {
          organisationName: r.organisationName,
          people: new Set<string>(),
          attended: 0,
          missed: 0,
        };
        if (r.attendance === 'attended') {
          o.attended++;
          o.people.add(r.userId);
        } else o.missed++;
        byOrganisation.set(r.organisationId, o);
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
            safeText(r.name),
            safeText(r.organisationName),
            safeText(r.courseTitle),
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
