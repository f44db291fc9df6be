import type { FastifyRequest, FastifyServerOptions } from 'fastify';
import type { Config } from '../config.ts';

/** One-time sign-up and reset links carry their secret in the path: it must never reach a log. */
export function redactUrl(url: string): string {
  return url.replace(/\/account-links\/[^/?#]+/g, '/account-links/[redacted]');
}

/** Pino options: JSON logs, with credentials, cookies and one-time links never written out. */
export function loggerOptions(config: Pick<Config, 'logLevel' | 'env'>): FastifyServerOptions['logger'] {
  if (config.env === 'test') return false;
  return {
    level: config.logLevel,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password'],
      remove: true,
    },
    serializers: {
      req: (request: FastifyRequest) => ({
        method: request.method,
        url: redactUrl(request.url),
        host: request.hostname,
        remoteAddress: request.ip,
      }),
    },
  };
}
