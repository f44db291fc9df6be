import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createServices, type Services } from '../../composition.ts';
import { loadConfig } from '../../config.ts';
import { addDays, londonToday } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../../platform/errors.ts';
import {
  createActor,
  createLearningPoint,
  createOrganisation,
  createReview,
} from '../../../test/factories.ts';
import { createTestDb } from '../../../test/test-db.ts';
import {
  auditEvents,
  createAttendance,
  createCourse,
  createLibraryReview,
  createSession,
} from './training.test-support.ts';

const sessionInput = (overrides: Record<string, unknown> = {}) => ({
  date: addDays(londonToday(), 14),
  startTime: '09:30',
  endTime: '12:00',
  mode: 'in-person',
  venue: 'Room 1',
  onlineLink: '',
  capacity: 10,
  facilitator: 'Dr Facilitator',
  version: 1,
  ...overrides,
});

describe('training changes', () => {
  let db: Db;
  let services: Services;
  before(async () => {
    db = await createTestDb();
    services = createServices(db, loadConfig({ NODE_ENV: 'test' }));
  });
  after(() => db.close());

  const notesOf = (userId: string) =>
    db.query<{ subject: string; body: string }>(
      'SELECT subject, body FROM notifications WHERE user_id = $1 ORDER BY created_at',
      [userId],
    );

  it('changes a scenario with its version (stale is a Conflict with the current one) and links a library review', async () => {
    const manager = await createActor(db, 'business-unit');
    const course = await services.training.createCourse(manager, { title: 'Scenario changes' });
    const first = await services.training.addScenario(manager, course.id, { title: 'One', scenario: 'S1' });
    const library = await createLibraryReview(db, 'Child Q: bruising in a non-mobile baby');
    await assert.rejects(
      services.training.updateScenario(manager, course.id, first.id, {
        title: 'One',
        scenario: 'S1',
        libraryReviewId: '00000000-0000-4000-8000-000000000000',
        version: 1,
      }),
      (e: ValidationFailed) => e.fields[0]!.path === 'libraryReviewId',
    );
    const saved = await services.training.updateScenario(manager, course.id, first.id, {
      title: 'One, changed',
      scenario: 'S1 again',
      questions: ['Who would you call?'],
      libraryReviewId: library,
      version: 1,
    });
    assert.equal(saved.version, 2);
    assert.equal(saved.libraryReviewId, library);
    assert.equal(saved.libraryReviewTitle, 'Child Q: bruising in a non-mobile baby — Northshire, 2024');
    await assert.rejects(
      services.training.updateScenario(manager, course.id, first.id, {
        title: 'Stale',
        scenario: 'x',
        version: 1,
      }),
      (e: Conflict) => (e.current as { title: string }).title === 'One, changed',
    );
    await assert.rejects(
      services.training.updateScenario(await createActor(db, 'practitioner'), course.id, first.id, {
        title: 'X',
        scenario: 'Y',
        version: 2,
      }),
      Forbidden,
    );
    const [event] = (await auditEvents(db, course.id)).filter((e) => e.event === 'course.scenario-updated');
    assert.equal(event!.after!.libraryReviewId, library);
  });

  it('removes a scenario and moves the later ones up, so the course reads without a gap', async () => {
    const manager = await createActor(db, 'business-unit');
    const course = await services.training.createCourse(manager, { title: 'Renumbering' });
    const review = await createReview(db);
    const point = await createLearningPoint(db, review.id);
    const added = [];
    for (const title of ['A', 'B', 'C', 'D'])
      added.push(
        await services.training.addScenario(manager, course.id, {
          title,
          scenario: title,
          learningPointIds: title === 'B' ? [point.id] : [],
        }),
      );
    await assert.rejects(
      services.training.removeScenario(manager, (await createCourse(db)).id, added[1]!.id),
      NotFound,
    );
    await services.training.removeScenario(manager, course.id, added[1]!.id);
    const left = (await services.training.course(manager, course.id)).scenarios;
    assert.deepEqual(
      left.map((s) => `${s.number} ${s.title}`),
      ['1 A', '2 C', '3 D'],
    );
    const next = await services.training.addScenario(manager, course.id, { title: 'E', scenario: 'E' });
    assert.equal(next.number, 4);
    // Two removals at once still leave the course numbered without a gap or a repeat.
    await Promise.all([
      services.training.removeScenario(manager, course.id, added[0]!.id),
      services.training.removeScenario(manager, course.id, added[2]!.id),
    ]);
    assert.deepEqual(
      (await services.training.course(manager, course.id)).scenarios.map((s) => `${s.number} ${s.title}`),
      ['1 D', '2 E'],
    );
    const [removed] = await db.query<{
      before: { title: string; number: number; learningPointIds: string[] };
    }>(
      "SELECT before FROM audit_events WHERE subject_id = $1 AND event = 'course.scenario-removed' ORDER BY id LIMIT 1",
      [course.id],
    );
    assert.deepEqual(removed!.before, {
      ...removed!.before,
      title: 'B',
      number: 2,
      learningPointIds: [point.id],
    });
  });

  it('will not take places below the number booked, and more places promote the waiting list in order', async () => {
    const manager = await createActor(db, 'business-unit');
    const org = await createOrganisation(db, 'gp-practice');
    const people = await Promise.all([1, 2, 3, 4].map(() => createActor(db, 'practitioner', org.id)));
    const sessionId = await createSession(db, (await createCourse(db)).id, 14, 2);
    for (const p of people) await services.training.book(p, sessionId);
    await assert.rejects(
      services.training.updateSession(manager, sessionId, sessionInput({ capacity: 1 })),
      (e: ValidationFailed) =>
        e.fields[0]!.path === 'capacity' &&
        e.fields[0]!.message === 'The number of places cannot be fewer than the 2 people booked',
    );
    const saved = await services.training.updateSession(manager, sessionId, sessionInput({ capacity: 3 }));
    assert.equal(saved.booked, 3);
    assert.equal(saved.waiting, 1);
    const view = await services.training.session(manager, sessionId);
    assert.ok(
      view.bookings.some((b) => b.userId === people[2]!.id),
      'the first waiting gets the new place',
    );
    assert.deepEqual(
      view.waitingList.map((b) => b.userId),
      [people[3]!.id],
    );
    assert.match((await notesOf(people[2]!.id)).at(-1)!.body, /More places were added/);
    await assert.rejects(
      services.training.updateSession(manager, sessionId, sessionInput({ capacity: 5 })),
      Conflict,
    );
    const events = (await auditEvents(db, sessionId)).map((e) => e.event);
    assert.deepEqual(events.slice(-2), ['training-session.updated', 'training-booking.promoted']);
  });

  it('tells people booked when the date or place changes', async () => {
    const manager = await createActor(db, 'business-unit');
    const person = await createActor(db, 'practitioner', (await createOrganisation(db, 'gp-practice')).id);
    const sessionId = await createSession(db, (await createCourse(db, 'Moving course')).id, 14);
    await services.training.book(person, sessionId);
    await services.training.updateSession(manager, sessionId, sessionInput({ venue: 'Room 2' }));
    const [note] = await notesOf(person.id);
    assert.equal(note!.subject, 'Changed: Moving course');
  });

  it('cancels a whole session: everyone booked or waiting is told, it takes no bookings, reach ignores it', async () => {
    const manager = await createActor(db, 'business-unit');
    const org = await createOrganisation(db, 'gp-practice');
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => createActor(db, 'practitioner', org.id)));
    const course = await createCourse(db, 'Called-off course');
    const sessionId = await createSession(db, course.id, 7, 1);
    await services.training.book(a!, sessionId);
    await services.training.book(b!, sessionId);
    await assert.rejects(
      services.training.cancelSession(manager, sessionId, { reason: '' }),
      (e: ValidationFailed) => e.fields[0]!.path === 'reason',
    );
    await assert.rejects(services.training.cancelSession(a!, sessionId, { reason: 'No' }), Forbidden);
    const cancelled = await services.training.cancelSession(manager, sessionId, {
      reason: 'The facilitator is ill',
    });
    assert.equal(cancelled.cancelled, true);
    assert.equal(cancelled.cancelReason, 'The facilitator is ill');
    assert.equal(cancelled.booked + cancelled.waiting, 0);
    for (const p of [a!, b!]) {
      const note = (await notesOf(p.id)).at(-1)!;
      assert.equal(note.subject, 'Cancelled: Called-off course');
      assert.match(note.body, /The reason given: The facilitator is ill/);
    }
    await assert.rejects(
      services.training.book(c!, sessionId),
      (e: ValidationFailed) => e.fields[0]!.message === 'This session is cancelled',
    );
    // A stale version is a Conflict first; with the current one, a cancelled session is refused.
    await assert.rejects(services.training.updateSession(manager, sessionId, sessionInput()), Conflict);
    const calledOff = (await services.training.session(manager, sessionId)).session;
    await assert.rejects(
      services.training.updateSession(manager, sessionId, sessionInput({ version: calledOff.version })),
      Forbidden,
    );
    const [event] = (await auditEvents(db, sessionId)).filter(
      (e) => e.event === 'training-session.cancelled',
    );
    assert.deepEqual(event!.details, { reason: 'The facilitator is ill' });
    assert.equal((await services.training.course(manager, course.id)).course.upcomingSessions, 0);
  });

  it('refuses to cancel a session with attendance recorded, and leaves cancelled sessions out of coverage', async () => {
    const manager = await createActor(db, 'business-unit');
    const org = await createOrganisation(db, 'gp-practice');
    const person = await createActor(db, 'practitioner', org.id);
    const course = await createCourse(db);
    const held = await createSession(db, course.id, -3);
    await createAttendance(db, held, person);
    await assert.rejects(
      services.training.cancelSession(manager, held, { reason: 'Too late' }),
      (e: ValidationFailed) => /Attendance has been recorded/.test(e.fields[0]!.message),
    );
    // A past session called off before anyone was marked: it is not coverage.
    const calledOff = await createSession(db, course.id, -10);
    await createAttendance(db, calledOff, await createActor(db, 'practitioner', org.id));
    await db.query("UPDATE training_sessions SET cancelled_at = now(), cancel_reason = 'x' WHERE id = $1", [
      calledOff,
    ]);
    const { items } = await services.trainingReach.coverage(manager, course.id, 12);
    assert.equal(items.find((i) => i.organisationId === org.id)!.attendees, 1);
  });
});

