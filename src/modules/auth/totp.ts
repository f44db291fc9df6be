import { randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

/** RFC 6238 as every authenticator app reads it by default: SHA-1, 6 digits, 30-second steps. */
const PERIOD = 30;
const ISSUER = 'Lantern';

const totpFor = (secretBase32: string, label = '') =>
  new TOTP({
    issuer: ISSUER,
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD,
    secret: Secret.fromBase32(secretBase32),
  });

/** A new 160-bit secret (the size RFC 4226 recommends), in base32 as apps take it. */
export const newTotpSecret = (): string => new Secret({ size: 20 }).base32;

/** The time step a moment falls in. */
export const stepAt = (now: number): number => Math.floor(now / 1000 / PERIOD);

/** The code an app shows for a step. */
export const codeForStep = (secretBase32: string, step: number): string =>
  totpFor(secretBase32).generate({ timestamp: step * PERIOD * 1000 });

/**
 * The step a code belongs to, if it is the current step's or one either side of it (phones'
 * clocks drift), else null. Spaces and hyphens people type between the digits are ignored.
 */
export function matchingStep(secretBase32: string, code: string, now: number): number | null {
  const token = code.replace(/[\s-]/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totpFor(secretBase32).validate({ token, timestamp: now, window: 1 });
  return delta === null ? null : stepAt(now) + delta;
}

/** The otpauth:// address an app reads from the QR code. */
export const totpUri = (secretBase32: string, accountName: string): string =>
  totpFor(secretBase32, accountName).toString();

/** The QR code as SVG markup, labelled for screen readers (the key is also shown as text). */
export async function qrCodeSvg(uri: string): Promise<string> {
  const svg = await QRCode.toString(uri, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
  return svg.replace(
    '<svg ',
    '<svg role="img" aria-label="QR code to scan with your authenticator app" width="200" height="200" ',
  );
}

/** The key in groups of four, easier to type into an app by hand. */
export const groupedKey = (secretBase32: string): string => secretBase32.replace(/(.{4})(?=.)/g, '$1 ');

/**
 * Ten one-use recovery codes of 10 characters from an alphabet without look-alikes (no 0/O, 1/I/L),
 * written as xxxxx-xxxxx: about 50 bits each.
 */
export function newRecoveryCodes(count = 10): string[] {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  return Array.from({ length: count }, () => {
    const chars = Array.from({ length: 10 }, () => alphabet[randomInt(alphabet.length)]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** A recovery code as typed (any case, spaces or hyphens anywhere) in its stored form, or null. */
export function normaliseRecoveryCode(input: string): string | null {
  const chars = input.toLowerCase().replace(/[\s-]/g, '');
  return /^[a-z2-9]{10}$/.test(chars) ? `${chars.slice(0, 5)}-${chars.slice(5)}` : null;
}
