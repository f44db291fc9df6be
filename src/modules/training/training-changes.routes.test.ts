import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addDays, londonToday } from '../../platform/clock.ts';
import { createOrganisation, createUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { buildTestApp, signInAsApi, signInAsBrowser, type TestContext } from '../../../test/test-app.ts';
import {
  createAttendance,
  createCourse,
  createLibraryReview,
  createSession,
} from './training.test-support.ts';

describe('training change pages', () => {
  let t: TestContext;
  before(async () => {
    t = await buildTestApp();
  });
  after(() => t.close());
  const browser = async (role: Parameters<typeof createUser>[1], orgId?: string) => {
    const user = await createUser(t.db, role, orgId);
    return { user, client: await signInAsBrowser(t.app, user.email, TEST_PASSWORD) };
  };
  const scenarioOf = async (courseId: string, title: string) => {
    const [row] = await t.db.query<{ id: string }>(
      `INSERT INTO course_scenarios (course_id, number, title, scenario)
       VALUES ($1, (SELECT coalesce(max(number), 0) + 1 FROM course_scenarios WHERE course_id = $1), $2, 'What happened')
       RETURNING id`,
      [courseId, title],
    );
    return row!.id;
  };

  it('changes a scenario from the library list, shows the library link, and re-renders a stale save with the current one', async () => {
    const { client } = await browser('business-unit');
    const course = await createCourse(t.db, 'Library course');
    const id = await scenarioOf(course.id, 'Shared bed');
    const library = await createLibraryReview(t.db, 'Baby R: a night out of routine', 'Eastmoor', 2023);
    const editUrl = `/courses/${course.id}/scenarios/${id}/edit`;
    const form = await client.get(editUrl);
    assert.equal(form.statusCode, 200);
    assert.match(
      form.body,
      /From the library of other areas&#39; reviews \(optional\)|From the library of other areas' reviews \(optional\)/,
    );
    assert.match(form.body, /Baby R: a night out of routine — Eastmoor, 2023/);
    const bad = await client.post(
      `/courses/${course.id}/scenarios/${id}`,
      { title: '', scenario: 'x', version: '1' },
      editUrl,
    );
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /href="#title">Enter the scenario title/);
    const saved = await client.post(
      `/courses/${course.id}/scenarios/${id}`,
      { title: 'Shared bed, changed', scenario: 'What happened', libraryReviewId: library, version: '1' },
      editUrl,
    );
    assert.equal(saved.statusCode, 302);
    const page = await client.get(`/courses/${course.id}`);
    assert.match(
      page.body,
      new RegExp(`href="/library/reviews/${library}">Baby R: a night out of routine — Eastmoor, 2023</a>`),
    );
    const stale = await client.post(
      `/courses/${course.id}/scenarios/${id}`,
      { title: 'Mine', scenario: 'Mine', version: '1' },
      editUrl,
    );
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /Scenario 1 now says/);
    assert.match(stale.body, /Shared bed, changed/);
    assert.match(stale.body, /name="version" value="2"/);

    const api = await signInAsApi(t.app, (await createUser(t.db, 'practitioner')).email, TEST_PASSWORD);
    const json = (await api.get(`/api/v1/courses/${course.id}`)).json();
    assert.equal(json.scenarios[0].libraryReviewId, library);
  });

  it('removes a scenario through a confirmation page; others get 403', async () => {
    const { client } = await browser('business-unit');
    const course = await createCourse(t.db);
    const first = await scenarioOf(course.id, 'First');
    await scenarioOf(course.id, 'Second');
    const url = `/courses/${course.id}/scenarios/${first}/remove`;
    const confirm = await client.get(url);
    assert.equal(confirm.statusCode, 200);
    assert.match(confirm.body, /Are you sure you want to remove scenario 1: First\?/);
    const { client: practitioner } = await browser('practitioner');
    assert.equal((await practitioner.get(url)).statusCode, 403);
    const removed = await client.post(url, {});
    assert.equal(removed.statusCode, 302);
    const page = await client.get(`/courses/${course.id}`);
    assert.match(page.body, /Scenario 1: Second/);
    assert.match(page.body, /Scenario “First” removed/);
    assert.doesNotMatch(page.body, /Scenario \d: First/);
    assert.doesNotMatch(page.body, /Scenario 2:/);
  });

  it('changes a session with the capacity error beside the field, then cancels it with a reason', async () => {
    const { client } = await browser('business-unit');
    const gp = await createOrganisation(t.db, 'gp-practice');
    const course = await createCourse(t.db, 'Session course');
    const sessionId = await createSession(t.db, course.id, 10, 3);
    for (let i = 0; i < 2; i++) {
      const u = await createUser(t.db, 'practitioner', gp.id);
      const api = await signInAsApi(t.app, u.email, TEST_PASSWORD);
      assert.equal((await api.post(`/api/v1/training/sessions/${sessionId}/bookings`, {})).statusCode, 201);
    }
    const editUrl = `/training-sessions/${sessionId}/edit`;
    const form = await client.get(editUrl);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /Change the session/);
    const date = addDays(londonToday(), 10).split('-');
    const fields = {
      'date-day': date[2]!,
      'date-month': date[1]!,
      'date-year': date[0]!,
      startTime: '09:30',
      endTime: '12:00',
      mode: 'in-person',
      venue: 'Room 1',
      facilitator: 'Dr Facilitator',
      version: '1',
    };
    const tooFew = await client.post(
      `/training-sessions/${sessionId}`,
      { ...fields, capacity: '1' },
      editUrl,
    );
    assert.equal(tooFew.statusCode, 400);
    assert.match(
      tooFew.body,
      /href="#capacity">The number of places cannot be fewer than the 2 people booked/,
    );
    const saved = await client.post(`/training-sessions/${sessionId}`, { ...fields, capacity: '5' }, editUrl);
    assert.equal(saved.statusCode, 302);

    const cancelUrl = `/training-sessions/${sessionId}/cancel`;
    const confirm = await client.get(cancelUrl);
    assert.match(confirm.body, /2 people have a place/);
    const noReason = await client.post(cancelUrl, { reason: '' });
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /href="#reason">Enter why the session is cancelled/);
    assert.equal((await client.post(cancelUrl, { reason: 'The room is flooded' })).statusCode, 302);
    const page = await client.get(`/training-sessions/${sessionId}`);
    assert.match(page.body, /This session is cancelled/);
    assert.match(page.body, /Reason: The room is flooded/);
    assert.equal((await client.get(editUrl)).statusCode, 403);
    const api = await signInAsApi(
      t.app,
      (await createUser(t.db, 'practitioner', gp.id)).email,
      TEST_PASSWORD,
    );
    const json = (await api.get(`/api/v1/training/sessions/${sessionId}`)).json();
    assert.deepEqual(
      { cancelled: json.cancelled, cancelReason: json.cancelReason, booked: json.booked },
      { cancelled: true, cancelReason: 'The room is flooded', booked: 0 },
    );
    const refused = await api.post(`/api/v1/training/sessions/${sessionId}/bookings`, {});
    assert.equal(refused.statusCode, 400);
    assert.equal(refused.json().fields[0].message, 'This session is cancelled');
    const coursePage = await client.get(`/courses/${course.id}`);
    assert.match(coursePage.body, /govuk-tag--red">Cancelled/);
  });

  it('says a session with attendance recorded cannot be cancelled', async () => {
    const { client } = await browser('business-unit');
    const sessionId = await createSession(t.db, (await createCourse(t.db)).id, -2);
    const u = await createUser(t.db, 'practitioner', (await createOrganisation(t.db, 'gp-practice')).id);
    await createAttendance(t.db, sessionId, u);
    const confirm = await client.get(`/training-sessions/${sessionId}/cancel`);
    assert.equal(confirm.statusCode, 200);
    assert.match(confirm.body, /Attendance has been recorded for this session, so it cannot be cancelled/);
    assert.doesNotMatch(confirm.body, /name="reason"/);
  });

  it('changes and cancels a session by API, with 400, 403 and 409 as the contract says', async () => {
    const manager = await createUser(t.db, 'business-unit');
    const api = await signInAsApi(t.app, manager.email, TEST_PASSWORD);
    const sessionId = await createSession(t.db, (await createCourse(t.db)).id, 21, 1);
    const gp = await createOrganisation(t.db, 'gp-practice');
    const people = [];
    for (let i = 0; i < 2; i++) {
      const u = await createUser(t.db, 'practitioner', gp.id);
      const client = await signInAsApi(t.app, u.email, TEST_PASSWORD);
      await client.post(`/api/v1/training/sessions/${sessionId}/bookings`, {});
      people.push(client);
    }
    const url = `/api/v1/training/sessions/${sessionId}`;
    assert.equal((await people[0]!.patch(url, { version: 1, capacity: 5 })).statusCode, 403);
    const tooFew = await api.patch(url, { version: 1, capacity: 0 });
    assert.equal(tooFew.statusCode, 400);
    assert.equal(tooFew.json().fields[0].path, 'capacity');
    const more = await api.patch(url, { version: 1, capacity: 2, venue: 'Room 9' });
    assert.equal(more.statusCode, 200, more.body);
    assert.deepEqual(
      {
        capacity: more.json().capacity,
        venue: more.json().venue,
        booked: more.json().booked,
        version: more.json().version,
      },
      { capacity: 2, venue: 'Room 9', booked: 2, version: 2 },
      'the one waiting got the new place; the rest of the session is unchanged',
    );
    assert.equal((await api.patch(url, { version: 1, capacity: 3 })).statusCode, 409);

    const noReason = await api.post(`${url}/cancellation`, {});
    assert.equal(noReason.statusCode, 400);
    assert.equal(noReason.json().fields[0].path, 'reason');
    const cancelled = await api.post(`${url}/cancellation`, { reason: 'Snow' });
    assert.equal(cancelled.statusCode, 200);
    assert.equal(cancelled.json().cancelled, true);
    assert.equal((await api.patch(url, { version: 3, capacity: 4 })).statusCode, 403);
  });

  it('refuses a date in the past next to the date field, and in the API naming the field; a stale version is 409 first', async () => {
    const { user, client } = await browser('business-unit');
    const course = await createCourse(t.db, 'Past date course');
    const sessionId = await createSession(t.db, course.id, 10, 3);
    const editUrl = `/training-sessions/${sessionId}/edit`;
    const past = await client.post(
      `/training-sessions/${sessionId}`,
      {
        'date-day': '1',
        'date-month': '1',
        'date-year': '2020',
        startTime: '09:00',
        endTime: '10:00',
        mode: 'in-person',
        venue: 'Room 1',
        capacity: '5',
        facilitator: 'Dr Facilitator',
        version: '1',
      },
      editUrl,
    );
    assert.equal(past.statusCode, 400);
    assert.match(past.body, /href="#date[^"]*">The date of the session must be today or in the future/);
    const api = await signInAsApi(t.app, user.email, TEST_PASSWORD);
    const viaApi = await api.patch(`/api/v1/training/sessions/${sessionId}`, {
      date: '2020-01-01',
      version: 1,
    });
    assert.equal(viaApi.statusCode, 400);
    assert.ok(viaApi.json().fields.some((f: { path: string }) => f.path === 'date'));

    const attended = await createSession(t.db, course.id, -30, 5);
    await createAttendance(t.db, attended, await createUser(t.db, 'practitioner'));
    const moved = await api.patch(`/api/v1/training/sessions/${attended}`, {
      date: addDays(londonToday(), 40),
      version: 1,
    });
    assert.equal(moved.statusCode, 400);
    assert.match(moved.body, /the record stands/);

    assert.equal(
      (await api.post(`/api/v1/training/sessions/${sessionId}/cancellation`, { reason: 'Ill' })).statusCode,
      200,
    );
    const stale = await api.patch(`/api/v1/training/sessions/${sessionId}`, { capacity: 7, version: 1 });
    assert.equal(stale.statusCode, 409);
    const staleCancel = await api.post(`/api/v1/training/sessions/${sessionId}/cancellation`, {
      reason: 'Again',
      version: 1,
    });
    assert.equal(staleCancel.statusCode, 409);
  });
});
