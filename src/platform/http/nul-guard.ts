import type { FastifyInstance } from 'fastify';
import { ValidationFailed } from '../errors.ts';

/** The path (dot-separated, as the validation errors name fields) of the first string holding NUL. */
export function firstNulPath(
  value: unknown,
  path: string[] = [],
  seen = new WeakSet<object>(),
): string | null {
  const inner = multipartValue(value);
  if (typeof inner === 'string') return inner.includes('\u0000') ? path.join('.') || 'body' : null;
  if (!inner || typeof inner !== 'object' || Buffer.isBuffer(inner) || seen.has(inner)) return null;
  // Multipart parts refer back to the whole form: each object is looked at once.
  seen.add(inner);
  const entries: [string, unknown][] = Array.isArray(inner)
    ? inner.map((item, i) => [String(i), item])
    : Object.entries(inner);
  for (const [key, item] of entries) {
    if (key.includes('\u0000')) return [...path, key.split('\u0000').join('')].join('.');
    const found = firstNulPath(item, [...path, key], seen);
    if (found !== null) return found;
  }
  return null;
}

/**
 * A multipart form field arrives as `{ type: 'field', value }`: its value is what counts. A file
 * part is left alone: files may hold any byte.
 */
function multipartValue(item: unknown): unknown {
  // Told apart from a JSON object with a `type` by the part's `fieldname`.
  if (!item || typeof item !== 'object' || !('type' in item) || !('fieldname' in item)) return item;
  if (item.type === 'file') return undefined;
  if (item.type === 'field' && 'value' in item) return item.value;
  return item;
}

/**
 * PostgreSQL text cannot hold the NUL character: a value with one would fail deep in a query as a
 * 500. No one types it, so it is refused at the door with a 400 naming the field.
 */
export function registerNulGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    for (const part of [request.query, request.params, request.body]) {
      const path = firstNulPath(part);
      if (path !== null)
        throw new ValidationFailed([{ path, message: 'Remove the invalid character (NUL) from this value' }]);
    }
  });
}
