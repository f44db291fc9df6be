import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/index.ts';
import { openRequestTransaction, type RequestTransaction } from '../db/request-transaction.ts';
import { ValidationFailed } from '../errors.ts';
import type { IdempotencyService, KeyScope } from '../idempotency/index.ts';
import { needsBearerToken } from './api-request.ts';

/**
 * The `Idempotency-Key` request header on the JSON API's writes (draft-ietf-httpapi-idempotency-
 * key-header): a client that retries a POST, PUT or PATCH with the key it sent the first time gets
 * the first answer again (marked `Idempotent-Replayed: true`) rather than a second write.
 *
 * Design: a request with a key runs in one database transaction from just before its handler to
 * just after its answer is made (src/platform/db/request-transaction.ts). The key's lock is taken
 * and its stored answer looked up at the start; a successful (2xx) answer is stored at the end, in
 * the same transaction as the handler's writes, and only then is the answer sent. So a key is
 * stored exactly when the write committed: "committed but the answer was lost" is always
 * replayable, and a write that rolled back (a crash, a lost connection, a refused commit) leaves
 * no key and may simply be retried. Failed requests (4xx, 5xx) store no key, so a corrected retry
 * with the same key is handled afresh. Requests without the header are handled as before.
 */
export const HEADER = 'Idempotency-Key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';

export const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH']);
/** The answer's headers a replay must repeat; the rest (dates, security headers) are made afresh. */
const KEPT_HEADERS = ['content-type', 'location', 'content-disposition'];

/** Checks the header's value: 1 to 255 printable ASCII characters, optionally quoted (a structured-field string). */
export function parseIdempotencyKey(raw: string | string[]): string {
  const refuse = (message: string) => new ValidationFailed([{ path: HEADER, message }]);
  if (Array.isArray(raw)) throw refuse(`Send one ${HEADER} header, not several`);
  const value = /^"(.*)"$/.test(raw) ? raw.slice(1, -1) : raw;
  if (value.length < 1 || value.length > 255)
    throw refuse(`${HEADER} must be between 1 and 255 characters long`);
  if (!/^[\x20-\x7e]+$/.test(value))
    throw refuse(`${HEADER} must contain only printable characters (letters, digits, punctuation, spaces)`);
  return value;
}

interface Part {
  type?: unknown;
  fieldname?: unknown;
  filename?: unknown;
  mimetype?: unknown;
  value?: unknown;
  toBuffer?: () => Promise<Buffer>;
}

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** The body as plain, key-ordered data; an uploaded file by its name, type and the hash of its bytes. */
async function canonical(value: unknown): Promise<unknown> {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Uint8Array) return { bytes: sha256(value) };
  if (Array.isArray(value)) return Promise.all(value.map(canonical));
  const part = value as Part;
  // Multipart parts refer back to the whole body (`fields`): describe them, do not walk them.
  if (typeof part.fieldname === 'string' && (part.type === 'file' || part.type === 'field')) {
    if (part.type === 'field') return { field: part.fieldname, value: part.value };
    const bytes = part.toBuffer ? sha256(await part.toBuffer()) : null;
    return { file: part.fieldname, filename: part.filename, type: part.mimetype, bytes };
  }
  const entries = Object.entries(value)
    .filter(([, v]) => v !== undefined && typeof v !== 'function')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(await Promise.all(entries.map(async ([k, v]) => [k, await canonical(v)])));
}

/** What makes two requests with one key "the same request": the query and the body, as received. */
async function fingerprint(request: FastifyRequest): Promise<string> {
  return sha256(JSON.stringify([await canonical(request.query), await canonical(request.body)]));
}

interface Pending {
  scope: KeyScope;
  requestHash: string;
  tx?: RequestTransaction;
}

const refusal = (error: string, message: string) => ({ error, message, fields: [{ path: HEADER, message }] });

function storableBody(payload: unknown): Buffer | undefined {
  if (typeof payload === 'string') return Buffer.from(payload);
  if (payload instanceof Uint8Array) return Buffer.from(payload);
  if (payload === null || payload === undefined) return Buffer.alloc(0);
  return undefined; // a stream: cannot be kept, so the key is not either (a retry runs again)
}

function keptHeaders(reply: FastifyReply): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = reply.getHeader(name);
    if (value !== undefined) kept[name] = String(value);
  }
  return kept;
}

export function registerIdempotency(
  app: FastifyInstance,
  { db, idempotency }: { db: Db; idempotency: IdempotencyService },
): void {
  const pending = new WeakMap<FastifyRequest, Pending>();

  // After the caller is known (the actor hook) and before the body is validated, so a bad key is
  // refused even when the body is bad too, and the fingerprint is of the body as sent.
  app.addHook('preValidation', async (request) => {
    const raw = request.headers['idempotency-key'];
    if (raw === undefined || !WRITE_METHODS.has(request.method) || !needsBearerToken(request)) return;
    if (!request.actor) return;
    const key = parseIdempotencyKey(raw);
    const scope = {
      principal: `user:${request.actor.id}`,
      method: request.method,
      path: request.url.split('?', 1)[0]!,
      key,
    };
    pending.set(request, { scope, requestHash: await fingerprint(request) });
  });

  app.addHook('preHandler', async (request, reply) => {
    const entry = pending.get(request);
    if (!entry) return;
    const tx = await openRequestTransaction(db);
    let claim;
    try {
      claim = await tx.exclusive((q) => idempotency.claim(q, entry.scope, entry.requestHash));
    } catch (err) {
      await tx.rollback();
      throw err;
    }
    if (claim.kind === 'fresh') {
      entry.tx = tx;
      return;
    }
    pending.delete(request);
    await tx.rollback();
    if (claim.kind === 'busy')
      return reply
        .code(409)
        .header('retry-after', '1')
        .send(
          refusal('conflict', `A request with this ${HEADER} is still being handled. Try again shortly.`),
        );
    if (claim.kind === 'reused')
      return reply
        .code(422)
        .send(
          refusal(
            'idempotency-key-reused',
            `This ${HEADER} was used for a different request. Use a new key for a new request.`,
          ),
        );
    const { status, headers, body } = claim.answer;
    return reply
      .code(status)
      .headers(headers)
      .header(REPLAYED_HEADER.toLowerCase(), 'true')
      .send(Buffer.from(body));
  });

  // The last of the app's own preHandler hooks: the handler and everything it calls run inside the
  // request's transaction.
  app.addHook('preHandler', (request, _reply, done) => {
    const tx = pending.get(request)?.tx;
    if (tx) tx.enter(done);
    else done();
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const entry = pending.get(request);
    if (!entry?.tx) return payload;
    pending.delete(request);
    const { tx, scope, requestHash } = entry;
    const status = reply.statusCode;
    if (status >= 500) {
      await tx.rollback();
      return payload;
    }
    const body = status < 300 ? storableBody(payload) : undefined;
    try {
      if (body) {
        const answer = { requestHash, status, headers: keptHeaders(reply), body };
        await tx.exclusive((q) => idempotency.record(q, scope, answer));
      }
    } catch (err) {
      await tx.rollback();
      throw err;
    }
    // A refused commit throws: the error handler answers 503 or 500, never the success.
    await tx.commit();
    return payload;
  });

  // Whatever happened (a request cut short before its answer, say), its transaction ends.
  app.addHook('onResponse', async (request) => {
    const tx = pending.get(request)?.tx;
    pending.delete(request);
    if (tx) await tx.rollback();
  });
}
