import type { FastifyRequest } from 'fastify';

const API_PREFIXES = ['/api/', '/fhir/'];

/**
 * Whether a request is for the API (bearer tokens only, JSON answers) rather than the pages
 * (session cookie, HTML). Decided on the route the router matched, not the raw URL: the router
 * decodes percent-escapes, so `/%61pi/v1/me` reaches the `/api/v1/me` handler and must be
 * treated as the API. Unmatched requests are judged on their decoded path.
 */
export function isApiRequest(request: FastifyRequest): boolean {
  const path = request.routeOptions.url ?? decodedPath(request.url);
  return API_PREFIXES.some((prefix) => path.startsWith(prefix));
}

function decodedPath(url: string): string {
  const path = url.split('?', 1)[0]!;
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** The API routes anyone may call without a bearer token: exchanging a password for one. */
const OPEN_API_ROUTES = new Set(['/api/v1/auth/token']);

/**
 * Whether a matched route is one of the JSON API's that needs a bearer token. FHIR routes check
 * their own tokens (an organisation's system token or a user's); unmatched paths are a 404.
 */
export function needsBearerToken(request: FastifyRequest): boolean {
  const route = request.routeOptions.url;
  return route !== undefined && isBearerRoute(route);
}

/** Whether the route (its pattern, as registered) is one of the JSON API's that needs a bearer token. */
export function isBearerRoute(url: string): boolean {
  return url.startsWith('/api/v1/') && !OPEN_API_ROUTES.has(url);
}
