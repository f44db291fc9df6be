import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { buildTestApp, signInAsBrowser, type TestContext } from '../../../test/test-app.ts';
import type { Role } from '../../platform/http/current-user.ts';
import { NOTIFICATION_KINDS, type NotificationKind } from './notifications.types.ts';

describe('Notification pages', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await buildTestApp();
  });
  after(() => ctx.close());

  async function person(role: Role = 'organisation-lead') {
    const user = await createUser(ctx.db, role);
    return { user, browser: await signInAsBrowser(ctx.app, user.email, TEST_PASSWORD) };
  }

  const notify = (
    userId: string,
    subject: string,
    link?: string,
    kind: NotificationKind = 'action-overdue',
  ) =>
    ctx.db.transaction((tx) =>
      ctx.services.notifications.notify(tx, { userId, kind, subject, body: `About ${subject}.`, link }),
    );

  /** The header's Notifications item, as a screen reader announces it. */
  const headerCount = (html: string) =>
    /href="\/notifications"[^>]*>\s*(?:<strong[^>]*>)?(?:Notifications|<span aria-hidden="true">Notifications \((\d+)\)<\/span><span class="govuk-visually-hidden">Notifications, (\d+) unread<\/span>)/.exec(
      html,
    );

  describe('GET /notifications', () => {
    it('lists only the signed-in user’s notifications, newest first, unread ones tagged "New"', async () => {
      const { user, browser } = await person();
      const other = await createUser(ctx.db, 'organisation-lead');
      await notify(user.id, 'Action 1.1 is overdue');
      const read = await notify(user.id, 'Action 2.3 is due today');
      await ctx.db.query('UPDATE notifications SET read_at = now() WHERE id = $1', [read.id]);
      await notify(other.id, 'Someone else’s reminder');
      await ctx.db.query(
        `UPDATE notifications SET created_at = now() - interval '1 day' WHERE subject = $1`,
        ['Action 1.1 is overdue'],
      );

      const page = await browser.get('/notifications');
      assert.equal(page.statusCode, 200);
      assert.ok(!page.body.includes('Someone else’s reminder'));
      const due = page.body.indexOf('Action 2.3 is due today');
      const overdue = page.body.indexOf('Action 1.1 is overdue');
      assert.ok(due > 0 && overdue > due, 'newest first');
      assert.match(
        page.body,
        /<strong class="govuk-tag govuk-tag--blue">New<\/strong> Action 1.1 is overdue/,
      );
      assert.doesNotMatch(page.body, /New<\/strong> Action 2.3 is due today/);
      assert.match(page.body, /1 unread\./);
      assert.match(
        page.body,
        /Mark<span class="govuk-visually-hidden"> “Action 1.1 is overdue”<\/span> as read/,
      );
    });

    it('shows the unread count in the header of every signed-in page, in words for screen readers', async () => {
      const { user, browser } = await person();
      assert.equal(headerCount((await browser.get('/dashboard')).body)?.[1], undefined, 'no count when none');
      await notify(user.id, 'One');
      await notify(user.id, 'Two');
      for (const url of ['/dashboard', '/account', '/notifications']) {
        const match = headerCount((await browser.get(url)).body);
        assert.deepEqual([match?.[1], match?.[2]], ['2', '2'], url);
      }
    });

    it('pages through a long inbox with GOV.UK pagination', async () => {
      const { user, browser } = await person();
      for (let i = 1; i <= 22; i++) await notify(user.id, `Reminder number ${i}`);
      const first = await browser.get('/notifications');
      assert.match(first.body, /class="govuk-pagination/);
      assert.match(first.body, /href="\/notifications\?page=2"/);
      const second = await browser.get('/notifications?page=2');
      assert.equal((second.body.match(/Reminder number \d+\s*<\/h2>/g) ?? []).length, 2);
    });
  });

  describe('POST /notifications/:id/read', () => {
    it('marks it read and goes to what it is about', async () => {
      const { user, browser } = await person();
      const n = await notify(user.id, 'Action 1.1 is overdue', '/actions/abc');
      const response = await browser.post(`/notifications/${n.id}/read`, {}, '/notifications');
      assert.equal(response.statusCode, 302);
      assert.equal(response.headers.location, '/actions/abc');
      const [row] = await ctx.db.query<{ readAt: Date | null }>(
        'SELECT read_at AS "readAt" FROM notifications WHERE id = $1',
        [n.id],
      );
      assert.ok(row!.readAt);
      assert.equal(headerCount((await browser.get('/notifications')).body)?.[1], undefined);
    });

    it('never redirects to another site, whatever the stored link says', async () => {
      const { user, browser } = await person();
      const n = await notify(user.id, 'Odd link', '//evil.example/x');
      const response = await browser.post(`/notifications/${n.id}/read`, { page: '2' }, '/notifications');
      assert.equal(response.headers.location, '/notifications?page=2');
    });

    it('answers 404 for another user’s notification and leaves it unread', async () => {
      const { browser } = await person();
      const other = await createUser(ctx.db, 'organisation-lead');
      const n = await notify(other.id, 'Not yours');
      const response = await browser.post(`/notifications/${n.id}/read`, {}, '/notifications');
      assert.equal(response.statusCode, 404);
      const [row] = await ctx.db.query<{ readAt: Date | null }>(
        'SELECT read_at AS "readAt" FROM notifications WHERE id = $1',
        [n.id],
      );
      assert.equal(row!.readAt, null);
      assert.equal(
        (await browser.post('/notifications/not-a-uuid/read', {}, '/notifications')).statusCode,
        404,
      );
    });

    it('refuses a post without the CSRF token', async () => {
      const { user, browser } = await person();
      const n = await notify(user.id, 'Needs a token');
      const response = await ctx.app.inject({
        method: 'POST',
        url: `/notifications/${n.id}/read`,
        headers: { cookie: browser.cookie },
        payload: {},
      });
      assert.equal(response.statusCode, 403);
    });
  });

  it('POST /notifications/read-all marks all of the user’s own notifications read, no one else’s', async () => {
    const { user, browser } = await person();
    const other = await createUser(ctx.db, 'organisation-lead');
    await notify(user.id, 'A');
    await notify(user.id, 'B');
    await notify(other.id, 'C');
    const response = await browser.post('/notifications/read-all', {}, '/notifications');
    assert.equal(response.statusCode, 302);
    const page = await browser.get('/notifications');
    assert.match(page.body, /All your notifications are marked as read/);
    assert.doesNotMatch(page.body, />New</);
    const [{ n }] = (await ctx.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL',
      [other.id],
    )) as [{ n: number }];
    assert.equal(n, 1);
  });

  describe('/account/notifications', () => {
    it('lists every kind in plain English, all ticked at first, and links from the account page', async () => {
      const { browser } = await person();
      assert.match((await browser.get('/account')).body, /href="\/account\/notifications"/);
      const page = await browser.get('/account/notifications');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Send me an email when…/);
      assert.match(page.body, /An action you own is overdue/);
      assert.equal(
        (page.body.match(/name="emailKinds" type="checkbox" value="[a-z-]+" checked/g) ?? []).length,
        Object.keys(NOTIFICATION_KINDS).length,
      );
    });

    it('saves the choices, audits them, and stops those e-mails but not the inbox', async () => {
      const { user, browser } = await person();
      const response = await browser.post('/account/notifications', {
        emailKinds: ['action-overdue', 'action-escalated'],
      });
      assert.equal(response.statusCode, 302);
      const page = await browser.get('/account/notifications');
      assert.match(page.body, /Your email choices are saved/);
      assert.equal(
        (page.body.match(/name="emailKinds" type="checkbox" value="[a-z-]+" checked/g) ?? []).length,
        2,
      );

      await notify(user.id, 'Weekly', undefined, 'weekly-digest');
      await notify(user.id, 'Overdue', undefined, 'action-overdue');
      const mail = await ctx.db.query<{ subject: string }>('SELECT subject FROM outbox WHERE user_id = $1', [
        user.id,
      ]);
      assert.deepEqual(
        mail.map((m) => m.subject),
        ['Overdue'],
      );
      assert.equal(await ctx.services.notifications.unreadCount({ id: user.id } as never), 2);

      const [audit] = await ctx.db.query<{ after: { emailKinds: string[] } }>(
        `SELECT after FROM audit_events WHERE event = 'notification-preferences.changed' AND subject_id = $1`,
        [user.id],
      );
      assert.deepEqual(audit!.after.emailKinds, ['action-overdue', 'action-escalated']);
    });

    it('turns every e-mail off when nothing is ticked', async () => {
      const { browser } = await person();
      await browser.post('/account/notifications', {});
      const page = await browser.get('/account/notifications');
      assert.doesNotMatch(page.body, /name="emailKinds" type="checkbox" value="[a-z-]+" checked/);
    });

    it('re-renders with an error for a kind that does not exist', async () => {
      const { browser } = await person();
      const response = await browser.post('/account/notifications', { emailKinds: ['made-up'] });
      assert.equal(response.statusCode, 400);
      assert.match(response.body, /There is a problem/);
      assert.match(response.body, /<a href="#emailKinds">Choose from the list<\/a>/);
      assert.match(response.body, /id="emailKinds-error"/);
    });
  });

  describe('/outbox', () => {
    it('is refused (403) to anyone but the business unit', async () => {
      for (const role of ['organisation-lead', 'practitioner', 'board-member'] as const) {
        const { browser } = await person(role);
        assert.equal((await browser.get('/outbox')).statusCode, 403, role);
      }
      const { browser } = await person('organisation-lead');
      const [row] = await ctx.db.query<{ id: string }>(
        `INSERT INTO outbox (to_address, subject, body) VALUES ('x@example.test', 's', 'b') RETURNING id`,
      );
      assert.equal((await browser.get(`/outbox/${row!.id}`)).statusCode, 403);
    });

    it('shows the business unit each e-mail’s status in words, and its body, auditing the view', async () => {
      const { user, browser } = await person('business-unit');
      const [queued] = await ctx.db.query<{ id: string }>(
        `INSERT INTO outbox (to_address, subject, body) VALUES ('new.person@example.test', 'Your Lantern account', 'Set your password: http://localhost/account-links/secret') RETURNING id`,
      );
      await ctx.db.query(
        `INSERT INTO outbox (to_address, subject, body, attempts, last_error) VALUES ('a@example.test', 'Failing', 'b', 3, 'Connection refused')`,
      );
      await ctx.db.query(
        `INSERT INTO outbox (to_address, subject, body, sent_at, transport) VALUES ('b@example.test', 'Delivered', 'b', '2026-03-04T14:05:00Z', 'notify')`,
      );
      const list = await browser.get('/outbox');
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /new\.person@example\.test/);
      assert.match(list.body, /Not sent: no email service is set up/);
      assert.match(list.body, /Failed 3 times: Connection refused\. Lantern will try again\./);
      assert.match(list.body, /Sent by GOV\.UK Notify on 4 March 2026 at 2:05pm/);
      assert.ok(!list.body.includes('account-links/secret'), 'no bodies in the list');

      const show = await browser.get(`/outbox/${queued!.id}`);
      assert.equal(show.statusCode, 200);
      assert.equal(show.headers['cache-control'], 'no-store');
      assert.match(show.body, /Set your password: http:\/\/localhost\/account-links\/secret/);
      const audit = await ctx.db.query<{ actorUserId: string }>(
        `SELECT actor_user_id AS "actorUserId" FROM audit_events WHERE event = 'outbox.viewed' AND subject_id = $1`,
        [queued!.id],
      );
      assert.deepEqual(audit, [{ actorUserId: user.id }]);
      assert.equal((await browser.get('/outbox/00000000-0000-4000-8000-000000000000')).statusCode, 404);
    });
  });
});
