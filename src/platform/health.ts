import type { FastifyInstance } from 'fastify';
import type { Db } from './db/index.ts';

/** `GET /health`: 200 when the database answers within 2 s, 503 otherwise. No sign-in needed. */
export function registerHealth(app: FastifyInstance, db: Db): void {
  app.get('/health', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await Promise.race([
        db.query('SELECT 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('database timeout')), 2000).unref()),
      ]);
      return { status: 'ok' };
    } catch {
      return reply.code(503).send({ status: 'unavailable' });
    }
  });
}
