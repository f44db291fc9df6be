import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Encryption of small secrets kept in the database (authenticator app secrets), with AES-256-GCM
 * under a key that is not in the database (LANTERN_ENCRYPTION_KEY), so a copy of the database
 * alone does not give them away. A sealed value is `v1:<key id>:<iv>:<tag>:<ciphertext>` (base64url):
 * the version says how it was sealed, the key id which key sealed it, so keys can be rotated (the
 * old key, LANTERN_ENCRYPTION_KEY_PREVIOUS, still opens values until they are sealed again).
 * `context` (the table, column and row) is bound in as associated data: a value copied to another
 * row does not open.
 */
export interface SecretBox {
  seal(plain: string, context: string): string;
  /**
   * The plain text, and whether it should be sealed again: it was sealed under a previous key, or
   * it is a value from before encryption (not in the sealed format at all). Throws SecretUnreadable.
   */
  open(stored: string, context: string): { plain: string; stale: boolean };
}

/** A sealed value no configured key opens (a wrong or missing key, or a changed value). */
export class SecretUnreadable extends Error {
  override name = 'SecretUnreadable';
}

const VERSION = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;

/** A short, public name for a key: which key sealed a value, without revealing the key. */
export const keyId = (key: Buffer): string =>
  createHash('sha256').update('lantern-key-id:').update(key).digest('base64url').slice(0, 8);

/** A 32-byte key from its base64 (or base64url) text; throws naming the setting if it is not one. */
export function parseKey(text: string, setting: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== KEY_BYTES || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(text.trim()))
    throw new Error(`${setting} must be 32 random bytes in base64 (make one with: openssl rand -base64 32)`);
  return key;
}

/** A new random key, in base64. */
export const newKey = (): string => randomBytes(KEY_BYTES).toString('base64');

export function isSealed(stored: string): boolean {
  return stored.startsWith(`${VERSION}:`);
}

export function createSecretBox(current: Buffer, previous: Buffer[] = []): SecretBox {
  const keys = new Map([current, ...previous].map((key) => [keyId(key), key] as const));
  const currentId = keyId(current);
  return {
    seal(plain, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current, iv);
      cipher.setAAD(Buffer.from(context));
      const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const parts = [iv, cipher.getAuthTag(), ciphertext].map((b) => b.toString('base64url'));
      return [VERSION, currentId, ...parts].join(':');
    },
    open(stored, context) {
      if (!isSealed(stored)) return { plain: stored, stale: true };
      const [, id, iv, tag, ciphertext] = stored.split(':');
      const key = id === undefined ? undefined : keys.get(id);
      if (!key || iv === undefined || tag === undefined || ciphertext === undefined)
        throw new SecretUnreadable(
          `A secret sealed under key ${id ?? '?'} cannot be opened: that key is neither ` +
            `LANTERN_ENCRYPTION_KEY (${currentId}) nor a LANTERN_ENCRYPTION_KEY_PREVIOUS`,
        );
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAAD(Buffer.from(context));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        const plain = Buffer.concat([
          decipher.update(Buffer.from(ciphertext, 'base64url')),
          decipher.final(),
        ]).toString('utf8');
        return { plain, stale: id !== currentId };
      } catch {
        throw new SecretUnreadable(`A secret sealed under key ${id} failed its integrity check`);
      }
    },
  };
}
