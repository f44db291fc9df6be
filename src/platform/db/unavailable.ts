/**
 * Telling "the database cannot be reached just now" apart from every other failure. While
 * PostgreSQL is down or restarting, a request that needs it should be answered 503 (try again
 * shortly), not 500 (a fault in Lantern), and a background call that fails this way must not end
 * the process: the same call succeeds once the server is back and the pool has reconnected.
 */

/** SQLSTATE codes that mean the server is going away or not yet taking connections. */
const SERVER_CODES = new Set([
  '57P01', // admin_shutdown: `pg_ctl stop|restart -m fast`, or pg_terminate_backend
  '57P02', // crash_shutdown: another backend crashed and the server is resetting
  '57P03', // cannot_connect_now: the server is starting up or shutting down
]);

/** Node's socket errors on the way to the server (refused, reset, timed out, unreachable). */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/**
 * What `pg` and `pg-pool` say when a connection drops or cannot be made; they carry no code.
 * Matched anywhere in the message, because pg-boss appends the queue's name to its errors.
 */
const MESSAGES =
  /Connection terminated unexpectedly|Connection terminated due to connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error and is not queryable/;

/** SQLSTATE class 08 is "connection exception" (08000, 08003, 08006, 08001, 08004, 08P01…). */
const CONNECTION_EXCEPTION = /^08[0-9A-Z]{3}$/;

/**
 * Whether `err` (or an error it wraps, through `cause` or an AggregateError's `errors`) means the
 * database is unreachable or restarting, so the same work may well succeed if tried again shortly.
 */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 5) return false;
  const { code, message, cause, errors } = err as {
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string') {
    if (CONNECTION_EXCEPTION.test(code) || SERVER_CODES.has(code) || SOCKET_CODES.has(code)) return true;
  }
  if (typeof message === 'string' && MESSAGES.test(message)) return true;
  // Node reports a refused connection to "localhost" as an AggregateError (one error per address).
  if (Array.isArray(errors) && errors.some((e) => isDatabaseUnavailable(e, depth + 1))) return true;
  return isDatabaseUnavailable(cause, depth + 1);
}

/**
 * A handler for `process.on('unhandledRejection')` that outlives database outages and nothing else.
 * pg-boss 10 marks a finished job complete (or failed) without awaiting it, so if the database goes
 * away just then, nobody catches the rejection and Node ends the process. That rejection is only
 * logged: the job stays active, and pg-boss retries it once it expires. Any other unhandled rejection
 * is thrown on, and ends the process as Node would have done.
 */
export function survivingDatabaseOutages(log: (err: Error) => void): (reason: unknown) => void {
  return (reason) => {
    if (isDatabaseUnavailable(reason)) {
      log(reason as Error);
      return;
    }
    throw reason;
  };
}
