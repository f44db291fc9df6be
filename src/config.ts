import path from 'node:path';
import { z } from 'zod';
import { parseKey } from './platform/crypto/secret-box.ts';

const perMinute = (name: string) =>
  z
    .string()
    .regex(/^[1-9]\d{0,8}$/, `${name} must be a whole number from 1 upwards`)
    .transform(Number)
    .optional();

const encryptionKey = (setting: string) =>
  z.string().refine((v) => {
    try {
      return parseKey(v, setting).length > 0;
    } catch {
      return false;
    }
  }, `${setting} must be 32 random bytes in base64 (make one with: openssl rand -base64 32)`);

/** Lantern's settings, read once from the environment and validated at start-up (fail fast). */
const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  // Not z.coerce: it reads an empty PORT as 0, which would listen on a random port.
  PORT: z
    .string()
    .regex(/^\d{1,5}$/, 'PORT must be a whole number from 0 to 65535')
    .default('3000')
    .transform(Number)
    .pipe(z.number().max(65535, 'PORT must be a whole number from 0 to 65535')),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres://')
    .optional(),
  LANTERN_DATA_DIR: z.string().min(1).default('./data'),
  LANTERN_DEMO: z.enum(['0', '1']).optional(),
  LANTERN_DEMO_PASSWORD: z.string().min(8, 'LANTERN_DEMO_PASSWORD must be at least 8 characters').optional(),
  /** Set when TLS terminates in front of Lantern: cookies become Secure and HSTS is sent. */
  LANTERN_TLS: z.enum(['0', '1']).default('0'),
  LANTERN_JOBS: z.enum(['0', '1']).default('1'),
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
  /** Encrypts authenticator app secrets at rest (platform/crypto/secret-box.ts); required in production. */
  LANTERN_ENCRYPTION_KEY: encryptionKey('LANTERN_ENCRYPTION_KEY').optional(),
  /** Keys being rotated out, comma-separated: they still open secrets, which are then sealed again. */
  LANTERN_ENCRYPTION_KEY_PREVIOUS: z
    .string()
    .optional()
    .transform((v) => (v ? v.split(',').map((k) => k.trim()) : []))
    .pipe(z.array(encryptionKey('LANTERN_ENCRYPTION_KEY_PREVIOUS'))),
  /** Rate limits per client address per minute (see platform/http/rate-limits.ts). */
  LANTERN_SIGN_IN_PER_MINUTE: perMinute('LANTERN_SIGN_IN_PER_MINUTE'),
  LANTERN_API_PER_MINUTE: perMinute('LANTERN_API_PER_MINUTE'),
  /** `required`: everyone who can see family records signs in with an authenticator app too. */
  LANTERN_TWO_FACTOR: z.enum(['required', 'optional']).default('required'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** GOV.UK Notify: an API key and one generic e-mail template with personalisation `subject` and `body`. */
  NOTIFY_API_KEY: z
    .string()
    .regex(/^.+-[0-9a-f-]{36}-[0-9a-f-]{36}$/i, 'NOTIFY_API_KEY must be a whole GOV.UK Notify API key')
    .optional(),
  NOTIFY_TEMPLATE_ID: z.string().uuid('NOTIFY_TEMPLATE_ID must be a template id (a UUID)').optional(),
  /** Or SMTP, e.g. smtp://user:pass@host:587, with the sender's address in MAIL_FROM. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'SMTP_URL must start with smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z.string().email('MAIL_FROM must be an e-mail address').optional(),
  /** Sign-in through an organisation's identity provider by OpenID Connect (see oidcConfig). */
  LANTERN_OIDC_ISSUER: z
    .string()
    .url(
      "LANTERN_OIDC_ISSUER must be the identity provider's issuer address, e.g. https://login.example/tenant/v2.0",
    )
    .optional(),
  LANTERN_OIDC_CLIENT_ID: z.string().min(1).max(500).optional(),
  LANTERN_OIDC_CLIENT_SECRET: z.string().min(1).max(2000).optional(),
  LANTERN_OIDC_LABEL: z
    .string()
    .trim()
    .min(1)
    .max(100, 'LANTERN_OIDC_LABEL must be at most 100 characters')
    .default("Sign in with your organisation's account"),
  LANTERN_OIDC_EMAIL_CLAIM: z
    .string()
    .regex(
      /^[\w.:-]{1,100}$/,
      'LANTERN_OIDC_EMAIL_CLAIM must be a claim name, e.g. email or preferred_username',
    )
    .default('email'),
  LANTERN_OIDC_MFA: z.enum(['trust-idp', 'lantern']).default('lantern'),
});

