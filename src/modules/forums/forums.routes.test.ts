import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addDays, londonToday } from '../../platform/clock.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { buildTestApp, signInAsApi, signInAsBrowser, type TestContext } from '../../../test/test-app.ts';
import { createActor, createOrganisation, TEST_PASSWORD } from '../../../test/factories.ts';

describe('forum pages and API', () => {
  let t: TestContext;
  let manager: Actor;
  let chair: Actor;
  let lead: Actor;
  let practitioner: Actor;
  let forumId: string;
  let meetingId: string;
  const missing = '00000000-0000-4000-8000-000000000000';
  before(async () => {
    t = await buildTestApp();
    manager = await createActor(t.db, 'business-unit');
    chair = await createActor(t.db, 'organisation-lead', (await createOrganisation(t.db, 'icb')).id);
    lead = await createActor(
      t.db,
      'organisation-lead',
      (await createOrganisation(t.db, 'gp-practice', 'Willow Surgery')).id,
    );
    await createOrganisation(t.db, 'gp-practice', 'Beech Practice');
    practitioner = await createActor(t.db, 'practitioner', lead.organisationId);
    forumId = (await t.services.forums.create(manager, { name: 'GP Forum' })).id;
    await t.services.forums.addMember(manager, forumId, { userId: chair.id, forumRole: 'chair' });
    await t.services.forums.addMember(manager, forumId, { userId: lead.id, forumRole: 'practice-lead' });
    meetingId = (
      await t.services.forumMeetings.schedule(chair, forumId, {
        meetingDate: addDays(londonToday(), -2),
        startTime: '12:30',
        format: 'in-person',
        venue: 'Room 2',
      })
    ).id;
  });
  after(() => t.close());

  it('shows the forum page to anyone signed in, with the practices not yet represented', async () => {
    const page = await signInAsBrowser(t.app, practitioner.email, TEST_PASSWORD);
    const list = await page.get('/forums');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /<h1 class="govuk-heading-l">Forums<\/h1>/);
    assert.doesNotMatch(list.body, /Create a forum/);
    const forum = await page.get(`/forums/${forumId}`);
    assert.equal(forum.statusCode, 200);
    assert.match(forum.body, /GP practices with no member yet/);
    assert.match(forum.body, /<li>Beech Practice<\/li>/);
    assert.doesNotMatch(forum.body, /<li>Willow Surgery<\/li>/);
    assert.doesNotMatch(forum.body, /Schedule a meeting/);
    assert.equal((await page.get(`/forums/${missing}`)).statusCode, 404);
    assert.equal((await page.get('/forums/nope')).statusCode, 404);
    assert.equal((await page.get(`/forums/${forumId}/meetings/${missing}`)).statusCode, 404);
  });

  it('keeps forums to signed-in users', async () => {
    assert.equal((await t.app.inject({ method: 'GET', url: `/forums/${forumId}` })).statusCode, 302);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/forums' })).statusCode, 401);
  });

  it('refuses the chair’s forms to others with 403', async () => {
    const page = await signInAsBrowser(t.app, lead.email, TEST_PASSWORD);
    assert.equal((await page.get(`/forums/${forumId}/meetings/new`)).statusCode, 403);
    assert.equal((await page.get(`/forums/${forumId}/meetings/${meetingId}/attendance`)).statusCode, 403);
    assert.equal((await page.get('/forums/new')).statusCode, 403);
    const post = await page.post(
      `/forums/${forumId}/meetings/${meetingId}/minutes`,
      { minutes: 'x', version: '1' },
      `/forums/${forumId}`,
    );
    assert.equal(post.statusCode, 403);
  });

  it('re-renders the meeting form with the error summary when the date is missing (400)', async () => {
    const page = await signInAsBrowser(t.app, chair.email, TEST_PASSWORD);
    const response = await page.post(
      `/forums/${forumId}/meetings`,
      { startTime: '25:00', format: 'online' },
      `/forums/${forumId}/meetings/new`,
    );
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /There is a problem/);
    assert.match(response.body, /href="#meetingDate-day"/);
    assert.match(response.body, /Enter the start time as hours and minutes/);
  });

  it('records attendance and a forum action from the meeting page, and the action shows in the tracker', async () => {
    const page = await signInAsBrowser(t.app, chair.email, TEST_PASSWORD);
    const meetingUrl = `/forums/${forumId}/meetings/${meetingId}`;
    const roll = (await t.services.forums.overview(chair, forumId)).members;
    const leadMember = roll.find((m) => m.userId === lead.id)!;
    const saved = await page.post(`${meetingUrl}/attendance`, { [`status-${leadMember.id}`]: 'present' });
    assert.equal(saved.statusCode, 302);
    const due = addDays(londonToday(), 21).split('-');
    const bad = await page.post(`${meetingUrl}/actions`, { description: '' }, `${meetingUrl}/actions/new`);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /There is a problem/);
    const added = await page.post(
      `${meetingUrl}/actions`,
      {
        description: 'Share the forum notes with the whole practice team',
        organisationId: lead.organisationId,
        'dueDate-day': due[2]!,
        'dueDate-month': due[1]!,
        'dueDate-year': due[0]!,
      },
      `${meetingUrl}/actions/new`,
    );
    assert.equal(added.statusCode, 302, added.body);
    const meeting = await page.get(meetingUrl);
    assert.match(meeting.body, /Share the forum notes with the whole practice team/);
    assert.match(meeting.body, /Not started/);
    assert.match(meeting.body, /1 member, from 1 GP practice/);

    const leadPage = await signInAsBrowser(t.app, lead.email, TEST_PASSWORD);
    const tracker = await leadPage.get('/actions');
    assert.match(tracker.body, /Share the forum notes with the whole practice team/);
    assert.match(tracker.body, /GP Forum, \d+ \w+ \d{4}/);
    const actionId = /href="\/actions\/([0-9a-f-]{36})">Share the forum notes/.exec(tracker.body)![1]!;
    const actionPage = await leadPage.get(`/actions/${actionId}`);
    assert.equal(actionPage.statusCode, 200);
    assert.match(actionPage.body, new RegExp(`href="${meetingUrl}"`));
    const csv = await leadPage.get('/actions/export.csv');
    assert.equal(csv.statusCode, 200);
    assert.match(csv.body, /GP Forum, \d+ \w+ \d{4}.*Share the forum notes/);
  });

  it('lists and reads forums by API, with 400, 403, 404 and 409 where the contract says', async () => {
    const api = await signInAsApi(t.app, manager.email, TEST_PASSWORD);
    const list = await api.get('/api/v1/forums');
    assert.equal(list.statusCode, 200);
    assert.deepEqual(Object.keys(list.json()).sort(), ['items', 'page', 'pageSize', 'total']);
    const detail = await api.get(`/api/v1/forums/${forumId}`);
    assert.equal(detail.statusCode, 200);
    assert.ok(
      detail.json().practicesWithoutMember.some((p: { name: string }) => p.name === 'Beech Practice'),
    );
    assert.equal((await api.get(`/api/v1/forums/${missing}`)).statusCode, 404);
    const bad = await api.post('/api/v1/forums', { name: '' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error, 'validation');
    const created = await api.post('/api/v1/forums', { name: 'Designated professionals forum' });
    assert.equal(created.statusCode, 201);
    const stale = await api.patch(`/api/v1/forums/${created.json().id}`, { name: 'Renamed', version: 7 });
    assert.equal(stale.statusCode, 409);
    const staleAndBad = await api.patch(`/api/v1/forums/${created.json().id}`, {
      name: '',
      colour: 'blue',
      version: 7,
    });
    assert.equal(staleAndBad.statusCode, 409, 'a stale version is a 409 before any other rule');
    const staleMeeting = await api.patch(`/api/v1/forums/${forumId}/meetings/${meetingId}`, {
      meetingDate: '2026-02-30',
      version: 99,
    });
    assert.equal(staleMeeting.statusCode, 409);
    const staleMinutes = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/forums/${forumId}/meetings/${meetingId}/minutes`,
      headers: { authorization: `Bearer ${api.token}` },
      payload: { minutes: 42, version: 99 },
    });
    assert.equal(staleMinutes.statusCode, 409);

    const leadApi = await signInAsApi(t.app, lead.email, TEST_PASSWORD);
    assert.equal((await leadApi.post('/api/v1/forums', { name: 'Mine' })).statusCode, 403);
    const meeting = await leadApi.get(`/api/v1/forums/${forumId}/meetings/${meetingId}`);
    assert.equal(meeting.statusCode, 200);
    assert.equal(meeting.json().venue, 'Room 2');
    const refused = await leadApi.post(`/api/v1/forums/${forumId}/meetings/${meetingId}/actions`, {
      organisationId: lead.organisationId,
      description: 'x',
      dueDate: '2026-12-01',
    });
    assert.equal(refused.statusCode, 403);

    const chairApi = await signInAsApi(t.app, chair.email, TEST_PASSWORD);
    const action = await chairApi.post(`/api/v1/forums/${forumId}/meetings/${meetingId}/actions`, {
      organisationId: lead.organisationId,
      description: 'Invite Beech Practice to send a lead',
      dueDate: addDays(londonToday(), 10),
    });
    assert.equal(action.statusCode, 201, action.body);
    assert.equal(action.json().recommendationId, null);
    assert.equal(action.json().forumMeetingId, meetingId);
    const fetched = await api.get(`/api/v1/actions/${action.json().id}`);
    assert.equal(fetched.statusCode, 200);
    const attendance = await chairApi.get(`/api/v1/forums/${forumId}/meetings`);
    assert.equal(attendance.json().total, 1);
  });
});
