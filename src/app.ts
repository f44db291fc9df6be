import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import session from '@fastify/session';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import type { Services } from './composition.ts';
import { Unauthenticated } from './platform/errors.ts';
import { registerHealth } from './platform/health.ts';
import { registerErrorHandling } from './platform/http/error-handler.ts';
import { isApiRequest, needsBearerToken } from './platform/http/api-request.ts';
import { formField } from './platform/http/forms.ts';
import { registerIdempotency } from './platform/http/idempotency.ts';
import { documentIdempotencyKey } from './platform/http/idempotency.openapi.ts';
import { pageDecorator } from './platform/http/pages.ts';
import { registerNulGuard } from './platform/http/nul-guard.ts';
import { registerRateLimits } from './platform/http/rate-limits.ts';
import { registerSecurityHeaders } from './platform/http/security.ts';
import { createDbSessionStore } from './platform/http/session-store.ts';
import { loggerOptions } from './platform/logger.ts';
import { createViewEnvironment, GOVUK_DIST } from './platform/views/views.ts';
import { accountsModule } from './modules/accounts/index.ts';
import { actionsModule } from './modules/actions/index.ts';
import { briefingsModule } from './modules/briefings/index.ts';
import { authModule, resolveActor } from './modules/auth/index.ts';
import { clocksModule } from './modules/clocks/index.ts';
import { evidenceModule } from './modules/evidence/index.ts';
import { fhirModule } from './modules/fhir/index.ts';
import { forumsModule } from './modules/forums/index.ts';
import { campaignsModule } from './modules/campaigns/index.ts';
import { publishingModule } from './modules/publishing/index.ts';
import { themesModule } from './modules/themes/index.ts';
import { publicationCheckModule } from './modules/publication-check/index.ts';
import { libraryModule } from './modules/library/index.ts';
import { retentionModule } from './modules/retention/index.ts';
import { exportsModule } from './modules/exports/index.ts';
import { importsModule } from './modules/imports/index.ts';
import { learningModule } from './modules/learning/index.ts';
import { incidentNotificationsModule } from './modules/incident-notifications/index.ts';
import { notificationsLayoutHook, notificationsModule } from './modules/notifications/index.ts';
import { organisationsModule } from './modules/organisations/index.ts';
import { familiesNavHook, peopleModule } from './modules/people/index.ts';
import { requestsModule } from './modules/requests/index.ts';
import { reviewsModule } from './modules/reviews/index.ts';
import { saferSleepModule } from './modules/safer-sleep/index.ts';
import { siteModule } from './modules/site/index.ts';
import { trainingModule } from './modules/training/index.ts';
import { unbornModule } from './modules/unborn/index.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const modules = [
  siteModule,
  authModule,
  organisationsModule,
  reviewsModule,
  exportsModule,
  actionsModule,
  evidenceModule,
  importsModule,
  accountsModule,
  requestsModule,
  incidentNotificationsModule,
  clocksModule,
  notificationsModule,
  peopleModule,
  unbornModule,
  saferSleepModule,
  fhirModule,
  learningModule,
  briefingsModule,
  trainingModule,
  forumsModule,
  campaignsModule,
  publishingModule,
  themesModule,
  publicationCheckModule,
  libraryModule,
  retentionModule,
];

export interface AppDeps {
  config: Config;
  services: Services;
  sessionSecret: string;
  /** Told of every route as it is added (tests use it to list the routes; the app does not). */
  onRoute?: (route: RouteOptions) => void;
}