export interface Config {
  env: 'development' | 'test' | 'production';
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  loadDemo: boolean;
  demoPassword: string | undefined;
  tls: boolean;
  /** Run the background jobs (reminders, digests, e-mail) in this instance. */
  jobs: boolean;
  sessionSecret: string | undefined;
  encryption: EncryptionConfig;
  logLevel: string;
  auth: AuthPolicy;
  mail: MailConfig;
  /** Sign-in through an organisation's identity provider; undefined when not set up. */
  oidc: OidcConfig | undefined;
}

/** An organisation's OpenID Connect identity provider (e.g. Microsoft Entra ID). */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The text of the button on the sign-in page. */
  label: string;
  /** The ID token claim that holds the person's e-mail address (Entra ID: often `preferred_username`). */
  emailClaim: string;
  /**
   * `trust-idp`: Lantern's own authenticator-app step is skipped when the ID token's `amr` says the
   * identity provider used more than one factor. `lantern`: the same second step as after a password.
   */
  mfa: 'trust-idp' | 'lantern';
}

/**
 * The keys that encrypt secrets at rest, in base64. Without `key` (never in production) a
 * development key is generated and kept in the database (see composition.ts).
 */
export interface EncryptionConfig {
  key: string | undefined;
  previousKeys: string[];
}

/** How e-mail leaves the outbox: GOV.UK Notify, SMTP, or not at all (it waits in the outbox). */
export interface MailConfig {
  notify?: { apiKey: string; templateId: string };
  smtp?: { url: string; from: string };
}

/** Sign-in throttling policy: failures slow down, then lock the account for a while. */
export interface AuthPolicy {
  /** Failed attempts (per e-mail address) before the account is locked. */
  maxFailures: number;
  lockMinutes: number;
  /** Extra delay per consecutive failure, doubling each time, capped at 2 s. */
  failureDelayMs: number;
  sessionIdleMinutes: number;
  /** A session ends this long after sign-in however busy it has been; the person signs in again. */
  sessionAbsoluteHours: number;
  apiTokenHours: number;
  /** Sign-in attempts per client address per minute (all accounts together). */
  signInPerMinute: number;
  /** API and FHIR requests per client address per minute. */
  apiPerMinute: number;
  /**
   * `required`: people who can see family records must sign in with an authenticator app code as
   * well as their password. `optional`: only those who have set one up.
   */
  twoFactor: 'required' | 'optional';
  /**
   * Show the current code on the two-factor pages to demo accounts (…@demo.lantern.test), so the
   * fictional partnership can be tried without a phone. Only ever on when the demo is loaded.
   */
  demoCodes: boolean;
}

export const defaultAuthPolicy: AuthPolicy = {
  maxFailures: 5,
  lockMinutes: 15,
  failureDelayMs: 250,
  sessionIdleMinutes: 60,
  sessionAbsoluteHours: 12,
  apiTokenHours: 8,
  signInPerMinute: 30,
  apiPerMinute: 1200,
  twoFactor: 'required',
  demoCodes: false,
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  // A key kept beside the data it protects protects nothing: production must be given one.
  if (e.NODE_ENV === 'production' && !e.LANTERN_ENCRYPTION_KEY)
    throw new Error(
      'Invalid configuration: LANTERN_ENCRYPTION_KEY is required in production ' +
        '(32 random bytes in base64: openssl rand -base64 32). Keep it safe apart from the database backups.',
    );
  const mail = mailConfig(e);
  const embedded = !e.DATABASE_URL;
  // The demo partnership loads by default only on the embedded database (contract).
  const loadDemo = e.LANTERN_DEMO ? e.LANTERN_DEMO === '1' : embedded;
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.LANTERN_DATA_DIR),
    loadDemo,
    demoPassword: e.LANTERN_DEMO_PASSWORD,
    tls: e.LANTERN_TLS === '1',
    jobs: e.LANTERN_JOBS === '1',
    sessionSecret: e.SESSION_SECRET,
    encryption: { key: e.LANTERN_ENCRYPTION_KEY, previousKeys: e.LANTERN_ENCRYPTION_KEY_PREVIOUS },
    logLevel: e.LOG_LEVEL,
    auth: {
      ...defaultAuthPolicy,
      signInPerMinute: e.LANTERN_SIGN_IN_PER_MINUTE ?? defaultAuthPolicy.signInPerMinute,
      apiPerMinute: e.LANTERN_API_PER_MINUTE ?? defaultAuthPolicy.apiPerMinute,
      twoFactor: e.LANTERN_TWO_FACTOR,
      demoCodes: loadDemo,
    },
    mail,
    oidc: oidcConfig(e, env),
  };
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * All or nothing: an issuer without its client id and secret (or a client id without an issuer) is
 * a mistake, not a half-working sign-in button. Plain http is allowed only on this machine (tests,
 * a local identity provider); anywhere else tokens would cross the network in clear.
 */
