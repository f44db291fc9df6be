import { createHash, randomBytes } from 'node:crypto';
import type { LinkPurpose } from './accounts.types.ts';

/** How long each kind of link works: a week to accept an invitation, two hours to reset a password. */
export const LINK_LIFETIME_HOURS: Record<LinkPurpose, number> = { invitation: 7 * 24, 'password-reset': 2 };

/** Only the hash of a link's token is stored, so a copy of the database holds no working link. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** A new token: 32 random bytes, URL-safe (43 characters). */
export const newToken = (): string => randomBytes(32).toString('base64url');

/** A token as `newToken` makes them; anything else is not looked up at all. */
export const isWellFormedToken = (token: string): boolean => /^[A-Za-z0-9_-]{43}$/.test(token);

export const linkUrl = (baseUrl: string, token: string): string =>
  `${baseUrl.replace(/\/+$/, '')}/account-links/${token}`;

/** The plain-text e-mail that carries a link. */
export function linkMessage(
  purpose: LinkPurpose,
  m: { name: string; email: string; url: string; senderName: string },
): { subject: string; body: string } {
  if (purpose === 'invitation') {
    return {
      subject: 'Your Lantern account',
      body: [
        `Dear ${m.name},`,
        '',
        `${m.senderName} of the safeguarding children partnership's business unit has made you a Lantern account (${m.email}).`,
        '',
        'Set your password within 7 days using this link:',
        m.url,
        '',
        'The link works once. If it has expired, ask the business unit for a new one.',
        'If you did not expect this email, you can ignore it.',
      ].join('\n'),
    };
  }
  return {
    subject: 'Reset your Lantern password',
    body: [
      `Dear ${m.name},`,
      '',
      `${m.senderName} of the business unit has sent you a link to choose a new Lantern password.`,
      '',
      'Use it within 2 hours:',
      m.url,
      '',
      'The link works once. Your current password works until you choose a new one.',
      'If you did not ask for this, tell the business unit.',
    ].join('\n'),
  };
}

/** Where links point: the address the request came to (behind TLS, the proxy's scheme and host). */
export const baseUrlOf = (request: { protocol: string; host: string }): string =>
  `${request.protocol}://${request.host}`;