describe('training changes under races and with a record that stands', () => {
  let db: Db;
  let services: Services;
  before(async () => {
    db = await createTestDb();
    services = createServices(db, loadConfig({ NODE_ENV: 'test' }));
  });
  after(() => db.close());

  it('never books over the places when the places go down at the same moment', async () => {
    const manager = await createActor(db, 'business-unit');
    const course = await createCourse(db);
    for (let i = 0; i < 5; i++) {
      const sid = await createSession(db, course.id, 10, 3);
      const [a, b, c] = await Promise.all([1, 2, 3].map(() => createActor(db, 'practitioner')));
      await services.training.book(a!, sid);
      await services.training.book(b!, sid);
      const { session } = await services.training.session(manager, sid);
      await Promise.allSettled([
        services.training.updateSession(manager, sid, sessionInput({ date: session.date, capacity: 2 })),
        services.training.book(c!, sid),
      ]);
      const [row] = await db.query<{ cap: number; n: number }>(
        `SELECT capacity AS cap, (SELECT count(*)::int FROM training_bookings
           WHERE session_id = $1 AND status = 'booked') AS n FROM training_sessions WHERE id = $1`,
        [sid],
      );
      assert.ok(row!.n <= row!.cap, `${row!.n} booked on ${row!.cap} places`);
    }
  });

  it('gives no place on a session cancelled at the same moment; the booker hears it is cancelled', async () => {
    const manager = await createActor(db, 'business-unit');
    const course = await createCourse(db);
    for (let i = 0; i < 5; i++) {
      const sid = await createSession(db, course.id, 10, 3);
      const person = await createActor(db, 'practitioner');
      const [, booking] = await Promise.allSettled([
        services.training.cancelSession(manager, sid, { reason: 'Facilitator ill' }),
        services.training.book(person, sid),
      ]);
      const [row] = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM training_bookings
          WHERE session_id = $1 AND status = 'booked'`,
        [sid],
      );
      assert.equal(row!.n, 0);
      if (booking!.status === 'rejected') {
        assert.ok(booking.reason instanceof ValidationFailed);
        assert.equal(booking.reason.fields[0]!.message, 'This session is cancelled');
      }
    }
  });

  it('refuses a booking once the session is cancelled, read under the lock', async () => {
    const manager = await createActor(db, 'business-unit');
    const course = await createCourse(db);
    const sid = await createSession(db, course.id, 10, 3);
    await services.training.cancelSession(manager, sid, { reason: 'Room flooded' });
    const person = await createActor(db, 'practitioner');
    await assert.rejects(
      services.training.book(person, sid),
      (e: unknown) => e instanceof ValidationFailed && e.fields[0]!.message === 'This session is cancelled',
    );
  });

  it('refuses changing a session that has taken place or has attendance recorded: the record stands', async () => {
    const manager = await createActor(db, 'business-unit');
    const course = await createCourse(db);
    const past = await createSession(db, course.id, -30, 5);
    await createAttendance(db, past, await createActor(db, 'practitioner'));
    const { session: p } = await services.training.session(manager, past);
    await assert.rejects(
      services.training.updateSession(manager, past, sessionInput({ version: p.version })),
      (e: unknown) =>
        e instanceof ValidationFailed && /already taken place.*the record stands/.test(e.fields[0]!.message),
    );
    const today = await createSession(db, course.id, 0, 5);
    await createAttendance(db, today, await createActor(db, 'practitioner'));
    await assert.rejects(
      services.training.updateSession(manager, today, sessionInput({ date: londonToday() })),
      (e: unknown) =>
        e instanceof ValidationFailed &&
        /Attendance has been recorded.*the record stands/.test(e.fields[0]!.message),
    );
    const [row] = await db.query<{ d: string }>(
      `SELECT to_char(session_date, 'YYYY-MM-DD') AS d FROM training_sessions WHERE id = $1`,
      [past],
    );
    assert.equal(row!.d, p.date);
  });

  it('refuses a new date in the past, naming the date field', async () => {
    const manager = await createActor(db, 'business-unit');
    const course = await createCourse(db);
    const sid = await createSession(db, course.id, 10, 5);
    await assert.rejects(
      services.training.updateSession(manager, sid, sessionInput({ date: addDays(londonToday(), -1) })),
      (e: unknown) => e instanceof ValidationFailed && e.fields.some((f) => f.path === 'date'),
    );
  });

  it('answers a stale version with a Conflict before any other rule, even on a cancelled session', async () => {
    const manager = await createActor(db, 'business-unit');
    const course = await createCourse(db);
    const sid = await createSession(db, course.id, 10, 5);
    await services.training.cancelSession(manager, sid, { reason: 'Ill' });
    await assert.rejects(
      services.training.updateSession(manager, sid, sessionInput({ version: 1 })),
      (e: unknown) => e instanceof Conflict,
    );
    await assert.rejects(
      services.training.cancelSession(manager, sid, { reason: 'Again', version: 1 }),
      (e: unknown) => e instanceof Conflict,
    );
    const past = await createSession(db, course.id, -3, 5);
    await assert.rejects(
      services.training.updateSession(manager, past, sessionInput({ version: 99 })),
      (e: unknown) => e instanceof Conflict,
    );
    // With the current version, a cancelled session is still refused.
    const { session } = await services.training.session(manager, sid);
    await assert.rejects(
      services.training.updateSession(manager, sid, sessionInput({ version: session.version })),
      (e: unknown) => e instanceof Forbidden,
    );
  });
});
