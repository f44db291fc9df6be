import type { FastifyPluginAsync } from 'fastify';
import type { Services } from '../composition.ts';

/** A feature module: its routes as one Fastify plugin, and where its page templates live. */
export interface LanternModule {
  plugin: FastifyPluginAsync<{ services: Services }>;
  viewsDir: string;
}
