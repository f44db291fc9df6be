/**
 * Password rules after the NCSC's password guidance (2018, "Password administration for system
 * owners"): a minimum length and a deny-list of passwords that attackers try first, but no
 * composition rules (they make passwords harder to remember, not harder to guess) and no expiry.
 */
export const MIN_LENGTH = 12;
export const MAX_LENGTH = 256;

/** The commonest passwords of 12 or more characters in breach lists, and ones a Lantern user might pick. */
const DENY_LIST = new Set([
  'password1234',
  'password12345',
  'password123456',
  'passwordpassword',
  'password!234',
  'p@ssword1234',
  'p@ssw0rd1234',
  'passw0rd1234',
  '123456789012',
  '1234567890123',
  '12345678901234',
  '123456123456',
  '111111111111',
  'qwertyuiop12',
  'qwertyuiop123',
  'qwerty123456',
  '1q2w3e4r5t6y',
  '1qaz2wsx3edc',
  'qazwsxedcrfv',
  'iloveyou1234',
  'abcdefghijkl',
  'abc123abc123',
  'letmein12345',
  'welcome12345',
  'welcome123456',
  'changeme1234',
  'administrator',
  'football1234',
  'monkey123456',
  'sunshine1234',
  'lantern12345',
  'lanternlantern',
  'safeguarding',
  'safeguarding1',
  'safeguarding123',
  'brookvale123',
]);

/** Why a password would be refused, as a message for the field, or null when it is acceptable. */
export function passwordProblem(password: string, context: { email: string }): string | null {
  if (password.length < MIN_LENGTH) return `Password must be ${MIN_LENGTH} characters or more`;
  if (password.length > MAX_LENGTH) return `Password must be ${MAX_LENGTH} characters or fewer`;
  const lower = password.toLowerCase();
  const email = context.email.toLowerCase();
  const localPart = email.split('@')[0] ?? '';
  if (lower === email || lower === localPart || lower.includes(email)) {
    return 'Password must not be your email address';
  }
  if (DENY_LIST.has(lower) || /^(.)\1+$/u.test(password)) {
    return 'Password is too easy to guess. Choose a different one, for example three random words';
  }
  return null;
}
