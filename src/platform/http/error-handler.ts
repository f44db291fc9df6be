import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import {
  Conflict,
  Forbidden,
  NotFound,
  Unauthenticated,
  Unavailable,
  ValidationFailed,
  type FieldError,
} from '../errors.ts';
import { isDatabaseUnavailable } from '../db/unavailable.ts';
import { isApiRequest } from './api-request.ts';
import { RATE_LIMITED } from './rate-limits.ts';

/**
 * One place that turns errors into answers: the contract's JSON errors under /api, GOV.UK error
 * pages elsewhere. Stack traces are shown only outside production.
 */
export function registerErrorHandling(app: FastifyInstance, showStack: boolean): void {
  app.setNotFoundHandler((request, reply) => {
    if (isApiRequest(request)) return reply.code(404).send({ error: 'not-found', message: 'Not found' });
    return reply.code(404).page('errors/not-found.njk', { pageTitle: 'Page not found' });
  });

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const fields: FieldError[] = error.validation.map((v) => ({
        path: fieldPath(v.instancePath, (v.params.issue as { path?: PropertyKey[] } | undefined)?.path),
        message: v.message ?? 'Invalid value',
      }));
      return reply.code(400).send({ error: 'validation', fields });
    }
    if (error instanceof ValidationFailed) {
      return sendError(request, reply, 400, { error: 'validation', fields: error.fields }, error.message);
    }
    if (error instanceof Unauthenticated) {
      if (isApiRequest(request))
        return reply.code(401).send({ error: 'unauthenticated', message: error.message });
      return reply.redirect(`/sign-in?returnTo=${encodeURIComponent(request.url)}`);
    }
    if (error instanceof NotFound)
      return sendError(request, reply, 404, { error: 'not-found', message: 'Not found' });
    if (error instanceof Forbidden)
      return sendError(request, reply, 403, { error: 'forbidden', message: error.message });
    if (error instanceof Conflict)
      return sendError(request, reply, 409, { error: 'conflict', message: error.message });
    if (error.code === 'FST_CSRF_INVALID_TOKEN' || error.code === 'FST_CSRF_MISSING_SECRET') {
      return sendError(request, reply, 403, {
        error: 'csrf',
        message: 'Your form expired. Go back and try again.',
      });
    }
    if (error instanceof Unavailable) {
      request.log.error({ reason: error.reason }, 'unavailable until the set-up is put right');
      if (isApiRequest(request))
        return reply.code(503).send({ error: 'unavailable', message: error.message });
      return reply.code(503).page('errors/problem.njk', { pageTitle: error.title, message: error.message });
    }
    if (error.code === RATE_LIMITED)
      return sendError(request, reply, 429, { error: 'rate-limited', message: error.message });
    if (isMultipartParseError(error)) {
      // A cut-short or malformed upload (busboy's "Unexpected end of multipart data"): the client's mistake.
      const message = 'The file could not be read because the upload was incomplete. Try again.';
      if (isApiRequest(request))
        return reply.code(400).send({ error: 'validation', fields: [{ path: 'file', message }] });
      return sendError(request, reply, 400, { error: 'validation', message });
    }
    if (isDatabaseUnavailable(error)) return sendUnavailable(request, reply, error);
    const status =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status < 500) {
      // Malformed JSON, an oversized body, an unsupported media type: the client's mistake.
      const path = error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'content-type' : 'body';
      return sendError(request, reply, status, {
        error: 'validation',
        fields: [{ path, message: error.message }],
      });
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendError(
      request,
      reply,
      500,
      { error: 'internal', message: 'Sorry, there is a problem with the service' },
      showStack ? error.stack : undefined,
    );
  });
}

/** Seconds a client is asked to wait while the database is down: a restart takes a few. */
const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/**
 * 503 while the database is down or restarting: the request may succeed if tried again shortly, and
 * nothing is wrong with Lantern itself (so a warning, not an error, in the log).
 */
async function sendUnavailable(request: FastifyRequest, reply: FastifyReply, error: FastifyError) {
  request.log.warn({ err: error }, 'database unavailable');
  // Sessions live in the database too. Without this, @fastify/session would try to save the session
  // on the way out, fail the same way, and turn this answer into a 500. The person's session is
  // untouched in the database, so they are still signed in once it is back.
  (request as { session: unknown }).session = null;
  reply.code(503).header('retry-after', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
  if (isApiRequest(request))
    return reply.send({ error: 'unavailable', message: 'The service is unavailable. Try again shortly.' });
  // Rendered without the signed-in header: its sign-out form would need a CSRF token from the session.
  const html = request.server.views.render('errors/unavailable.njk', {
    pageTitle: 'Sorry, the service is unavailable',
    cspNonce: reply.cspNonce?.script,
  });
  return reply.type('text/html; charset=utf-8').send(html);
}

/** An error from parsing a multipart body: thrown by busboy (and its dicer) without a status. */
function isMultipartParseError(error: FastifyError): boolean {
  if (error.statusCode && error.statusCode < 500) return false;
  return (
    /[\\/]@fastify[\\/]busboy[\\/]/.test(error.stack ?? '') ||
    /^(Unexpected end of multipart data|Multipart: Boundary not found|Malformed part header)$/.test(
      error.message,
    )
  );
}

function fieldPath(instancePath: string, issuePath: readonly PropertyKey[] = []): string {
  const fromIssue = issuePath.map(String).join('.');
  if (fromIssue) return fromIssue;
  return instancePath.replace(/^\//, '').replace(/\//g, '.') || 'body';
}

async function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  body: Record<string, unknown>,
  detail?: string,
) {
  if (isApiRequest(request))
    return reply.code(status).send(detail && status === 500 ? { ...body, stack: detail } : body);
  const template =
    status === 404 ? 'errors/not-found.njk' : status === 403 ? 'errors/forbidden.njk' : 'errors/problem.njk';
  return reply.code(status).page(template, {
    pageTitle:
      status === 404 ? 'Page not found' : status === 403 ? 'You cannot do that' : 'Sorry, there is a problem',
    message: body.message,
    status,
    stack: status === 500 ? detail : undefined,
  });
}
