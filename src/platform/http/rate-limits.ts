import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isApiRequest } from './api-request.ts';

export interface RateLimits {
  /** Sign-in attempts (POST /sign-in, POST /api/v1/auth/token, the OIDC routes) per client address per minute. */
  signInPerMinute: number;
  /** API and FHIR requests per client address per minute. */
  apiPerMinute: number;
}

/** The error the limiter raises; the error handler answers it with 429 and a plain message. */
export const RATE_LIMITED = 'LANTERN_RATE_LIMITED';

const SIGN_IN_ROUTES = new Set(['/sign-in', '/sign-in/code', '/sign-in/set-up-app', '/api/v1/auth/token']);

/** Signing in through an organisation's identity provider: each return costs a call to the IdP. */
const OIDC_ROUTES = new Set(['/sign-in/oidc', '/sign-in/oidc/callback']);

const isSignIn = (request: FastifyRequest) =>
  (request.method === 'POST' && SIGN_IN_ROUTES.has(request.routeOptions.url ?? '')) ||
  (request.method === 'GET' && OIDC_ROUTES.has(request.routeOptions.url ?? ''));

/**
 * Rate limits by client address (behind TLS termination, the forwarded address: see trustProxy).
 * They slow credential stuffing across many accounts and scripted floods of the API; the per-account
 * lockout in the auth service stops guessing one account's password. Pages other than sign-in are
 * not limited: a signed-in person clicking about never meets a limit. Counts are kept in each
 * instance's memory, so behind a load balancer with n instances a client can make up to n times the
 * limit (documented in SECURITY.md).
 */
export async function registerRateLimits(app: FastifyInstance, limits: RateLimits): Promise<void> {
  await app.register(rateLimit, {
    global: true,
    timeWindow: 60_000,
    allowList: (request) => !isSignIn(request) && !isApiRequest(request),
    // Sign-in and the API count separately: a burst of API calls must not lock out the sign-in page.
    keyGenerator: (request) => `${isSignIn(request) ? 'sign-in' : 'api'}:${request.ip}`,
    max: (request) => (isSignIn(request) ? limits.signInPerMinute : limits.apiPerMinute),
    // The Retry-After header carries the exact wait; people get a plain message.
    errorResponseBuilder: () => {
      const error = new Error('Too many requests. Wait a minute and try again.') as Error & {
        statusCode: number;
        code: string;
      };
      error.statusCode = 429;
      error.code = RATE_LIMITED;
      return error;
    },
  });
}
