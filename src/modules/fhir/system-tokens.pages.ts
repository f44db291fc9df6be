import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.ts';
import { actorOf, type Actor } from '../../platform/http/current-user.ts';
import { setFlash, submitForm } from '../../platform/http/pages.ts';

type Body = Record<string, unknown>;
const text = (body: Body, key: string) => (typeof body[key] === 'string' ? (body[key] as string).trim() : '');

export async function systemTokensPages(app: FastifyInstance, { services }: { services: Services }) {
  const tokens = services.systemTokens;

  const listContext = async (actor: Actor) => ({
    pageTitle: 'System tokens',
    activeNav: 'settings',
    tokens: await tokens.list(actor),
    organisationItems: [
      { value: '', text: 'Select an organisation' },
      ...(await tokens.eligibleOrganisations(actor)).map((o) => ({ value: o.id, text: o.name })),
    ],
  });

  app.get('/settings/system-tokens', async (request, reply) =>
    reply.page('system-tokens.njk', { ...(await listContext(actorOf(request))), values: {}, errors: {} }),
  );

  app.post('/settings/system-tokens', async (request, reply) => {
    const actor = actorOf(request);
    const body = request.body as Body;
    return submitForm(
      reply,
      { template: 'system-tokens.njk', context: { ...(await listContext(actor)), values: body } },
      () => tokens.create(actor, { organisationId: text(body, 'organisationId'), name: text(body, 'name') }),
      // Shown once, never cached, never kept: only its hash is stored.
      ({ token, record }) =>
        reply.header('cache-control', 'no-store').page('system-token-created.njk', {
          pageTitle: 'System token created',
          activeNav: 'settings',
          token,
          record,
        }),
    );
  });

  app.post('/settings/system-tokens/:tokenId/revoke', async (request, reply) => {
    const { tokenId } = request.params as { tokenId: string };
    const revoked = await tokens.revoke(actorOf(request), tokenId);
    setFlash(request, `The token “${revoked.name}” of ${revoked.organisationName} is revoked`);
    return reply.redirect('/settings/system-tokens');
  });
}
