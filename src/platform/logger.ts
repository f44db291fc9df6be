import type { FastifyServerOptions } from 'fastify';
import type { Config } from '../config.ts';

/** Pino options: JSON logs, with credentials and cookies never written out. */
export function loggerOptions(config: Pick<Config, 'logLevel' | 'env'>): FastifyServerOptions['logger'] {
  if (config.env === 'test') return false;
  return {
    level: config.logLevel,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password'],
      remove: true,
    },
  };
}
