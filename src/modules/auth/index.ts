import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyRequest } from 'fastify';
import type { Services } from '../../composition.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import type { LanternModule } from '../module.ts';
import { authApi } from './auth.api.ts';
import { authPages } from './auth.pages.ts';

export { createAuthService, type AuthService } from './auth.service.ts';
export { createUsersRepository, type UsersRepository } from './users.repository.ts';
export { hashPassword } from './passwords.ts';

export const authModule: LanternModule = {
  viewsDir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'views'),
  async plugin(app, opts) {
    await app.register(authPages, opts);
    await app.register(authApi, opts);
  },
};

/**
 * Who is calling: the API and FHIR endpoints accept only a bearer token (so they need no CSRF
 * protection); pages accept only the session cookie.
 */
export async function resolveActor(services: Services, request: FastifyRequest): Promise<Actor | null> {
  if (request.url.startsWith('/api/') || request.url.startsWith('/fhir/')) {
    const header = request.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    return match ? services.auth.actorForToken(match[1]!, request.id) : null;
  }
  const userId = request.session?.userId;
  if (!userId) return null;
  const actor = await services.auth.actorForUserId(userId, request.id);
  // A deactivated user's session ends at their next request.
  if (!actor) await request.session.destroy();
  return actor;
}
