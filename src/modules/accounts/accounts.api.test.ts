import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createOrganisation, createUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { buildTestApp, signInAsApi, type TestContext } from '../../../test/test-app.ts';
import type { Role } from '../../platform/http/current-user.ts';

describe('Users API', () => {
  let ctx: TestContext;
  let manager: Awaited<ReturnType<typeof signInAsApi>>;
  let managerId: string;
  before(async () => {
    ctx = await buildTestApp();
    const user = await createUser(ctx.db, 'business-unit');
    managerId = user.id;
    manager = await signInAsApi(ctx.app, user.email, TEST_PASSWORD);
  });
  after(() => ctx.close());

  const newEmail = () => `api.${randomUUID().slice(0, 8)}@trust.example`;

  it('POST /api/v1/users invites a user and returns 201 with the record, never the link', async () => {
    const org = await createOrganisation(ctx.db, 'nhs-trust');
    const email = newEmail();
    const response = await manager.post('/api/v1/users', {
      name: 'Priya Shah',
      email: email.toUpperCase(),
      organisationId: org.id,
      role: 'practitioner',
    });
    assert.equal(response.statusCode, 201, response.body);
    const body = response.json();
    assert.deepEqual(Object.keys(body).sort(), [
      'active',
      'createdAt',
      'deactivatedAt',
      'email',
      'id',
      'jobTitle',
      'name',
      'organisationId',
      'organisationName',
      'role',
      'status',
      'version',
    ]);
    assert.equal(body.email, email);
    assert.equal(body.status, 'invited');
    assert.equal(body.version, 1);
    assert.doesNotMatch(response.body, /account-links|token/i);
    const [mail] = await ctx.db.query<{ body: string }>('SELECT body FROM outbox WHERE to_address = $1', [
      email,
    ]);
    assert.match(mail!.body, /\/account-links\/[A-Za-z0-9_-]{43}/);
    const audit = await ctx.db.query<{ after: Record<string, unknown>; actor: string }>(
      `SELECT after, actor_user_id AS actor FROM audit_events WHERE event = 'user.invited' AND subject_id = $1`,
      [body.id],
    );
    assert.deepEqual(audit, [
      {
        actor: managerId,
        after: { name: 'Priya Shah', email, organisationId: org.id, role: 'practitioner', jobTitle: null },
      },
    ]);
  });

  it('POST /api/v1/users answers 400 with fields for bad input and a taken address', async () => {
    const bad = await manager.post('/api/v1/users', { name: '', email: 'not-an-email', role: 'king' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error, 'validation');
    const paths = bad
      .json()
      .fields.map((f: { path: string }) => f.path)
      .sort();
    assert.deepEqual(paths, ['email', 'name', 'organisationId', 'role']);
    const existing = await createUser(ctx.db, 'practitioner');
    const taken = await manager.post('/api/v1/users', {
      name: 'Someone',
      email: existing.email,
      organisationId: existing.organisationId,
      role: 'practitioner',
    });
    assert.equal(taken.statusCode, 400);
    assert.deepEqual(taken.json().fields, [
      { path: 'email', message: 'There is already an account with this email address' },
    ]);
  });

  it('GET /api/v1/users lists accounts newest first, filtered by organisation, role and status', async () => {
    const org = await createOrganisation(ctx.db, 'school');
    const first = await createUser(ctx.db, 'organisation-lead', org.id);
    const second = await createUser(ctx.db, 'organisation-lead', org.id);
    await createUser(ctx.db, 'practitioner', org.id);
    // Made in the same millisecond, the two would tie: the first is dated an hour earlier.
    await ctx.db.query("UPDATE users SET created_at = created_at - interval '1 hour' WHERE id = $1", [
      first.id,
    ]);
    const response = await manager.get(
      `/api/v1/users?organisationId=${org.id}&role=organisation-lead&pageSize=10`,
    );
    assert.equal(response.statusCode, 200);
    const body = response.json();
    assert.equal(body.total, 2);
    assert.equal(body.pageSize, 10);
    assert.deepEqual(
      body.items.map((u: { id: string }) => u.id),
      [second.id, first.id],
    );
    const invited = await manager.get(`/api/v1/users?organisationId=${org.id}&status=invited`);
    assert.equal(invited.json().total, 0);
    assert.equal((await manager.get('/api/v1/users?role=king')).statusCode, 400);
  });

  it('PATCH /api/v1/users/{id} changes the role, and a stale version gets 409 before anything else', async () => {
    const user = await createUser(ctx.db, 'practitioner');
    const changed = await manager.patch(`/api/v1/users/${user.id}`, { version: 1, role: 'reviewer' });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal(changed.json().role, 'reviewer');
    assert.equal(changed.json().version, 2);
    const stale = await manager.patch(`/api/v1/users/${user.id}`, { version: 1, role: 'king' });
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.json().error, 'conflict');
    const invalid = await manager.patch(`/api/v1/users/${user.id}`, { version: 2, role: 'king', email: 'x' });
    assert.equal(invalid.statusCode, 400);
    const noVersion = await manager.patch(`/api/v1/users/${user.id}`, { role: 'reviewer' });
    assert.equal(noVersion.statusCode, 400);
    const unknownOrg = await manager.patch(`/api/v1/users/${user.id}`, {
      version: 2,
      organisationId: randomUUID(),
    });
    assert.deepEqual(unknownOrg.json().fields, [
      { path: 'organisationId', message: 'Select an organisation from the list' },
    ]);
    assert.equal((await manager.patch(`/api/v1/users/${randomUUID()}`, { version: 1 })).statusCode, 404);
    assert.equal((await manager.get('/api/v1/users/not-a-uuid')).statusCode, 404);
  });

  it('PATCH active: false deactivates a leaver: their API token stops working and they cannot get another', async () => {
    const user = await createUser(ctx.db, 'organisation-lead');
    const theirs = await signInAsApi(ctx.app, user.email, TEST_PASSWORD);
    assert.equal((await theirs.get('/api/v1/me')).statusCode, 200);
    const response = await manager.patch(`/api/v1/users/${user.id}`, { version: 1, active: false });
    assert.equal(response.statusCode, 200);
    assert.equal(response.json().status, 'deactivated');
    assert.ok(response.json().deactivatedAt);
    assert.equal((await theirs.get('/api/v1/me')).statusCode, 401);
    await assert.rejects(signInAsApi(ctx.app, user.email, TEST_PASSWORD), /401/);
    const [audit] = await ctx.db.query<{ details: Record<string, number> }>(
      `SELECT details FROM audit_events WHERE event = 'user.deactivated' AND subject_id = $1`,
      [user.id],
    );
    assert.deepEqual(audit!.details, { sessionsEnded: 0, apiTokensRevoked: 1 });
    const back = await manager.patch(`/api/v1/users/${user.id}`, { version: 2, active: true });
    assert.equal(back.json().status, 'active');
    await signInAsApi(ctx.app, user.email, TEST_PASSWORD);
  });

  it('refuses to let the business unit deactivate its own caller', async () => {
    const response = await manager.patch(`/api/v1/users/${managerId}`, { version: 1, active: false });
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().fields[0].path, 'active');
  });

  for (const role of ['organisation-lead', 'practitioner', 'reviewer', 'board-member'] as Role[]) {
    it(`answers 403 to a ${role} on every users endpoint`, async () => {
      const self = await createUser(ctx.db, role);
      const api = await signInAsApi(ctx.app, self.email, TEST_PASSWORD);
      assert.equal((await api.get('/api/v1/users')).statusCode, 403);
      assert.equal((await api.get(`/api/v1/users/${self.id}`)).statusCode, 403);
      const invite = await api.post('/api/v1/users', {
        name: 'A B',
        email: newEmail(),
        organisationId: self.organisationId,
        role: 'business-unit',
      });
      assert.equal(invite.statusCode, 403);
      const promote = await api.patch(`/api/v1/users/${self.id}`, { version: 1, role: 'business-unit' });
      assert.equal(promote.statusCode, 403);
      assert.equal(promote.json().error, 'forbidden');
    });
  }

  it('answers 401 without a token', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/api/v1/users' });
    assert.equal(response.statusCode, 401);
  });

  it('documents the endpoints in the OpenAPI description', async () => {
    const doc = (await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    assert.ok(doc.paths['/api/v1/users'].get && doc.paths['/api/v1/users'].post);
    assert.ok(doc.paths['/api/v1/users/{id}'].patch);
  });
});
