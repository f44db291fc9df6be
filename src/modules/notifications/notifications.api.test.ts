import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { buildTestApp, signInAsApi, type TestContext } from '../../../test/test-app.ts';
import { NOTIFICATION_KINDS } from './notifications.types.ts';

describe('Notifications API', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await buildTestApp();
  });
  after(() => ctx.close());

  async function caller() {
    const user = await createUser(ctx.db, 'practitioner');
    return { user, api: await signInAsApi(ctx.app, user.email, TEST_PASSWORD) };
  }
  const notify = (userId: string, subject: string) =>
    ctx.db.transaction((tx) =>
      ctx.services.notifications.notify(tx, {
        userId,
        kind: 'action-due-soon',
        subject,
        body: 'Due in 5 working days.',
        link: '/actions/x',
      }),
    );

  it('GET /api/v1/notifications lists only the caller’s, newest first, and filters unread=true', async () => {
    const { user, api } = await caller();
    const other = await createUser(ctx.db, 'practitioner');
    const first = await notify(user.id, 'First');
    await notify(user.id, 'Second');
    await notify(other.id, 'Not yours');
    await ctx.db.query(
      `UPDATE notifications SET created_at = now() - interval '1 hour', read_at = now() WHERE id = $1`,
      [first.id],
    );

    const all = await api.get('/api/v1/notifications?pageSize=10');
    assert.equal(all.statusCode, 200);
    const body = all.json();
    assert.equal(body.total, 2);
    assert.equal(body.page, 1);
    assert.equal(body.pageSize, 10);
    assert.deepEqual(
      body.items.map((n: { subject: string }) => n.subject),
      ['Second', 'First'],
    );
    assert.equal(body.items[0].kind, 'action-due-soon');
    assert.equal(body.items[0].link, '/actions/x');
    assert.equal(body.items[0].readAt, null);
    assert.match(body.items[1].readAt, /^\d{4}-\d\d-\d\dT/);

    const unread = (await api.get('/api/v1/notifications?unread=true')).json();
    assert.equal(unread.total, 1);
    assert.equal(unread.items[0].subject, 'Second');

    const bad = await api.get('/api/v1/notifications?unread=yes');
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error, 'validation');
  });

  it('POST /api/v1/notifications/{id}/read marks the caller’s own one; anyone else’s is 404', async () => {
    const { user, api } = await caller();
    const other = await caller();
    const n = await notify(user.id, 'Mine');
    assert.equal((await other.api.post(`/api/v1/notifications/${n.id}/read`, {})).statusCode, 404);
    const response = await api.post(`/api/v1/notifications/${n.id}/read`, {});
    assert.equal(response.statusCode, 200);
    assert.equal(response.json().id, n.id);
    assert.ok(response.json().readAt);
    assert.equal((await api.get('/api/v1/notifications?unread=true')).json().total, 0);
    assert.equal((await api.post('/api/v1/notifications/nope/read', {})).statusCode, 404);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const path of [
      '/api/v1/notifications',
      '/api/v1/notifications/{id}/read',
      '/api/v1/me/notification-preferences',
    ])
      assert.ok(doc.paths[path], path);
    assert.ok(doc.paths['/api/v1/me/notification-preferences'].put);
    assert.equal(doc.paths['/notifications'], undefined, 'pages stay out of the API document');
  });

  it('needs a bearer token', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/api/v1/notifications' });
    assert.equal(response.statusCode, 401);
  });

  it('GET and PUT /api/v1/me/notification-preferences', async () => {
    const { user, api } = await caller();
    const initial = (await api.get('/api/v1/me/notification-preferences')).json();
    assert.equal(
      initial.emailKinds.length,
      Object.keys(NOTIFICATION_KINDS).length,
      'every kind by e-mail until turned off',
    );
    assert.deepEqual(initial.kinds[0], {
      kind: 'action-due-soon',
      description: 'An action you own is due soon',
      email: true,
    });

    const put = await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/me/notification-preferences',
      headers: { authorization: `Bearer ${api.token}` },
      payload: { emailKinds: ['action-overdue'] },
    });
    assert.equal(put.statusCode, 200, put.body);
    assert.deepEqual(put.json().emailKinds, ['action-overdue']);
    assert.deepEqual((await api.get('/api/v1/me/notification-preferences')).json().emailKinds, [
      'action-overdue',
    ]);

    await notify(user.id, 'Due soon, inbox only');
    assert.equal((await ctx.db.query('SELECT 1 FROM outbox WHERE user_id = $1', [user.id])).length, 0);
    assert.equal((await api.get('/api/v1/notifications')).json().total, 1);

    const bad = await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/me/notification-preferences',
      headers: { authorization: `Bearer ${api.token}` },
      payload: { emailKinds: ['made-up'] },
    });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error, 'validation');
    assert.equal(bad.json().fields[0].path, 'emailKinds.0');
  });
});
