import { hash, verify } from '@node-rs/argon2';

/** argon2id (the library's default algorithm) with its recommended memory and time costs. */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// Verifying against this when no account matches keeps the timing the same, so response times
// do not reveal which e-mail addresses have accounts.
const UNUSED_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$G5IeMNLJToiuXZhUX+cg5YDFjbOkzMneAUJpW2EFQNg';

export async function verifyPassword(passwordHash: string | undefined, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash ?? UNUSED_HASH, password);
  } catch {
    return false;
  }
}
