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
import { createAuditRepository } from '../audit/index.ts';
import { windowStart } from './reach.service.ts';
import { createTrainingRepository } from './training.repository.ts';
import { createTrainingService } from './training.service.ts';
import { auditEvents, createAttendance, createCourse, createSession } from './training.test-support.ts';

describe('training service', () => {
  let db: Db;
  let services: Services;
  before(async () => {
    db = await createTestDb();
    services = createServices(db, loadConfig({ NODE_ENV: 'test' }));
  });
  after(() => db.close());

  it('books until the session is full, then waiting-lists; a cancellation promotes the first waiting and tells them', async () => {
    const org = await createOrganisation(db, 'gp-practice');
    const [a, b, c, d] = await Promise.all([1, 2, 3, 4].map(() => createActor(db, 'practitioner', org.id)));
    const course = await createCourse(db);
    const sessionId = await createSession(db, course.id, 14, 2);
    assert.equal((await services.training.book(a!, sessionId)).status, 'booked');
    assert.equal((await services.training.book(b!, sessionId)).status, 'booked');
    const waitingC = await services.training.book(c!, sessionId);
    const waitingD = await services.training.book(d!, sessionId);
    assert.equal(waitingC.status, 'waiting');
    assert.equal(waitingD.status, 'waiting');
    const bookingA = (await services.training.session(a!, sessionId)).own!;

    const { promoted } = await services.training.cancel(a!, sessionId, bookingA.id);
    assert.equal(promoted?.userId, c!.id, 'the first on the waiting list gets the place');
    const view = await services.training.session(await createActor(db, 'business-unit'), sessionId);
    assert.deepEqual(view.bookings.map((x) => x.userId).sort(), [b!.id, c!.id].sort());
    assert.deepEqual(
      view.waitingList.map((x) => x.userId),
      [d!.id],
    );
    assert.equal(view.session.booked, 2);
    const [note] = await db.query<{ kind: string; link: string }>(
      'SELECT kind, link FROM notifications WHERE user_id = $1',
      [c!.id],
    );
    assert.equal(note?.kind, 'training-booking');
    assert.equal(note?.link, `/training-sessions/${sessionId}`);
    const events = (await auditEvents(db, sessionId)).map((e) => e.event);
    assert.deepEqual(events, [
      'training-booking.booked',
      'training-booking.booked',
      'training-booking.waiting-listed',
      'training-booking.waiting-listed',
      'training-booking.cancelled',
      'training-booking.promoted',
    ]);
  });

  it('cancelling a waiting-list place promotes no one', async () => {
    const org = await createOrganisation(db, 'gp-practice');
    const [a, b] = await Promise.all([1, 2].map(() => createActor(db, 'practitioner', org.id)));
    const sessionId = await createSession(db, (await createCourse(db)).id, 5, 1);
    await services.training.book(a!, sessionId);
    const waiting = await services.training.book(b!, sessionId);
    const { promoted } = await services.training.cancel(b!, sessionId, waiting.id);
    assert.equal(promoted, undefined);
    assert.equal((await services.training.session(a!, sessionId)).session.booked, 1);
  });

  it('refuses a second booking, a past session, and booking by a board member or for someone else’s staff', async () => {
    const org = await createOrganisation(db, 'gp-practice');
    const other = await createOrganisation(db, 'gp-practice');
    const me = await createActor(db, 'practitioner', org.id);
    const course = await createCourse(db);
    const sessionId = await createSession(db, course.id, 3);
    await services.training.book(me, sessionId);
    await assert.rejects(services.training.book(me, sessionId), ValidationFailed);
    await assert.rejects(
      services.training.book(me, await createSession(db, course.id, -3)),
      (e: ValidationFailed) => e.fields[0]!.message === 'This session has already taken place',
    );
    await assert.rejects(services.training.book(await createActor(db, 'board-member'), sessionId), Forbidden);
    const lead = await createActor(db, 'organisation-lead', org.id);
    const outsider = await createActor(db, 'practitioner', other.id);
    await assert.rejects(services.training.book(lead, sessionId, { userId: outsider.id }), ValidationFailed);
    const colleague = await createActor(db, 'practitioner', org.id);
    const booked = await services.training.book(lead, sessionId, { userId: colleague.id });
    assert.equal(booked.userId, colleague.id);
    assert.equal(booked.organisationId, org.id);
    // Someone else's booking is not there for a practitioner to cancel.
    await assert.rejects(services.training.cancel(outsider, sessionId, booked.id), NotFound);
  });

  it('lets only the business unit manage courses, scenarios and sessions, audited', async () => {
    const manager = await createActor(db, 'business-unit');
    const practitioner = await createActor(db, 'practitioner');
    await assert.rejects(services.training.createCourse(practitioner, { title: 'X' }), Forbidden);
    await assert.rejects(services.training.createCourse(manager, { title: '' }), ValidationFailed);
    const course = await services.training.createCourse(manager, { title: 'Safeguarding in primary care' });
    const review = await createReview(db, { subjectRef: 'Baby T' });
    const point = await createLearningPoint(db, review.id);
    const scenario = await services.training.addScenario(manager, course.id, {
      title: 'A shared bed',
      scenario: 'After a family gathering…',
      questions: ['What would you ask?', ''],
      learningPointIds: [point.id],
    });
    assert.equal(scenario.reviewId, review.id, 'the review follows from the learning point');
    assert.deepEqual(scenario.questions, ['What would you ask?']);
    const otherReview = await createReview(db);
    await assert.rejects(
      services.training.addScenario(manager, course.id, {
        title: 'T',
        scenario: 'S',
        reviewId: otherReview.id,
        learningPointIds: [point.id],
      }),
      ValidationFailed,
    );
    await assert.rejects(
      services.training.addSession(manager, course.id, {
        date: addDays(londonToday(), 7),
        startTime: '14:00',
        endTime: '13:00',
        mode: 'online',
        onlineLink: 'not a link',
        capacity: '0',
        facilitator: 'Dr P',
      }),
      (e: ValidationFailed) => e.fields.some((f) => f.path === 'capacity'),
    );
    const session = await services.training.addSession(manager, course.id, {
      date: addDays(londonToday(), 7),
      startTime: '14:00',
      endTime: '16:30',
      mode: 'online',
      onlineLink: 'https://meet.example.org/x',
      capacity: '12',
      facilitator: 'Dr P',
    });
    assert.equal(session.capacity, 12);
    const events = (await auditEvents(db, course.id)).map((e) => e.event);
    assert.deepEqual(events, ['course.created', 'course.scenario-added']);
    assert.equal((await auditEvents(db, session.id))[0]?.event, 'training-session.created');
  });

  it('saves a course change only with the version read; a stale one is a conflict', async () => {
    const manager = await createActor(db, 'business-unit');
    const course = await services.training.createCourse(manager, { title: 'Version course' });
    const saved = await services.training.updateCourse(manager, course.id, {
      title: 'Version course, renamed',
      version: course.version,
    });
    assert.equal(saved.version, course.version + 1);
    await assert.rejects(
      services.training.updateCourse(manager, course.id, { title: 'Late', version: course.version }),
      (e: Conflict) =>
        (e.current as { version: number; title: string }).version === saved.version &&
        (e.current as { title: string }).title === 'Version course, renamed',
    );
    await assert.rejects(
      services.training.updateCourse(await createActor(db, 'board-member'), course.id, {
        title: 'Board',
        version: saved.version,
      }),
      Forbidden,
    );
    assert.deepEqual(
      (await auditEvents(db, course.id)).map((e) => e.event),
      ['course.created', 'course.updated'],
    );
  });

  it('a waiting place promoted by another’s cancel, then cancelled on a stale read, passes its place on', async () => {
    const org = await createOrganisation(db, 'gp-practice');
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => createActor(db, 'practitioner', org.id)));
    const sessionId = await createSession(db, (await createCourse(db)).id, 14, 1);
    const placeA = await services.training.book(a!, sessionId);
    const waitingB = await services.training.book(b!, sessionId);
    await services.training.book(c!, sessionId);
    assert.equal(waitingB.status, 'waiting');
    // B's cancel read their booking as waiting just before A's cancel gave them the place.
    const repo = createTrainingRepository();
    let stale = true;
    const training = {
      ...repo,
      findBooking: async (q: Parameters<typeof repo.findBooking>[0], id: string) => {
        if (stale && id === waitingB.id) {
          stale = false;
          return waitingB;
        }
        return repo.findBooking(q, id);
      },
    };
    const racing = createTrainingService({
      db,
      training,
      audit: createAuditRepository(),
      notify: services.notifications.notify,
    });
    assert.equal((await services.training.cancel(a!, sessionId, placeA.id)).promoted?.userId, b!.id);
    const { cancelled, promoted } = await racing.cancel(b!, sessionId, waitingB.id);
    assert.equal(cancelled.status, 'cancelled');
    assert.equal(promoted?.userId, c!.id, 'the place B held goes to the next waiting');
    const view = await services.training.session(await createActor(db, 'business-unit'), sessionId);
    assert.deepEqual(
      view.bookings.map((x) => x.userId),
      [c!.id],
    );
    const audited = (await auditEvents(db, sessionId)).filter(
      (e) => e.event === 'training-booking.cancelled',
    );
    assert.equal(audited.length, 2);
    const [row] = await db.query<{ before: { status: string } }>(
      `SELECT before FROM audit_events WHERE subject_id = $1 AND event = 'training-booking.cancelled'
        ORDER BY id DESC LIMIT 1`,
      [sessionId],
    );
    assert.equal(row!.before.status, 'booked', 'the audit row records the status it had when cancelled');
  });

  it('refuses to cancel on the day, after the session, or once attendance is recorded', async () => {
    const org = await createOrganisation(db, 'gp-practice');
    const me = await createActor(db, 'practitioner', org.id);
    const course = await createCourse(db);
    const today = await createSession(db, course.id, 0);
    const mine = await services.training.book(me, today);
    await assert.rejects(
      services.training.cancel(me, today, mine.id),
      (e: ValidationFailed) =>
        e.fields[0]!.message === 'A place cannot be cancelled on the day of the session',
    );
    assert.equal((await services.training.session(me, today)).cancellable, false);
    const past = await createSession(db, course.id, -2);
    const attended = await createAttendance(db, past, me);
    await assert.rejects(
      services.training.cancel(me, past, attended),
      (e: ValidationFailed) => e.fields[0]!.message === 'This session has already taken place',
    );
    // Attendance already on a place (however it came to be there) keeps it from being cancelled.
    const later = await createSession(db, course.id, 3);
    const recorded = await createAttendance(db, later, me);
    await assert.rejects(
      services.training.cancel(me, later, recorded),
      (e: ValidationFailed) =>
        e.fields[0]!.message === 'Attendance has been recorded, so the place cannot be cancelled',
    );
    const [row] = await db.query<{ status: string }>('SELECT status FROM training_bookings WHERE id = $1', [
      recorded,
    ]);
    assert.equal(row!.status, 'booked');
  });

  it('counts only places taken: a cancelled booking marked attended is not reach, attendance or a certificate', async () => {
    const org = await createOrganisation(db, 'gp-practice');
    const person = await createActor(db, 'practitioner', org.id);
    const course = await createCourse(db);
    const past = await createSession(db, course.id, -5);
    const bookingId = await createAttendance(db, past, person);
    await db.query("UPDATE training_bookings SET status = 'cancelled' WHERE id = $1", [bookingId]);
    const manager = await createActor(db, 'business-unit');
    const { items } = await services.trainingReach.coverage(manager, course.id, 12);
    assert.equal(items.find((i) => i.organisationId === org.id)!.attendees, 0);
    const months = await services.trainingReach.attendanceOverTime(manager, course.id, 12);
    assert.equal(
      months.reduce((n, m) => n + m.attendees, 0),
      0,
    );
    const { records } = await services.training.attendance(manager);
    assert.ok(!records.some((r) => r.userId === person.id));
    await assert.rejects(services.trainingAttendees.certificate(person, past, bookingId), NotFound);
  });

  it('counts attendance by organisation per person, not per name', async () => {
    const org = await createOrganisation(db, 'gp-practice');
    const past = await createSession(db, (await createCourse(db)).id, -3);
    const first = await createActor(db, 'practitioner', org.id);
    const second = await createActor(db, 'practitioner', org.id);
    await db.query("UPDATE users SET name = 'J Smith' WHERE id = ANY($1::uuid[])", [[first.id, second.id]]);
    await createAttendance(db, past, first);
    await createAttendance(db, past, second);
    const lead = await createActor(db, 'organisation-lead', org.id);
    const { organisations } = await services.training.attendance(lead);
    assert.deepEqual(organisations, [{ organisationName: org.name, people: 2, attended: 2, missed: 0 }]);
  });

  it('gives the link to join only to someone with a place, and to the business unit', async () => {
    const manager = await createActor(db, 'business-unit');
    const course = await createCourse(db);
    const online = await services.training.addSession(manager, course.id, {
      date: addDays(londonToday(), 7),
      startTime: '10:00',
      endTime: '11:00',
      mode: 'online',
      onlineLink: 'https://meet.example.org/join',
      capacity: '1',
      facilitator: 'Dr P',
    });
    const org = await createOrganisation(db, 'gp-practice');
    const [placed, waiting, other] = await Promise.all(
      [1, 2, 3].map(() => createActor(db, 'practitioner', org.id)),
    );
    await services.training.book(placed!, online.id);
    await services.training.book(waiting!, online.id);
    const link = async (actor: typeof manager) => ({
      session: (await services.training.session(actor, online.id)).session.onlineLink,
      course: (await services.training.course(actor, course.id)).sessions[0]!.onlineLink,
    });
    const shown = { session: 'https://meet.example.org/join', course: 'https://meet.example.org/join' };
    const hidden = { session: null, course: null };
    assert.deepEqual(await link(placed!), shown);
    assert.deepEqual(await link(manager), shown);
    assert.deepEqual(await link(waiting!), hidden);
    assert.deepEqual(await link(other!), hidden);
    assert.deepEqual(await link(await createActor(db, 'board-member')), hidden);
  });

  it('numbers scenarios added at the same time one after the other', async () => {
    const manager = await createActor(db, 'business-unit');
    const course = await services.training.createCourse(manager, { title: 'Numbering course' });
    const added = await Promise.all(
      [1, 2, 3, 4, 5, 6, 7, 8].map((n) =>
        services.training.addScenario(manager, course.id, { title: `S${n}`, scenario: 'Text' }),
      ),
    );
    assert.deepEqual(
      added.map((s) => s.number).sort((x, y) => x - y),
      [1, 2, 3, 4, 5, 6, 7, 8],
    );
  });

  it('records attendance (business unit only, once the session has started) and takes feedback from attendees', async () => {
    const org = await createOrganisation(db, 'gp-practice');
    const [a, b] = await Promise.all([1, 2].map(() => createActor(db, 'practitioner', org.id)));
    const manager = await createActor(db, 'business-unit');
    const course = await createCourse(db);
    const future = await createSession(db, course.id, 2);
    await assert.rejects(services.training.recordAttendance(manager, future, {}), ValidationFailed);
    const past = await createSession(db, course.id, -1);
    const ba = await createAttendance(db, past, a!, 'did-not-attend');
    const bb = await createAttendance(db, past, b!, 'did-not-attend');
    await assert.rejects(services.training.recordAttendance(a!, past, { [ba]: 'attended' }), Forbidden);
    await services.training.recordAttendance(manager, past, { [ba]: 'attended', [bb]: 'did-not-attend' });
    await assert.rejects(services.trainingAttendees.giveFeedback(b!, past, { rating: 5 }), NotFound);
    await assert.rejects(services.trainingAttendees.giveFeedback(a!, past, { rating: 7 }), ValidationFailed);
    await services.trainingAttendees.giveFeedback(a!, past, { rating: 4, comments: 'Useful' });
    await assert.rejects(services.trainingAttendees.giveFeedback(a!, past, { rating: 5 }), ValidationFailed);
    const { feedback } = await services.training.session(manager, past);
    assert.equal(feedback.count, 1);
    assert.equal(feedback.average, 4);
    assert.deepEqual(feedback.byRating, [0, 0, 0, 1, 0]);
    const events = await auditEvents(db, past);
    assert.equal(events[0]!.event, 'training-session.attendance-recorded');
    assert.equal(events[1]!.event, 'training-feedback.given');
  });

  it('counts coverage in the months window: an organisation whose staff attended 13 months ago is not reached in 12', async () => {
    const reached = await createOrganisation(db, 'gp-practice');
    const lapsed = await createOrganisation(db, 'gp-practice');
    const never = await createOrganisation(db, 'gp-practice');
    const course = await createCourse(db);
    const recent = await createSession(db, course.id, -30);
    const old = await createSession(db, course.id, -400);
    const r1 = await createActor(db, 'practitioner', reached.id);
    const r2 = await createActor(db, 'practitioner', reached.id);
    await createAttendance(db, recent, r1);
    await createAttendance(db, recent, r2);
    await createAttendance(db, old, r1);
    await createAttendance(db, old, await createActor(db, 'practitioner', lapsed.id));
    await createAttendance(db, recent, await createActor(db, 'practitioner', never.id), 'did-not-attend');
    const board = await createActor(db, 'board-member');
    const { items } = await services.trainingReach.coverage(board, course.id, 12);
    const of = (id: string) => items.find((i) => i.organisationId === id)!;
    assert.deepEqual(of(reached.id), {
      organisationId: reached.id,
      organisationName: reached.name,
      organisationType: 'gp-practice',
      lastAttended: addDays(londonToday(), -30),
      attendees: 2,
    });
    assert.equal(of(lapsed.id).attendees, 0);
    assert.equal(of(lapsed.id).lastAttended, null);
    assert.equal(of(never.id).attendees, 0, 'did not attend is not reach');
    const longer = await services.trainingReach.coverage(board, course.id, 14);
    assert.equal(longer.items.find((i) => i.organisationId === lapsed.id)!.attendees, 1);
    await assert.rejects(services.trainingReach.coverage(board, course.id, 0), ValidationFailed);
    await assert.rejects(
      services.trainingReach.coverage(await createActor(db, 'practitioner'), course.id),
      Forbidden,
    );
  });

  it('the window starts the same day N months back (end of month clamped)', () => {
    assert.equal(windowStart('2026-11-26', 12), '2025-11-26');
    assert.equal(windowStart('2026-03-31', 1), '2026-02-28');
  });

  it('invites the leads of unreached organisations of the type, naming upcoming sessions, in one audited step', async () => {
    const course = await createCourse(db, 'Invite course');
    await createSession(db, course.id, 20);
    const manager = await createActor(db, 'business-unit');
    const reached = await createOrganisation(db, 'school');
    await createAttendance(
      db,
      await createSession(db, course.id, -10),
      await createActor(db, 'practitioner', reached.id),
    );
    const unreached = await createOrganisation(db, 'school');
    const lead = await createActor(db, 'organisation-lead', unreached.id);
    const leadless = await createOrganisation(db, 'school');
    const reachedLead = await createActor(db, 'organisation-lead', reached.id);
    await assert.rejects(
      services.trainingReach.inviteUnreached(await createActor(db, 'board-member'), course.id, {
        type: 'school',
      }),
      Forbidden,
    );
    const result = await services.trainingReach.inviteUnreached(manager, course.id, {
      type: 'school',
      months: 12,
    });
    assert.ok(result.invited.some((o) => o.organisationId === unreached.id));
    assert.ok(result.noLead.some((o) => o.organisationId === leadless.id));
    const notes = await db.query<{ user_id: string; kind: string; body: string }>(
      `SELECT user_id, kind, body FROM notifications WHERE user_id = ANY($1::uuid[])`,
      [[lead.id, reachedLead.id]],
    );
    assert.equal(notes.length, 1);
    assert.equal(notes[0]!.user_id, lead.id);
    assert.equal(notes[0]!.kind, 'training-invitation');
    assert.match(notes[0]!.body, /Invite course on/);
    const [event] = await auditEvents(db, course.id);
    assert.equal(event!.event, 'course.unreached-invited');
    assert.ok((event!.details!.invited as string[]).includes(unreached.id));
  });

  it('gives evidence of learning for a recommendation whose learning points a scenario uses', async () => {
    const manager = await createActor(db, 'business-unit');
    const review = await createReview(db);
    const point = await createLearningPoint(db, review.id);
    const [rec] = await db.query<{ id: string }>(
      "INSERT INTO recommendations (review_id, number, text) VALUES ($1, 1, 'Train GPs') RETURNING id",
      [review.id],
    );
    await db.query('INSERT INTO recommendation_learning_points VALUES ($1, $2)', [rec!.id, point.id]);
    assert.deepEqual(await services.trainingReach.learningEvidence(manager, rec!.id), []);
    const course = await services.training.createCourse(manager, { title: 'Evidence course' });
    await services.training.addScenario(manager, course.id, {
      title: 'S',
      scenario: 'T',
      learningPointIds: [point.id],
    });
    const past = await createSession(db, course.id, -20);
    const earlier = await createSession(db, course.id, -40);
    const org = await createOrganisation(db, 'gp-practice');
    const twice = await createActor(db, 'practitioner', org.id);
    await createAttendance(db, past, twice);
    await createAttendance(db, earlier, twice);
    await createAttendance(db, past, await createActor(db, 'practitioner', org.id));
    const evidence = await services.trainingReach.learningEvidence(manager, rec!.id);
    assert.deepEqual(evidence, [
      {
        kind: 'training',
        title: 'Evidence course',
        href: `/courses/${course.id}`,
        // Three attendances, but by two people: one of them came to both sessions.
        detail: '2 sessions; 2 people from 1 organisation attended in the last 12 months',
        date: addDays(londonToday(), -20),
      },
    ]);
  });
});
