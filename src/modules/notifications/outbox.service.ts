import type { Db } from '../../platform/db/index.ts';
import { Forbidden, NotFound } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { formatDateTime } from '../../platform/views/filters.ts';
import { isUuid } from '../../platform/schema.ts';
import { auditActorOf, type AuditRepository } from '../audit/index.ts';
import { TRANSPORT_LABELS, type Mailer } from './mailer.ts';
import { MAX_ATTEMPTS, type OutboxRepository } from './outbox.repository.ts';
import type { OutboxEmail } from './notifications.types.ts';

export const OUTBOX_PAGE_SIZE = 25;

/** Where an e-mail stands, in words an admin can act on. */
export type OutboxStatus = { tag: 'Sent' | 'Waiting' | 'Not sent' | 'Failed'; text: string };

export interface DeliveryCounts {
  /** Rows this run took. */
  claimed: number;
  sent: number;
  failed: number;
}

/** The outbox: the business unit reads what Lantern e-mailed; a job delivers it when a transport is set up. */
export function createOutboxService({
  db,
  outbox,
  audit,
  mailer,
}: {
  db: Db;
  outbox: OutboxRepository;
  audit: AuditRepository;
  mailer: Mailer | null;
}) {
  function statusOf(email: OutboxEmail): OutboxStatus {
    const by = TRANSPORT_LABELS[email.transport ?? ''] ?? email.transport;
    if (email.sentAt) return { tag: 'Sent', text: `Sent by ${by} on ${formatDateTime(email.sentAt)}` };
    if (email.attempts > 0) {
      const times = email.attempts === 1 ? 'once' : `${email.attempts} times`;
      const next = email.attempts >= MAX_ATTEMPTS ? 'Lantern has stopped trying' : 'Lantern will try again';
      return { tag: 'Failed', text: `Failed ${times}: ${email.lastError ?? 'no reason given'}. ${next}.` };
    }
    if (!mailer) return { tag: 'Not sent', text: 'Not sent: no email service is set up' };
    return { tag: 'Waiting', text: 'Waiting to be sent' };
  }

  const assertBusinessUnit = (actor: Actor) => {
    if (actor.role !== 'business-unit')
      throw new Forbidden('Only the partnership business unit can read the e-mails Lantern sends');
  };

  return {
    async list(actor: Actor, page: number) {
      assertBusinessUnit(actor);
      const { items, total } = await outbox.list(db, { page, pageSize: OUTBOX_PAGE_SIZE });
      // The list shows no bodies (they hold one-time links), so only opening one is audited.
      return { items: items.map((e) => ({ ...e, status: statusOf(e) })), total, pageSize: OUTBOX_PAGE_SIZE };
    },

    /** One e-mail with its body. Audited: bodies can hold one-time sign-in links. */
    async get(actor: Actor, id: string) {
      assertBusinessUnit(actor);
      if (!isUuid(id)) throw new NotFound('E-mail');
      const email = await db.transaction(async (tx) => {
        const found = await outbox.get(tx, id);
        if (found)
          await audit.insert(tx, auditActorOf(actor), {
            event: 'outbox.viewed',
            subjectType: 'outbox',
            subjectId: id,
            details: { to: found.to, subject: found.subject },
          });
        return found;
      });
      if (!email) throw new NotFound('E-mail');
      return { ...email, status: statusOf(email) };
    },

    /**
     * Sends what is waiting, safely alongside other instances: claim a batch in a short transaction,
     * send with no transaction open (PGlite has one connection, and a network call must not hold
     * locks), then mark each row. With no transport it does nothing: the rows wait for the admin page.
     */
    async deliverOutbox({ limit = 50 }: { limit?: number } = {}): Promise<DeliveryCounts> {
      if (!mailer) return { claimed: 0, sent: 0, failed: 0 };
      const batch = await db.transaction((tx) => outbox.claim(tx, limit));
      let sent = 0;
      let failed = 0;
      for (const email of batch) {
        try {
          await mailer.send({ to: email.to, subject: email.subject, body: email.body, reference: email.id });
        } catch (err) {
          failed++;
          await outbox.markFailed(
            db,
            email.id,
            mailer.name,
            err instanceof Error ? err.message : String(err),
          );
          continue;
        }
        sent++;
        await outbox.markSent(db, email.id, mailer.name);
      }
      return { claimed: batch.length, sent, failed };
    },
  };
}
export type OutboxService = ReturnType<typeof createOutboxService>;
