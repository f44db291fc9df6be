import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createUser } from '../../../test/factories.ts';
import { createTestDb } from '../../../test/test-db.ts';
import { loadConfig } from '../../config.ts';
import type { Db } from '../../platform/db/index.ts';
import { createAuditRepository } from '../audit/index.ts';
import { createMailer, notifyMailer, smtpMailer, type Mailer } from './mailer.ts';
import { createNotificationsRepository } from './notifications.repository.ts';
import { createNotificationsService } from './notifications.service.ts';
import { createOutboxRepository } from './outbox.repository.ts';
import { createOutboxService } from './outbox.service.ts';

describe('Delivering the outbox', () => {
  let db: Db;
  before(async () => {
    db = await createTestDb();
  });
  after(() => db.close());

  const outboxWith = (mailer: Mailer | null) =>
    createOutboxService({ db, outbox: createOutboxRepository(), audit: createAuditRepository(), mailer });
  const notifications = () =>
    createNotificationsService({
      db,
      notifications: createNotificationsRepository(),
      audit: createAuditRepository(),
    });

  /** Starts each test from an empty queue: delivery takes whatever is waiting. */
  async function emptyOutbox() {
    await db.query('DELETE FROM outbox');
  }

  async function queue(subject = 'Action 1.1 is overdue') {
    const user = await createUser(db, 'organisation-lead');
    await db.transaction((tx) =>
      notifications().notify(tx, {
        userId: user.id,
        kind: 'action-overdue',
        subject,
        body: 'It was due on 1 March 2026.',
        link: '/actions/abc',
      }),
    );
    const [row] = await db.query<{ id: string }>('SELECT id FROM outbox WHERE user_id = $1', [user.id]);
    return { user, id: row!.id };
  }

  const row = async (id: string) =>
    (
      await db.query<{
        sentAt: Date | null;
        transport: string | null;
        attempts: number;
        lastError: string | null;
      }>(
        `SELECT sent_at AS "sentAt", transport, attempts, last_error AS "lastError" FROM outbox WHERE id = $1`,
        [id],
      )
    )[0]!;

  it('sends a queued e-mail once by SMTP (nodemailer’s JSON transport), marks it sent, and not again', async () => {
    await emptyOutbox();
    const { user, id } = await queue();
    const sent: { to: { address: string }[]; from: { address: string }; subject: string; text: string }[] =
      [];
    const mailer = smtpMailer({ jsonTransport: true }, 'lantern@brookvale.example', (info) =>
      sent.push(JSON.parse((info as { message: string }).message)),
    );
    const outbox = outboxWith(mailer);
    assert.deepEqual(await outbox.deliverOutbox({ limit: 10 }), { claimed: 1, sent: 1, failed: 0 });
    assert.equal(sent.length, 1);
    assert.equal(sent[0]!.to[0]!.address, user.email);
    assert.equal(sent[0]!.from.address, 'lantern@brookvale.example');
    assert.equal(sent[0]!.subject, 'Action 1.1 is overdue');
    assert.match(sent[0]!.text, /Open it in Lantern: \/actions\/abc/);
    const after = await row(id);
    assert.ok(after.sentAt);
    assert.equal(after.transport, 'smtp');

    assert.deepEqual(await outbox.deliverOutbox({ limit: 10 }), { claimed: 0, sent: 0, failed: 0 });
    assert.equal(sent.length, 1, 'not sent a second time');
  });

  it('writes the real message with the stream transport', async () => {
    await emptyOutbox();
    await queue('Due today');
    let raw = '';
    const mailer = smtpMailer(
      { streamTransport: true, buffer: true } as never,
      'lantern@brookvale.example',
      (info) => {
        raw = String((info as { message: Buffer }).message);
      },
    );
    await outboxWith(mailer).deliverOutbox();
    assert.match(raw, /^Subject: Due today$/m);
    assert.match(raw, /^X-Lantern-Reference: [0-9a-f-]{36}$/m);
  });

  it('counts a failure, keeps the error, and gives up after five attempts', async () => {
    await emptyOutbox();
    const { id } = await queue();
    let tries = 0;
    const failing: Mailer = {
      name: 'smtp',
      async send() {
        tries++;
        throw new Error('Connection refused by mail.example:587');
      },
    };
    const outbox = outboxWith(failing);
    assert.deepEqual(await outbox.deliverOutbox(), { claimed: 1, sent: 0, failed: 1 });
    const once = await row(id);
    assert.equal(once.attempts, 1);
    assert.equal(once.lastError, 'Connection refused by mail.example:587');
    assert.equal(once.sentAt, null);
    for (let i = 0; i < 6; i++) await outbox.deliverOutbox();
    assert.equal(tries, 5, 'no sixth attempt');
    assert.equal((await row(id)).attempts, 5);
  });

  it('leaves everything in the outbox when no e-mail service is set up', async () => {
    await emptyOutbox();
    const { id } = await queue();
    assert.equal(createMailer(loadConfig({ NODE_ENV: 'test' }).mail), null);
    assert.deepEqual(await outboxWith(null).deliverOutbox(), { claimed: 0, sent: 0, failed: 0 });
    assert.deepEqual(await row(id), { sentAt: null, transport: null, attempts: 0, lastError: null });
  });

  it('sends each e-mail once when two deliveries run at the same time, and skips rows another holds', async () => {
    await emptyOutbox();
    for (let i = 0; i < 6; i++) await queue(`Message ${i}`);
    const subjects: string[] = [];
    const slow: Mailer = {
      name: 'smtp',
      async send(email) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        subjects.push(email.subject);
      },
    };
    const outbox = outboxWith(slow);
    const [a, b] = await Promise.all([
      outbox.deliverOutbox({ limit: 4 }),
      outbox.deliverOutbox({ limit: 4 }),
    ]);
    assert.equal(a.sent + b.sent, 6);
    assert.equal(new Set(subjects).size, 6);
    assert.equal(subjects.length, 6);

    // A row claimed by an instance still sending (lease not run out) is left alone.
    const { id } = await queue('Claimed elsewhere');
    await db.query(`UPDATE outbox SET claimed_until = now() + interval '1 minute' WHERE id = $1`, [id]);
    assert.equal((await outbox.deliverOutbox()).claimed, 0);
    await db.query(`UPDATE outbox SET claimed_until = now() - interval '1 second' WHERE id = $1`, [id]);
    assert.equal((await outbox.deliverOutbox()).sent, 1, 'a lapsed lease is taken over');
  });

  describe('GOV.UK Notify', () => {
    let server: Server;
    let baseUrl: string;
    const requests: { method: string; url: string; authorization: string; body: Record<string, unknown> }[] =
      [];
    let answer: { status: number; body: unknown } = { status: 201, body: { id: randomUUID() } };
    const serviceId = randomUUID();
    const secret = randomUUID();
    const apiKey = `lantern_test-${serviceId}-${secret}`;
    const templateId = randomUUID();

    const readBody = async (req: IncomingMessage) => {
      let text = '';
      for await (const chunk of req) text += chunk;
      return JSON.parse(text) as Record<string, unknown>;
    };

    before(async () => {
      server = createServer(async (req, res) => {
        requests.push({
          method: req.method!,
          url: req.url!,
          authorization: String(req.headers.authorization),
          body: await readBody(req),
        });
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('posts the e-mail to Notify’s API with the generic template, signed with the key', async () => {
      await emptyOutbox();
      requests.length = 0;
      answer = { status: 201, body: { id: randomUUID() } };
      const { user, id } = await queue('Action 1.1 is overdue');
      const outbox = outboxWith(notifyMailer({ apiKey, templateId, baseUrl }));
      assert.deepEqual(await outbox.deliverOutbox(), { claimed: 1, sent: 1, failed: 0 });
      assert.equal(requests.length, 1);
      const [request] = requests;
      assert.equal(request!.method, 'POST');
      assert.equal(request!.url, '/v2/notifications/email');
      assert.equal(request!.body.template_id, templateId);
      assert.equal(request!.body.email_address, user.email);
      assert.equal(request!.body.reference, id);
      assert.deepEqual(request!.body.personalisation, {
        subject: 'Action 1.1 is overdue',
        body: 'It was due on 1 March 2026.\n\nOpen it in Lantern: /actions/abc',
      });
      // Notify's auth: a JWT whose issuer is the service id, signed (HS256) with the key's secret.
      const [header, payload, signature] = request!.authorization.replace(/^Bearer /, '').split('.');
      assert.equal(JSON.parse(Buffer.from(payload!, 'base64url').toString()).iss, serviceId);
      assert.equal(
        createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url'),
        signature,
      );
      assert.equal((await row(id)).transport, 'notify');
    });

    it('keeps Notify’s own words when it refuses', async () => {
      await emptyOutbox();
      answer = {
        status: 400,
        body: {
          status_code: 400,
          errors: [
            { error: 'BadRequestError', message: 'Can’t send to this recipient using a team-only API key' },
          ],
        },
      };
      const { id } = await queue();
      const result = await outboxWith(notifyMailer({ apiKey, templateId, baseUrl })).deliverOutbox();
      assert.deepEqual(result, { claimed: 1, sent: 0, failed: 1 });
      assert.equal(
        (await row(id)).lastError,
        'GOV.UK Notify answered 400: BadRequestError: Can’t send to this recipient using a team-only API key',
      );
    });
  });
});

describe('Mail settings', () => {
  const notify = { NOTIFY_API_KEY: `key-${randomUUID()}-${randomUUID()}`, NOTIFY_TEMPLATE_ID: randomUUID() };
  const smtp = { SMTP_URL: 'smtp://user:pass@mail.example:587', MAIL_FROM: 'lantern@brookvale.example' };

  it('chooses Notify, SMTP or nothing', () => {
    assert.equal(createMailer(loadConfig(notify).mail)?.name, 'notify');
    assert.equal(createMailer(loadConfig(smtp).mail)?.name, 'smtp');
    assert.equal(createMailer(loadConfig({}).mail), null);
  });

  it('refuses to start with both, or with half of either', () => {
    assert.throws(() => loadConfig({ ...notify, ...smtp }), /not both/);
    assert.throws(
      () => loadConfig({ SMTP_URL: smtp.SMTP_URL }),
      /SMTP_URL and MAIL_FROM must be set together/,
    );
    assert.throws(
      () => loadConfig({ NOTIFY_TEMPLATE_ID: notify.NOTIFY_TEMPLATE_ID }),
      /NOTIFY_API_KEY and NOTIFY_TEMPLATE_ID must be set together/,
    );
    assert.throws(() => loadConfig({ ...notify, NOTIFY_API_KEY: 'short' }), /NOTIFY_API_KEY: /);
  });
});