function oidcConfig(e: z.output<typeof EnvSchema>, env: NodeJS.ProcessEnv): OidcConfig | undefined {
  const required = ['LANTERN_OIDC_ISSUER', 'LANTERN_OIDC_CLIENT_ID', 'LANTERN_OIDC_CLIENT_SECRET'] as const;
  const optional = ['LANTERN_OIDC_LABEL', 'LANTERN_OIDC_EMAIL_CLAIM', 'LANTERN_OIDC_MFA'] as const;
  const set = [...required, ...optional].filter((name) => env[name]);
  if (set.length === 0) return undefined;
  const missing = required.filter((name) => !env[name]);
  if (missing.length)
    throw new Error(
      `Invalid configuration: ${set.join(', ')} ${set.length === 1 ? 'is' : 'are'} set, so sign-in through an organisation's identity provider also needs ${missing.join(' and ')}; or unset them all to turn it off`,
    );
  const issuer = new URL(e.LANTERN_OIDC_ISSUER!);
  if (issuer.protocol !== 'https:' && !(issuer.protocol === 'http:' && LOOPBACK.has(issuer.hostname)))
    throw new Error('Invalid configuration: LANTERN_OIDC_ISSUER must start with https://');
  return {
    issuer: e.LANTERN_OIDC_ISSUER!,
    clientId: e.LANTERN_OIDC_CLIENT_ID!,
    clientSecret: e.LANTERN_OIDC_CLIENT_SECRET!,
    label: e.LANTERN_OIDC_LABEL,
    emailClaim: e.LANTERN_OIDC_EMAIL_CLAIM,
    mfa: e.LANTERN_OIDC_MFA,
  };
}

/** One e-mail service or none: both at once would leave it unclear which one sends. */
function mailConfig(e: z.output<typeof EnvSchema>): MailConfig {
  const problems: string[] = [];
  const notify = e.NOTIFY_API_KEY || e.NOTIFY_TEMPLATE_ID;
  const smtp = e.SMTP_URL || e.MAIL_FROM;
  if (notify && smtp)
    problems.push('set either NOTIFY_API_KEY and NOTIFY_TEMPLATE_ID, or SMTP_URL and MAIL_FROM, not both');
  else if (notify && !(e.NOTIFY_API_KEY && e.NOTIFY_TEMPLATE_ID))
    problems.push('NOTIFY_API_KEY and NOTIFY_TEMPLATE_ID must be set together');
  else if (smtp && !(e.SMTP_URL && e.MAIL_FROM)) problems.push('SMTP_URL and MAIL_FROM must be set together');
  if (problems.length) throw new Error(`Invalid configuration: ${problems.join('; ')}`);
  if (e.NOTIFY_API_KEY && e.NOTIFY_TEMPLATE_ID)
    return { notify: { apiKey: e.NOTIFY_API_KEY, templateId: e.NOTIFY_TEMPLATE_ID } };
  if (e.SMTP_URL && e.MAIL_FROM) return { smtp: { url: e.SMTP_URL, from: e.MAIL_FROM } };
  return {};
}