/** Builds the whole web application around services made by the composition root. */
export async function buildApp({
  config,
  services,
  sessionSecret,
  onRoute,
}: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(config),
    genReqId: (req) => (req.headers['x-correlation-id'] as string | undefined)?.slice(0, 64) || randomUUID(),
    trustProxy: config.tls,
    bodyLimit: 1_048_576,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await registerSecurityHeaders(app, config.tls);
  await registerRateLimits(app, config.auth);
  await app.register(formbody);
  // Uploads (evidence files, spreadsheets): one file per request, 10 MB at most.
  // Fields arrive on request.body as { value } objects and files as parts with toBuffer(), so the
  // CSRF check below can read the token of a multipart form too.
  await app.register(multipart, {
    attachFieldsToBody: true,
    limits: { fileSize: 10 * 1024 * 1024, files: 1, fields: 50 },
  });
  await app.register(cookie);
  await app.register(session, {
    secret: sessionSecret,
    cookieName: 'lantern_session',
    store: createDbSessionStore(services.db, config.auth.sessionIdleMinutes),
    saveUninitialized: false,
    // Saved when changed; signed-in sessions are marked touched once a minute (resolveActor).
    rolling: false,
    cookie: { httpOnly: true, sameSite: 'lax', secure: config.tls, path: '/' },
  });
  await app.register(csrf, {
    sessionPlugin: '@fastify/session',
    getToken: (request) => formField(request.body, '_csrf'),
  });

  const views = createViewEnvironment(modules.map((m) => m.viewsDir).filter(Boolean));
  app.decorate('views', views);
  app.decorateReply('page', pageDecorator);

  await app.register(fastifyStatic, {
    root: path.join(GOVUK_DIST, 'govuk'),
    prefix: '/govuk/',
    maxAge: '1d',
  });
  await app.register(fastifyStatic, {
    root: path.join(GOVUK_DIST, 'govuk', 'assets'),
    prefix: '/assets/',
    decorateReply: false,
    maxAge: '7d',
  });
  await app.register(fastifyStatic, {
    root: path.join(root, 'public'),
    prefix: '/public/',
    decorateReply: false,
  });

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Lantern API',
        version: '1',
        description: 'Case reviews, recommendations and partner actions.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: (document) => {
      const { schema, url } = jsonSchemaTransform(document);
      return { schema: documentIdempotencyKey(document.route, schema), url };
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    // Swagger UI sets one inline style; allow inline styles on the documentation pages only.
    transformStaticCSP: (header) =>
      header.replace("style-src 'self' https:", "style-src 'self' 'unsafe-inline'"),
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  // The OpenAPI document describes the JSON API only, not the HTML pages.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1/') && !route.url.startsWith('/fhir/')) {
      route.schema = { ...(route.schema ?? {}), hide: true };
    }
  });
  if (onRoute) app.addHook('onRoute', onRoute);
  app.decorateRequest('actor', null);
  app.decorateRequest('layoutData', null);
  registerNulGuard(app);
  // Whatever is shown to a signed-in person may hold safeguarding records: no browser or proxy keeps it.
  app.addHook('onSend', async (request, reply) => {
    // So is the middle of signing in: the set-up page shows a new authenticator secret.
    if ((request.actor || request.session?.pending) && !reply.hasHeader('cache-control'))
      reply.header('cache-control', 'no-store');
  });
  // Who is asking is settled before the body is validated, so the API answers a stranger 401,
  // not a 400 that describes what the route would accept.
  app.addHook('preValidation', async (request) => {
    request.actor = await resolveActor(services, request);
    if (!request.actor && needsBearerToken(request)) throw new Unauthenticated();
  });
  // Adds the unread count to every signed-in page's header (a root hook, so before the modules).
  await app.register(notificationsLayoutHook, { services });
  await app.register(familiesNavHook, { services });
  // Every state-changing form post must carry the session's CSRF token. The API takes bearer
  // tokens only (never the session cookie), so it needs none.
  app.addHook('preHandler', (request, reply, done) => {
    const safe = request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS';
    if (safe || isApiRequest(request)) return done();
    app.csrfProtection(request, reply, done);
  });
  // After the caller is known and the CSRF check: a keyed API write runs in one transaction.
  registerIdempotency(app, { db: services.db, idempotency: services.idempotency });

  registerErrorHandling(app, config.env !== 'production');
  registerHealth(app, services.db);
  for (const module of modules) await app.register(module.plugin, { services });
  return app;
}
