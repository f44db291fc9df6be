import type { FastifySchema, RouteOptions } from 'fastify';
import { isBearerRoute } from './api-request.ts';
import { HEADER, WRITE_METHODS } from './idempotency.ts';

const KEY_DESCRIPTION =
  'Optional. A unique value (1 to 255 printable characters; a UUID is a good choice) that makes a retry ' +
  'of this request safe: within 24 hours, the same key with the same body gets the first answer again ' +
  '(with `Idempotent-Replayed: true`) and nothing is written twice. The same key with a different body is ' +
  '422; while the first request with the key is still being handled, 409. Only successful answers are ' +
  'kept, so after an error the request may be corrected and sent again with the same key. Keys are ' +
  "the caller's own: another user's key of the same value is a different key.";

const errorSchema = (description: string) => ({
  description,
  type: 'object',
  properties: {
    error: { type: 'string' },
    message: { type: 'string' },
    fields: {
      type: 'array',
      items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } },
    },
  },
});

/** Describes the header, and the answers it adds, on every route that takes it (the OpenAPI document). */
export function documentIdempotencyKey(route: RouteOptions, schema: FastifySchema): FastifySchema {
  const methods = [route.method].flat();
  if (!isBearerRoute(route.url) || !methods.some((m) => WRITE_METHODS.has(m))) return schema;
  const headers = (schema.headers ?? { type: 'object', properties: {} }) as {
    properties?: Record<string, unknown>;
  };
  const response = (schema.response ?? {}) as Record<string, unknown>;
  return {
    ...schema,
    headers: {
      ...headers,
      properties: {
        ...headers.properties,
        [HEADER]: { type: 'string', minLength: 1, maxLength: 255, description: KEY_DESCRIPTION },
      },
    },
    response: {
      ...response,
      409: response[409] ?? errorSchema('Conflict'),
      422: errorSchema(`The ${HEADER} was used before for a different request`),
    },
  };
}
