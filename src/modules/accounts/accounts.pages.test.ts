import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  createOrganisation,
  createReviewWithAction,
  createUser,
  TEST_PASSWORD,
} from '../../../test/factories.ts';
import {
  buildTestApp,
  cookieFrom,
  csrfFrom,
  signInAsApi,
  signInAsBrowser,
  type TestContext,
} from '../../../test/test-app.ts';
import type { Role } from '../../platform/http/current-user.ts';

const NEW_PASSWORD = 'lighthouse meadow parsnip';

describe('Account pages', () => {
  let ctx: TestContext;
  let manager: Awaited<ReturnType<typeof signInAsBrowser>>;
  let managerId: string;
  before(async () => {
    ctx = await buildTestApp();
    const user = await createUser(ctx.db, 'business-unit');
    managerId = user.id;
    manager = await signInAsBrowser(ctx.app, user.email, TEST_PASSWORD);
  });
  after(() => ctx.close());

  /** The newest e-mail to an address, and the path of the link in it. */
  async function lastEmailTo(address: string) {
    const rows = await ctx.db.query<{ subject: string; body: string }>(
      'SELECT subject, body FROM outbox WHERE to_address = $1 ORDER BY created_at DESC, id LIMIT 1',
      [address],
    );
    assert.ok(rows[0], `no e-mail to ${address}`);
    const url = /https?:\/\/\S+\/account-links\/[A-Za-z0-9_-]{43}/.exec(rows[0].body)?.[0];
    assert.ok(url, 'no link in the e-mail');
    return { ...rows[0], url, path: new URL(url).pathname };
  }

  /** Opens a link's form as a new visitor and posts passwords to it. */
  async function setPassword(path: string, password: string, confirmPassword = password) {
    const form = await ctx.app.inject({ method: 'GET', url: path });
    assert.equal(form.statusCode, 200, form.body);
    return ctx.app.inject({
      method: 'POST',
      url: path,
      headers: { cookie: cookieFrom(form) },
      payload: { _csrf: csrfFrom(form.body), password, confirmPassword },
    });
  }

  async function invite(fields: Partial<Record<string, string>> = {}) {
    const organisation = await createOrganisation(ctx.db, 'police');
    const email = `new.${randomUUID().slice(0, 8)}@police.example`;
    const response = await manager.post('/users/invite', {
      name: 'Sam Jones',
      email,
      organisationId: organisation.id,
      role: 'organisation-lead',
      jobTitle: 'Detective Inspector',
      ...fields,
    });
    return { response, email, organisation };
  }

  const userRow = async (email: string) =>
    (
      await ctx.db.query<{ id: string; version: number; passwordHash: string | null; active: boolean }>(
        `SELECT id, version, password_hash AS "passwordHash", active FROM users WHERE email = $1`,
        [email],
      )
    )[0]!;

  const auditEvents = async (subjectId: string) =>
    (
      await ctx.db.query<{ event: string; actorUserId: string | null }>(
        `SELECT event, actor_user_id AS "actorUserId" FROM audit_events WHERE subject_type = 'user' AND subject_id = $1 ORDER BY id`,
        [subjectId],
      )
    ).map((r) => r.event);

  it('invites a user, whose one-time link sets a password they can then sign in with', async () => {
    const { response, email } = await invite();
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /Invitation sent/);
    assert.equal(response.headers['cache-control'], 'no-store');
    const mail = await lastEmailTo(email);
    assert.equal(mail.subject, 'Your Lantern account');
    assert.match(mail.body, /Dear Sam Jones/);
    assert.ok(mail.url.startsWith('http://localhost:80/account-links/'), mail.url);
    assert.ok(response.body.includes(`<code>${mail.url}</code>`), 'the link is shown once to the admin');

    const user = await userRow(email);
    assert.equal(user.passwordHash, null);
    const token = mail.path.split('/').pop()!;
    const stored = await ctx.db.query<{ tokenHash: string; purpose: string; hours: number }>(
      `SELECT token_hash AS "tokenHash", purpose, round(extract(epoch FROM expires_at - now()) / 3600)::int AS hours
         FROM account_tokens WHERE user_id = $1`,
      [user.id],
    );
    assert.deepEqual(stored, [
      { tokenHash: createHash('sha256').update(token).digest('hex'), purpose: 'invitation', hours: 168 },
    ]);

    const list = await manager.get('/users?status=invited');
    assert.match(
      list.body,
      new RegExp(`${email}</td>[\\s\\S]*?Organisation safeguarding lead[\\s\\S]*?Invited`),
    );

    const weak = await setPassword(mail.path, 'password1234');
    assert.equal(weak.statusCode, 400);
    assert.match(weak.body, /<a href="#password">Password is too easy to guess/);
    assert.match(weak.body, /id="password-error"[\s\S]*?Password is too easy to guess/);
    assert.ok(!weak.body.includes('password1234'), 'the password is not echoed back');
    assert.equal((await userRow(email)).passwordHash, null, 'a refused password does not spend the link');

    const mismatch = await setPassword(mail.path, NEW_PASSWORD, 'something else entirely');
    assert.equal(mismatch.statusCode, 400);
    assert.match(mismatch.body, /id="confirmPassword-error"[\s\S]*?The passwords do not match/);

    const done = await setPassword(mail.path, NEW_PASSWORD);
    assert.equal(done.statusCode, 200, done.body);
    assert.match(done.body, /Your password is set/);

    const browser = await signInAsBrowser(ctx.app, email, NEW_PASSWORD);
    assert.equal((await browser.get('/account')).statusCode, 200);

    const again = await ctx.app.inject({ method: 'GET', url: mail.path });
    assert.equal(again.statusCode, 410);
    assert.match(again.body, /This link has expired or has already been used/);
    assert.deepEqual(await auditEvents(user.id), ['user.invited', 'user.password-set', 'auth.signed-in']);
    assert.equal(
      (await manager.get('/users?status=active&role=organisation-lead')).body.includes(email),
      true,
    );
  });

  it('refuses the user’s e-mail address as their password, next to the field', async () => {
    const { email } = await invite();
    const { path } = await lastEmailTo(email);
    const response = await setPassword(path, email.toUpperCase());
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /id="password-error"[\s\S]*?Password must not be your email address/);
    const short = await setPassword(path, 'short one');
    assert.match(short.body, /id="password-error"[\s\S]*?Password must be 12 characters or more/);
  });

  it('shows a kind message for an expired link, an unknown one, and refuses a post to either', async () => {
    const { email } = await invite();
    const { path } = await lastEmailTo(email);
    const form = await ctx.app.inject({ method: 'GET', url: path });
    await ctx.db.query(
      "UPDATE account_tokens SET expires_at = now() - interval '1 minute' WHERE user_id = (SELECT id FROM users WHERE email = $1)",
      [email],
    );
    for (const url of [path, '/account-links/not-a-token', `/account-links/${'A'.repeat(43)}`]) {
      const response = await ctx.app.inject({ method: 'GET', url });
      assert.equal(response.statusCode, 410, url);
      assert.match(response.body, /ask your partnership's business unit to send you a new link/);
    }
    const late = await ctx.app.inject({
      method: 'POST',
      url: path,
      headers: { cookie: cookieFrom(form) },
      payload: { _csrf: csrfFrom(form.body), password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD },
    });
    assert.equal(late.statusCode, 410);
    assert.equal((await userRow(email)).passwordHash, null);
  });

  it('re-renders the invitation with errors, and refuses an e-mail address already in use', async () => {
    const empty = await manager.post('/users/invite', {}, '/users/invite');
    assert.equal(empty.statusCode, 400);
    for (const text of [
      'Enter their full name',
      'Enter their email address',
      'Select an organisation',
      'Select a role',
    ])
      assert.match(empty.body, new RegExp(`govuk-error-summary[\\s\\S]*${text}`));
    const existing = await createUser(ctx.db, 'practitioner');
    const { response } = await invite({ email: existing.email.toUpperCase() });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /<a href="#email">There is already an account with this email address/);
  });

  it('sends a reset link that replaces the password once used; the old password works until then', async () => {
    const user = await createUser(ctx.db, 'practitioner');
    const page = await manager.get(`/users/${user.id}`);
    assert.match(page.body, /Send a password reset link/);
    const sent = await manager.post(`/users/${user.id}/link`, {}, `/users/${user.id}`);
    assert.equal(sent.statusCode, 200);
    assert.match(sent.body, /Password reset link sent/);
    const mail = await lastEmailTo(user.email);
    assert.equal(mail.subject, 'Reset your Lantern password');
    const [link] = await ctx.db.query<{ purpose: string; hours: number }>(
      `SELECT purpose, round(extract(epoch FROM expires_at - now()) / 3600)::int AS hours FROM account_tokens
        WHERE user_id = $1 AND used_at IS NULL`,
      [user.id],
    );
    assert.deepEqual(link, { purpose: 'password-reset', hours: 2 });
    await signInAsBrowser(ctx.app, user.email, TEST_PASSWORD);
    assert.equal((await setPassword(mail.path, NEW_PASSWORD)).statusCode, 200);
    await assert.rejects(signInAsBrowser(ctx.app, user.email, TEST_PASSWORD), /401/);
    await signInAsBrowser(ctx.app, user.email, NEW_PASSWORD);
    const events = await auditEvents(user.id);
    assert.ok(
      events.includes('user.password-reset-sent') && events.includes('user.password-set'),
      String(events),
    );
  });

  it('deactivates a leaver: signed out, API token dead, cannot sign in, open actions listed', async () => {
    const org = await createOrganisation(ctx.db, 'nhs-trust');
    const leaver = await createUser(ctx.db, 'practitioner', org.id);
    const browser = await signInAsBrowser(ctx.app, leaver.email, TEST_PASSWORD);
    const api = await signInAsApi(ctx.app, leaver.email, TEST_PASSWORD);
    const open = await createReviewWithAction(ctx.db, org.id, {
      ownerUserId: leaver.id,
      description: 'Audit the ward',
    });
    await createReviewWithAction(ctx.db, org.id, {
      ownerUserId: leaver.id,
      status: 'closed',
      description: 'Closed one',
    });

    const confirm = await manager.get(`/users/${leaver.id}/deactivate`);
    assert.match(confirm.body, /Deactivate Test practitioner’s account/);
    const response = await manager.post(
      `/users/${leaver.id}/deactivate`,
      { version: '1' },
      `/users/${leaver.id}/deactivate`,
    );
    assert.equal(response.statusCode, 302);
    assert.equal(response.headers.location, `/users/${leaver.id}/deactivated`);
    const done = await manager.get(`/users/${leaver.id}/deactivated`);
    assert.match(done.body, /Account deactivated/);
    assert.ok(
      done.body.includes(`<a class="govuk-link" href="/actions/${open.action.id}">Audit the ward</a>`),
    );
    assert.ok(!done.body.includes('Closed one'));

    assert.equal((await browser.get('/account')).statusCode, 302);
    assert.equal((await api.get('/api/v1/me')).statusCode, 401);
    await assert.rejects(signInAsBrowser(ctx.app, leaver.email, TEST_PASSWORD), /401/);
    const [row] = await ctx.db.query<{
      active: boolean;
      deactivated: boolean;
      sessions: number;
      tokens: number;
    }>(
      `SELECT active, deactivated_at IS NOT NULL AS deactivated,
              (SELECT count(*)::int FROM sessions WHERE user_id = u.id) AS sessions,
              (SELECT count(*)::int FROM api_tokens WHERE user_id = u.id) AS tokens
         FROM users u WHERE id = $1`,
      [leaver.id],
    );
    assert.deepEqual(row, { active: false, deactivated: true, sessions: 0, tokens: 0 });
    assert.match((await manager.get('/users?status=deactivated')).body, new RegExp(leaver.email));

    const reactivated = await manager.post(
      `/users/${leaver.id}/reactivate`,
      { version: '2' },
      `/users/${leaver.id}`,
    );
    assert.equal(reactivated.statusCode, 302);
    await signInAsBrowser(ctx.app, leaver.email, TEST_PASSWORD);
    const events = await auditEvents(leaver.id);
    assert.ok(events.includes('user.deactivated') && events.includes('user.reactivated'), String(events));
  });

  it('changes role and organisation, and answers a stale edit with 409 and what changed', async () => {
    const user = await createUser(ctx.db, 'practitioner');
    const police = await createOrganisation(ctx.db, 'police', `Police ${randomUUID().slice(0, 8)}`);
    const saved = await manager.post(
      `/users/${user.id}/edit`,
      { version: '1', role: 'organisation-lead', organisationId: police.id },
      `/users/${user.id}/edit`,
    );
    assert.equal(saved.statusCode, 302);
    const stale = await manager.post(
      `/users/${user.id}/edit`,
      { version: '1', role: 'reviewer', organisationId: police.id },
      `/users/${user.id}/edit`,
    );
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /Someone else saved a change to this record/);
    assert.match(
      stale.body,
      new RegExp(`Role: Organisation safeguarding lead. Organisation: ${police.name}`),
    );
    assert.match(stale.body, /name="version" value="2"/);
    const [row] = await ctx.db.query<{ role: string; before: unknown; after: unknown }>(
      `SELECT u.role, a.before, a.after FROM users u JOIN audit_events a ON a.subject_id = u.id::text
        WHERE u.id = $1 AND a.event = 'user.updated'`,
      [user.id],
    );
    assert.deepEqual(row, {
      role: 'organisation-lead',
      before: { role: 'practitioner', organisationId: user.organisationId },
      after: { role: 'organisation-lead', organisationId: police.id },
    });
  });

  it('will not let a manager deactivate themselves', async () => {
    const response = await manager.post(
      `/users/${managerId}/deactivate`,
      { version: '1' },
      `/users/${managerId}/deactivate`,
    );
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /<a href="#active">You cannot change your own role or deactivate yourself/);
  });

  it('filters the list by organisation and role', async () => {
    const org = await createOrganisation(ctx.db, 'school');
    const lead = await createUser(ctx.db, 'organisation-lead', org.id);
    const practitioner = await createUser(ctx.db, 'practitioner', org.id);
    const elsewhere = await createUser(ctx.db, 'organisation-lead');
    const page = await manager.get(`/users?organisationId=${org.id}&role=organisation-lead`);
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes(lead.email));
    assert.ok(!page.body.includes(practitioner.email));
    assert.ok(!page.body.includes(elsewhere.email));
    assert.match(page.body, /1 user, by name/);
  });

  for (const role of ['organisation-lead', 'practitioner', 'reviewer', 'board-member'] as Role[]) {
    it(`answers 403 to a ${role} on every account-management page and form`, async () => {
      const other = await createUser(ctx.db, 'practitioner');
      const self = await createUser(ctx.db, role);
      const browser = await signInAsBrowser(ctx.app, self.email, TEST_PASSWORD);
      const gets = ['/users', '/users/invite', `/users/${other.id}`, `/users/${other.id}/edit`];
      gets.push(`/users/${other.id}/deactivate`, `/users/${other.id}/deactivated`, '/audit-log');
      for (const url of gets) assert.equal((await browser.get(url)).statusCode, 403, url);
      const posts: [string, Record<string, string>][] = [
        [
          '/users/invite',
          {
            name: 'X Y',
            email: 'xy@example.test',
            organisationId: other.organisationId,
            role: 'business-unit',
          },
        ],
        [`/users/${other.id}/edit`, { version: '1', role: 'business-unit' }],
        [`/users/${other.id}/link`, {}],
        [`/users/${other.id}/deactivate`, { version: '1' }],
        [`/users/${other.id}/reactivate`, { version: '1' }],
      ];
      for (const [url, payload] of posts) {
        const response = await browser.post(url, payload, '/account');
        assert.equal(response.statusCode, 403, url);
      }
      assert.equal((await userRow(other.email)).version, 1);
      assert.equal(
        (await ctx.db.query('SELECT 1 FROM users WHERE email = $1', ['xy@example.test'])).length,
        0,
      );
    });
  }

  it('sends someone who is not signed in to sign in', async () => {
    for (const url of ['/users', '/audit-log', '/account']) {
      const response = await ctx.app.inject({ method: 'GET', url });
      assert.equal(response.statusCode, 302, url);
      assert.match(String(response.headers.location), /^\/sign-in/);
    }
  });
});
