import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

/** Password of every demo account in the servers these tests start. */
export const DEMO_PASSWORD = 'e2e-demo-password';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// The first start runs initdb in WASM: about 20 s on a small machine, so allow plenty.
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

export interface RunningServer {
  baseUrl: string;
  stop(): Promise<void>;
}

/** A free port: listen on port 0, note what the OS chose, and let it go again. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', resolve);
  });
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('could not find a free port');
  return address.port;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export interface ServerOptions {
  /**
   * Runs on the new data folder before the server starts, for rows the demo does not have yet. It
   * must close the database it opens; the demo is still loaded, as long as no organisation is added.
   */
  prepare?: (dataDir: string) => Promise<void>;
  /** Settings beyond the suite's defaults, e.g. `LANTERN_TWO_FACTOR: 'required'`. */
  env?: Record<string, string>;
}

/**
 * Starts the real server (`src/server.ts`) as a child process on a fresh embedded database with the
 * demo partnership loaded, and resolves once `GET /health` answers 200.
 */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'lantern-e2e-'));
  await options.prepare?.(dataDir);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;

  // NODE_ENV=test would silence the logs we want when start-up fails, so run as development.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    LANTERN_DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    LANTERN_DEMO: '1',
    LANTERN_DEMO_PASSWORD: DEMO_PASSWORD,
    // A browser suite signs in far more often than a person: the limits are raised, not removed.
    LANTERN_SIGN_IN_PER_MINUTE: '1000',
    LANTERN_API_PER_MINUTE: '100000',
    // The suites sign the same demo people in many times a minute, which one-use codes forbid;
    // two-factor.e2e.ts runs with it required.
    LANTERN_TWO_FACTOR: 'optional',
    ...options.env,
  };
  delete env.DATABASE_URL; // always the embedded database, never a server the shell points at
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited(child);
      clearTimeout(timer);
    }
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    await waitForHealth(baseUrl, child);
  } catch (err) {
    await stop();
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`Lantern did not start: ${reason}\n--- server output ---\n${output}`);
  }
  return { baseUrl, stop };
}

export async function waitForHealth(baseUrl: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`the server exited (${child.exitCode ?? child.signalCode})`);
    try {
      const response = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return;
    } catch {
      // Not listening yet: try again shortly.
    }
    await sleep(250);
  }
  throw new Error(`GET /health did not answer 200 within ${START_TIMEOUT_MS / 1000} s`);
}
