import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyRequest } from 'fastify';
import type { Services } from '../../composition.ts';
import { isApiRequest } from '../../platform/http/api-request.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import type { LanternModule } from '../module.ts';
import { authApi } from './auth.api.ts';
import { authPages } from './auth.pages.ts';
import { oidcPages } from './oidc.pages.ts';

export { createAuthService, type AuthService } from './auth.service.ts';
export { createTwoFactorService, type TwoFactorService } from './two-factor.service.ts';
export { createOidcService, type OidcService } from './oidc.service.ts';
export {
  createUsersRepository,
  createDirectoryRepository,
  type UsersRepository,
  type UserSummary,
} from './users.repository.ts';
export { createDirectoryService, type DirectoryService } from './directory.service.ts';
export { hashPassword } from './passwords.ts';

export const authModule: LanternModule = {
  viewsDir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'views'),
  async plugin(app, opts) {
    await app.register(authPages, opts);
    await app.register(oidcPages, opts);
    await app.register(authApi, opts);
  },
};

/**
 * Who is calling: the API and FHIR endpoints accept only a bearer token (so they need no CSRF
 * protection); pages accept only the session cookie.
 */
export async function resolveActor(services: Services, request: FastifyRequest): Promise<Actor | null> {
  if (isApiRequest(request)) {
    // The FHIR routes check their token themselves (an organisation's system token or a user's),
    // in the same round trip as the lookup.
    if (request.routeOptions.url?.startsWith('/fhir/')) return null;
    const header = request.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    return match ? services.auth.actorForToken(match[1]!, request.id) : null;
  }
  const userId = request.session?.userId;
  if (!userId) return null;
  // However active, a session lasts at most the policy's hours from sign-in (idle expiry is the store's).
  if (services.auth.sessionOutlived(request.session.signedInAt)) {
    await request.session.regenerate();
    return null;
  }
  const actor = await services.auth.actorForUserId(userId, request.id);
  // A deactivated user's session ends at their next request. Regenerated, not destroyed: the
  // page or CSRF check that follows still needs a session (a destroyed one is null, a 500).
  if (!actor) await request.session.regenerate();
  else touchSession(request.session);
  return actor;
}

/**
 * Sessions are saved only when changed (`rolling: false`), not on every request: a write a page
 * view was the dearest statement of most pages under load. Activity still keeps a session alive:
 * marking it touched once a minute saves it with a new idle expiry, so the idle timeout ends
 * between one minute early and on time.
 */
export const SESSION_TOUCH_MS = 60_000;

function touchSession(session: FastifyRequest['session'], now = Date.now()) {
  if (!session.touchedAt || now - session.touchedAt >= SESSION_TOUCH_MS) session.touchedAt = now;
}
