import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addDays, londonToday } from '../../platform/clock.ts';
import { createOrganisation, createUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { buildTestApp, signInAsApi, signInAsBrowser, type TestContext } from '../../../test/test-app.ts';
import { csvRows, textOfPdf } from '../exports/exports.test-support.ts';
import { createAttendance, createCourse, createSession } from './training.test-support.ts';

describe('training routes', () => {
  let t: TestContext;
  let gp: { id: string; name: string };
  let course: { id: string; title: string };
  before(async () => {
    t = await buildTestApp();
    gp = await createOrganisation(t.db, 'gp-practice', 'Willow Lane Surgery');
    course = await createCourse(t.db, 'Safeguarding in primary care: learning from reviews');
  });
  after(() => t.close());
  const browser = async (role: Parameters<typeof createUser>[1], orgId?: string) => {
    const user = await createUser(t.db, role, orgId);
    return { user, client: await signInAsBrowser(t.app, user.email, TEST_PASSWORD) };
  };

  describe('pages', () => {
    it('shows the course list and the course page to a practitioner, without the manager’s buttons', async () => {
      const { client } = await browser('practitioner', gp.id);
      const list = await client.get('/courses');
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /<h1 class="govuk-heading-l">Training courses<\/h1>/);
      assert.match(list.body, /Safeguarding in primary care: learning from reviews/);
      assert.doesNotMatch(list.body, /Add a course/);
      const page = await client.get(`/courses/${course.id}`);
      assert.equal(page.statusCode, 200);
      assert.doesNotMatch(page.body, /Add a session/);
      assert.equal((await client.get('/courses/new')).statusCode, 403);
      assert.equal((await client.get(`/courses/${course.id}/coverage`)).statusCode, 403);
      assert.equal((await client.get('/courses/not-a-course')).statusCode, 404);
    });

    it('re-renders the new course form with an error summary when the title is empty', async () => {
      const { client } = await browser('business-unit');
      const response = await client.post('/courses', { title: '  ' }, '/courses/new');
      assert.equal(response.statusCode, 400);
      assert.match(response.body, /There is a problem/);
      assert.match(response.body, /href="#title">Enter the title/);
      const created = await client.post('/courses', { title: 'Neglect: seeing the child' }, '/courses/new');
      assert.equal(created.statusCode, 302);
      const [row] = await t.db.query<{ id: string }>(
        "SELECT id FROM courses WHERE title = 'Neglect: seeing the child'",
      );
      assert.equal(created.headers.location, `/courses/${row!.id}`);
    });

    it('a stale course change shows what the course now says, and saving again then works', async () => {
      const { client } = await browser('business-unit');
      const [row] = await t.db.query<{ id: string }>(
        "INSERT INTO courses (title) VALUES ('Stale course') RETURNING id",
      );
      const url = `/courses/${row!.id}`;
      await t.db.query(
        "UPDATE courses SET title = 'Renamed elsewhere', version = version + 1 WHERE id = $1",
        [row!.id],
      );
      const stale = await client.post(url, { title: 'My title', version: '1' }, `${url}/edit`);
      assert.equal(stale.statusCode, 409);
      assert.match(stale.body, /The course now says/);
      assert.match(stale.body, /Title: Renamed elsewhere/);
      assert.match(stale.body, /name="version" value="2"/);
      const again = await client.post(url, { title: 'My title', version: '2' }, `${url}/edit`);
      assert.equal(again.statusCode, 302);
    });

    it('writes a name that looks like a formula as plain text in the attendance CSV', async () => {
      const past = await createSession(t.db, (await createCourse(t.db, '=1+1 course')).id, -7);
      const sly = await createUser(t.db, 'practitioner', gp.id);
      await t.db.query(`UPDATE users SET name = '=HYPERLINK("http://x")' WHERE id = $1`, [sly.id]);
      await createAttendance(t.db, past, sly);
      const { client } = await browser('business-unit');
      const rows = csvRows((await client.get('/training-attendance.csv')).rawPayload);
      assert.ok(rows.some((r) => r[0] === `'=HYPERLINK("http://x")`));
      assert.ok(rows.some((r) => r[2] === "'=1+1 course"));
      assert.ok(!rows.some((r) => r.some((cell) => cell.startsWith('='))));
    });

    it('re-renders the session form with errors beside the fields', async () => {
      const { client } = await browser('business-unit');
      const url = `/courses/${course.id}/sessions`;
      const response = await client.post(url, { mode: 'in-person', capacity: 'lots' }, `${url}/new`);
      assert.equal(response.statusCode, 400);
      assert.match(response.body, /href="#date-day">Enter the date of the session/);
      assert.match(response.body, /Enter the number of places as a number, like 12/);
    });

    it('books, waiting-lists when full, and a cancellation promotes the first waiting', async () => {
      const sessionId = await createSession(t.db, course.id, 10, 1);
      const first = await browser('practitioner', gp.id);
      const second = await browser('organisation-lead', gp.id);
      const url = `/training-sessions/${sessionId}`;
      const booked = await first.client.post(`${url}/bookings`, { for: 'self' }, url);
      assert.equal(booked.statusCode, 302);
      assert.match((await first.client.get(url)).body, /You are booked on this session/);
      await second.client.post(`${url}/bookings`, { for: 'self' }, url);
      const waiting = await second.client.get(url);
      assert.match(waiting.body, /You are on the waiting list/);
      const [own] = await t.db.query<{ id: string }>(
        "SELECT id FROM training_bookings WHERE session_id = $1 AND user_id = $2 AND status = 'booked'",
        [sessionId, first.user.id],
      );
      const cancelled = await first.client.post(`${url}/bookings/${own!.id}/cancel`, {}, url);
      assert.equal(cancelled.statusCode, 302);
      assert.match((await second.client.get(url)).body, /You are booked on this session/);
    });

    it('shows the coverage page with a chart, the same figures in a table, and a CSV download', async () => {
      const past = await createSession(t.db, course.id, -40);
      const member = await createUser(t.db, 'practitioner', gp.id);
      await createAttendance(t.db, past, member);
      const { client } = await browser('organisation-lead', gp.id);
      const page = await client.get(`/courses/${course.id}/coverage`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<svg [^>]*role="img"/);
      assert.match(page.body, /GP practices reached in the last 12 months: the figures/);
      assert.match(page.body, /<th scope="row" class="govuk-table__header">Willow Lane Surgery<\/th>/);
      assert.doesNotMatch(page.body, /Invite the/, 'only the business unit invites');
      const bad = await client.get(`/courses/${course.id}/coverage?months=abc`);
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /href="#months">Months must be a whole number from 1 to 36/);
      const csv = await client.get(`/courses/${course.id}/coverage.csv?type=gp-practice`);
      assert.equal(csv.statusCode, 200);
      const rows = csvRows(csv.rawPayload);
      assert.deepEqual(rows[0], ['Organisation', 'Type', 'Reached', 'People attended', 'Last attended']);
      assert.deepEqual(
        rows.find((r) => r[0] === 'Willow Lane Surgery'),
        ['Willow Lane Surgery', 'gp-practice', 'Yes', '1', addDays(londonToday(), -40)],
      );
    });

    it('invites unreached practices in one step, or says why not', async () => {
      const other = await createCourse(t.db, 'Course without sessions');
      const { client } = await browser('business-unit');
      const url = `/courses/${other.id}/coverage`;
      const refused = await client.post(`${url}/invitations`, { type: 'gp-practice', months: '12' }, url);
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /Add an upcoming session before inviting organisations/);
      await createSession(t.db, other.id, 30);
      const lead = await createUser(t.db, 'organisation-lead', gp.id);
      const done = await client.post(`${url}/invitations`, { type: 'gp-practice', months: '12' }, url);
      assert.equal(done.statusCode, 302);
      const notes = await t.db.query('SELECT 1 FROM notifications WHERE user_id = $1 AND kind = $2', [
        lead.id,
        'training-invitation',
      ]);
      assert.equal(notes.length, 1);
    });

    it('gives an attendee their certificate as a PDF with their name, course, date and hours; 404 for others', async () => {
      const past = await createSession(t.db, course.id, -5);
      const { user, client } = await browser('practitioner', gp.id);
      const bookingId = await createAttendance(t.db, past, user);
      const response = await client.get(`/training-sessions/${past}/bookings/${bookingId}/certificate`);
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers['content-type'], 'application/pdf');
      assert.equal(response.rawPayload.subarray(0, 5).toString(), '%PDF-');
      const text = textOfPdf(response.rawPayload);
      assert.match(text, /Certificate of attendance/);
      assert.match(text, /Test practitioner/);
      assert.match(text, /Willow Lane Surgery/);
      assert.match(text, /Safeguarding in primary care: learning from reviews/);
      assert.match(text, /Hours of learning: 2.5 hours/);
      const stranger = await browser('practitioner');
      const denied = await stranger.client.get(
        `/training-sessions/${past}/bookings/${bookingId}/certificate`,
      );
      assert.equal(denied.statusCode, 404);
      assert.match(
        (await client.get('/my-training')).body,
        /Certificate<span class="govuk-visually-hidden">/,
      );
    });

    it('takes feedback from an attendee and re-renders with an error when no rating is chosen', async () => {
      const past = await createSession(t.db, course.id, -2);
      const { user, client } = await browser('practitioner', gp.id);
      await createAttendance(t.db, past, user);
      const url = `/training-sessions/${past}/feedback`;
      const bad = await client.post(url, { comments: 'Good' }, url);
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /href="#rating">Select a rating from 1 to 5/);
      assert.equal((await client.post(url, { rating: '5', comments: 'Good' }, url)).statusCode, 302);
      const { client: manager } = await browser('business-unit');
      const page = await manager.get(`/training-sessions/${past}`);
      assert.match(page.body, /Average rating: <strong>5 out of 5<\/strong>/);
      assert.match(page.body, /Good/);
    });
    it('shows a lead their organisation’s attendance only, by organisation and person, with a CSV; 403 for a practitioner', async () => {
      const elsewhere = await createOrganisation(t.db, 'gp-practice', 'Birch Road Practice');
      const past = await createSession(t.db, course.id, -60);
      const ours = await createUser(t.db, 'practitioner', gp.id);
      await createAttendance(t.db, past, ours);
      await createAttendance(t.db, past, await createUser(t.db, 'practitioner', elsewhere.id));
      const { client } = await browser('organisation-lead', gp.id);
      const page = await client.get('/training-attendance');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Willow Lane Surgery/);
      assert.doesNotMatch(page.body, /Birch Road Practice/);
      const rows = csvRows((await client.get('/training-attendance.csv')).rawPayload);
      assert.deepEqual(rows[0], ['Name', 'Organisation', 'Course', 'Date', 'Attendance']);
      assert.ok(rows.slice(1).every((r) => r[1] === 'Willow Lane Surgery'));
      const { client: practitioner } = await browser('practitioner', gp.id);
      assert.equal((await practitioner.get('/training-attendance')).statusCode, 403);
    });

    it('lets a lead book a member of their staff, who is told', async () => {
      const sessionId = await createSession(t.db, course.id, 9);
      const colleague = await createUser(t.db, 'practitioner', gp.id);
      const { client } = await browser('organisation-lead', gp.id);
      const url = `/training-sessions/${sessionId}`;
      const empty = await client.post(`${url}/bookings`, { for: 'staff', userId: '' }, url);
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /href="#userId">Select a member of your organisation’s staff/);
      const done = await client.post(`${url}/bookings`, { for: 'staff', userId: colleague.id }, url);
      assert.equal(done.statusCode, 302);
      const notes = await t.db.query('SELECT 1 FROM notifications WHERE user_id = $1 AND kind = $2', [
        colleague.id,
        'training-booking',
      ]);
      assert.equal(notes.length, 1);
    });
  });

  describe('API', () => {
    it('lists courses in the contract envelope', async () => {
      const user = await createUser(t.db, 'practitioner', gp.id);
      const api = await signInAsApi(t.app, user.email, TEST_PASSWORD);
      const response = await api.get('/api/v1/courses?pageSize=200');
      assert.equal(response.statusCode, 200);
      const body = response.json();
      assert.ok(
        body.items.some((c: { id: string; title: string }) => c.id === course.id && c.title === course.title),
      );
      assert.equal(body.page, 1);
      assert.equal(body.pageSize, 200);
      assert.equal(typeof body.total, 'number');
    });

    it('answers coverage with one item per organisation, and 400 naming the field for bad input', async () => {
      const manager = await createUser(t.db, 'business-unit');
      const api = await signInAsApi(t.app, manager.email, TEST_PASSWORD);
      const ok = await api.get(`/api/v1/training/coverage?courseId=${course.id}&months=12`);
      assert.equal(ok.statusCode, 200);
      const items = ok.json().items as Record<string, unknown>[];
      const [count] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM organisations');
      assert.equal(items.length, count!.n);
      const willow = items.find((i) => i.organisationId === gp.id)!;
      assert.deepEqual(Object.keys(willow).sort(), [
        'attendees',
        'lastAttended',
        'organisationId',
        'organisationName',
        'organisationType',
      ]);
      assert.match(String(willow.lastAttended), /^\d{4}-\d{2}-\d{2}$/);
      for (const [query, field] of [
        ['months=12', 'courseId'],
        ['courseId=nope', 'courseId'],
        [`courseId=${course.id}&months=0`, 'months'],
        [`courseId=${course.id}&months=x`, 'months'],
      ]) {
        const bad = await api.get(`/api/v1/training/coverage?${query}`);
        assert.equal(bad.statusCode, 400, query);
        assert.equal(bad.json().error, 'validation');
        assert.equal(bad.json().fields[0].path, field, query);
      }
      const unknown = await api.get(
        '/api/v1/training/coverage?courseId=00000000-0000-4000-8000-000000000000',
      );
      assert.equal(unknown.statusCode, 404);
      const practitioner = await createUser(t.db, 'practitioner', gp.id);
      const papi = await signInAsApi(t.app, practitioner.email, TEST_PASSWORD);
      assert.equal((await papi.get(`/api/v1/training/coverage?courseId=${course.id}`)).statusCode, 403);
    });

    it('refuses by API to cancel on the day of the session, with 400; hides the link to join from those without a place', async () => {
      const today = await createSession(t.db, course.id, 0);
      await t.db.query(
        "UPDATE training_sessions SET mode = 'online', venue = '', online_link = 'https://meet.example.org/t' WHERE id = $1",
        [today],
      );
      const user = await createUser(t.db, 'practitioner', gp.id);
      const api = await signInAsApi(t.app, user.email, TEST_PASSWORD);
      const before = await api.get(`/api/v1/training/sessions/${today}`);
      assert.equal(before.statusCode, 200);
      assert.equal(before.json().onlineLink, null);
      const booked = await api.post(`/api/v1/training/sessions/${today}/bookings`, {});
      assert.equal(booked.statusCode, 201);
      assert.equal(
        (await api.get(`/api/v1/training/sessions/${today}`)).json().onlineLink,
        'https://meet.example.org/t',
      );
      const cancel = await api.post(
        `/api/v1/training/sessions/${today}/bookings/${booked.json().id}/cancel`,
        {},
      );
      assert.equal(cancel.statusCode, 400);
      assert.equal(cancel.json().error, 'validation');
    });

    it('books and cancels by API, with 201, 404 and 403', async () => {
      const sessionId = await createSession(t.db, course.id, 8, 1);
      const a = await signInAsApi(
        t.app,
        (await createUser(t.db, 'practitioner', gp.id)).email,
        TEST_PASSWORD,
      );
      const b = await signInAsApi(
        t.app,
        (await createUser(t.db, 'practitioner', gp.id)).email,
        TEST_PASSWORD,
      );
      const first = await a.post(`/api/v1/training/sessions/${sessionId}/bookings`, {});
      assert.equal(first.statusCode, 201);
      assert.equal(first.json().status, 'booked');
      const second = await b.post(`/api/v1/training/sessions/${sessionId}/bookings`, {});
      assert.equal(second.json().status, 'waiting');
      const sessions = await a.get(`/api/v1/courses/${course.id}/sessions`);
      const listed = sessions.json().items.find((s: { id: string }) => s.id === sessionId);
      assert.deepEqual([listed.booked, listed.waiting, listed.placesLeft], [1, 1, 0]);
      const cancel = await a.post(
        `/api/v1/training/sessions/${sessionId}/bookings/${first.json().id}/cancel`,
        {},
      );
      assert.equal(cancel.statusCode, 200);
      assert.equal(cancel.json().promoted.id, second.json().id);
      assert.equal((await b.get('/api/v1/training/bookings')).json().items[0].status, 'booked');
      assert.equal((await a.get('/api/v1/training/sessions/nope')).statusCode, 404);
      const board = await signInAsApi(t.app, (await createUser(t.db, 'board-member')).email, TEST_PASSWORD);
      assert.equal((await board.post(`/api/v1/training/sessions/${sessionId}/bookings`, {})).statusCode, 403);
    });
  });
});
