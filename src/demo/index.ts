import { randomInt } from 'node:crypto';
import type { Config } from '../config.ts';
import type { Db } from '../platform/db/index.ts';
import { DEMO_USERS } from './demo-partnership.ts';
import { seedDemo } from './seed-demo.ts';

export { seedDemo } from './seed-demo.ts';

const WORDS = [
  'lantern',
  'harbour',
  'meadow',
  'copper',
  'willow',
  'orchard',
  'beacon',
  'thistle',
  'granite',
  'sparrow',
];

function generatePassword(): string {
  return (
    Array.from({ length: 4 }, () => WORDS[randomInt(WORDS.length)]).join('-') + `-${randomInt(100, 999)}`
  );
}

export function demoSignIns(password: string): string {
  const lines = DEMO_USERS.map((u) => `  ${u.email.padEnd(34)} ${u.jobTitle}`);
  return (
    `Demo sign-ins (password for all: ${password}):\n${lines.join('\n')}\n` +
    'Leads and practitioners, who can see family records, also set up an authenticator app at first\n' +
    'sign-in; for these fictional accounts the page shows the code the app would show.'
  );
}

/**
 * Loads the fictional Brookvale partnership into an empty database when the configuration asks
 * for it. A database that already holds data is never touched. Returns what to print, if anything.
 */
export async function loadDemoIfAsked(
  db: Db,
  config: Pick<Config, 'loadDemo' | 'demoPassword'>,
  /** Runs once the demo is in: the server sends the reminders the demo's dates call for. */
  afterLoad: () => Promise<unknown> = async () => undefined,
): Promise<string | null> {
  if (!config.loadDemo) return null;
  const existing = await db.query<{ value: string }>(
    "SELECT value FROM settings WHERE key = 'demo_password'",
  );
  if (existing[0]) return demoSignIns(existing[0].value);
  const password = config.demoPassword ?? generatePassword();
  const loaded = await seedDemo(db, password);
  if (!loaded) return null;
  // Kept so a restart can print the sign-ins again. Demo accounts only: all their data is fictional.
  await db.query("INSERT INTO settings (key, value) VALUES ('demo_password', $1)", [password]);
  await afterLoad();
  return `Loaded the fictional demo partnership "Brookvale".\n${demoSignIns(password)}`;
}
