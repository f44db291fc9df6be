import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import notifyClient from 'notifications-node-client';
import type { MailConfig } from '../../config.ts';

/** One e-mail as the outbox holds it. `reference` is the outbox row's id, for tracing at the provider. */
export interface OutgoingEmail {
  to: string;
  subject: string;
  body: string;
  reference: string;
}

/** Something that sends e-mail. `name` is recorded on each row it sends, and shown to admins. */
export interface Mailer {
  name: 'notify' | 'smtp';
  send(email: OutgoingEmail): Promise<void>;
}

/** The transport the configuration names, or null when none is set up (e-mails wait in the outbox). */
export function createMailer(config: MailConfig): Mailer | null {
  if (config.notify) return notifyMailer(config.notify);
  if (config.smtp) return smtpMailer(config.smtp.url, config.smtp.from);
  return null;
}

/**
 * GOV.UK Notify with one generic template whose content is `((body))` and subject `((subject))`,
 * so Lantern's wording stays in Lantern. `baseUrl` is for tests (a local fake of the API).
 */
export function notifyMailer({
  apiKey,
  templateId,
  baseUrl,
}: {
  apiKey: string;
  templateId: string;
  baseUrl?: string;
}): Mailer {
  const client = baseUrl
    ? new notifyClient.NotifyClient(baseUrl, apiKey)
    : new notifyClient.NotifyClient(apiKey);
  return {
    name: 'notify',
    async send(email) {
      try {
        await client.sendEmail(templateId, email.to, {
          personalisation: { subject: email.subject, body: email.body },
          reference: email.reference,
        });
      } catch (err) {
        throw new Error(notifyErrorText(err));
      }
    },
  };
}

/** Notify's own words for a refusal (`BadRequestError: Can't send to this recipient…`), not axios's. */
function notifyErrorText(err: unknown): string {
  const response = (err as { response?: { status?: number; data?: { errors?: unknown } } }).response;
  const errors = response?.data?.errors;
  if (Array.isArray(errors) && errors.length) {
    const parts = errors.map((e: { error?: string; message?: string }) => `${e.error}: ${e.message}`);
    return `GOV.UK Notify answered ${response?.status}: ${parts.join('; ')}`;
  }
  return err instanceof Error ? err.message : String(err);
}

/**
 * SMTP through nodemailer. `transport` is a URL (smtp://user:pass@host:587) or, in tests,
 * nodemailer's options for a transport that sends nowhere (`{ jsonTransport: true }`).
 */
export function smtpMailer(
  transport: string | SMTPTransport.Options | { jsonTransport: true } | { streamTransport: true },
  from: string,
  onSent?: (info: unknown) => void,
): Mailer {
  const transporter = nodemailer.createTransport(transport as SMTPTransport.Options);
  return {
    name: 'smtp',
    async send(email) {
      const info = await transporter.sendMail({
        from,
        to: email.to,
        subject: email.subject,
        text: email.body,
        headers: { 'X-Lantern-Reference': email.reference },
      });
      onSent?.(info);
    },
  };
}

/** The transport's name as admins read it. */
export const TRANSPORT_LABELS: Record<string, string> = { notify: 'GOV.UK Notify', smtp: 'SMTP' };
