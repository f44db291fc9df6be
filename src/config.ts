import path from 'node:path';
import { z } from 'zod';

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
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
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
  logLevel: string;
  auth: AuthPolicy;
}

/** Sign-in throttling policy: failures slow down, then lock the account for a while. */
export interface AuthPolicy {
  /** Failed attempts (per e-mail address) before the account is locked. */
  maxFailures: number;
  lockMinutes: number;
  /** Extra delay per consecutive failure, doubling each time, capped at 2 s. */
  failureDelayMs: number;
  sessionIdleMinutes: number;
  apiTokenHours: number;
}

export const defaultAuthPolicy: AuthPolicy = {
  maxFailures: 5,
  lockMinutes: 15,
  failureDelayMs: 250,
  sessionIdleMinutes: 60,
  apiTokenHours: 8,
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  const embedded = !e.DATABASE_URL;
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.LANTERN_DATA_DIR),
    // The demo partnership loads by default only on the embedded database (contract).
    loadDemo: e.LANTERN_DEMO ? e.LANTERN_DEMO === '1' : embedded,
    demoPassword: e.LANTERN_DEMO_PASSWORD,
    tls: e.LANTERN_TLS === '1',
    jobs: e.LANTERN_JOBS === '1',
    sessionSecret: e.SESSION_SECRET,
    logLevel: e.LOG_LEVEL,
    auth: defaultAuthPolicy,
  };
}
