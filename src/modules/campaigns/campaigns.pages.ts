import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.ts';
import { actorOf, type Actor } from '../../platform/http/current-user.ts';
import { dateParts, joinDateParts, multipartFields } from '../../platform/http/forms.ts';
import { setFlash, submitForm } from '../../platform/http/pages.ts';
import { uploadedFile } from '../../platform/http/uploads.ts';
import { Forbidden, ValidationFailed } from '../../platform/errors.ts';
import { RESOURCE_KIND_LABELS } from './campaigns.types.ts';

type Body = Record<string, unknown>;
const text = (body: Body, key: string) => (typeof body[key] === 'string' ? (body[key] as string).trim() : '');
const list = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter(
    (v): v is string => typeof v === 'string' && v !== '',
  );
/** Only names made of safe characters go into the download header. */
const dispositionName = (name: string) => name.replace(/[^\w.\- ]/g, '_');
const labels = { activeNav: 'learning', kindLabels: RESOURCE_KIND_LABELS };

const campaignInput = (body: Body) => ({
  title: text(body, 'title') || undefined,
  description: text(body, 'description'),
  startDate: joinDateParts(body, 'startDate') ?? null,
  endDate: joinDateParts(body, 'endDate') ?? null,
  recommendationIds: list(body.recommendationIds),
});

/** Campaigns: the list, a campaign's page (resources, sharing by organisation), and its forms. */
export async function campaignsPages(app: FastifyInstance, { services }: { services: Services }) {
  const campaigns = services.campaigns;

  app.get('/campaigns', async (request, reply) => {
    const actor = actorOf(request);
    const { items } = await campaigns.list(actor, { page: 1, pageSize: 200 });
    return reply.page('campaigns.njk', {
      ...labels,
      pageTitle: 'Campaigns',
      campaigns: items,
      canCreate: actor.role === 'business-unit',
    });
  });

  const formContext = async (actor: Actor, pageTitle: string, backLink: string) => ({
    ...labels,
    pageTitle,
    backLink,
    recommendations: await campaigns.recommendationChoices(actor),
  });

  app.get('/campaigns/new', async (request, reply) => {
    const context = await formContext(actorOf(request), 'Create a campaign', '/campaigns');
    return reply.page('campaign-form.njk', { ...context, values: { recommendationIds: [] }, errors: {} });
  });
  app.post('/campaigns', async (request, reply) => {
    const actor = actorOf(request);
    const body = (request.body ?? {}) as Body;
    return submitForm(
      reply,
      {
        template: 'campaign-form.njk',
        context: {
          ...(await formContext(actor, 'Create a campaign', '/campaigns')),
          values: { ...body, recommendationIds: list(body.recommendationIds) },
        },
        dateFields: ['startDate', 'endDate'],
      },
      () => campaigns.create(actor, campaignInput(body)),
      (campaign) => {
        setFlash(request, `Campaign created: ${campaign.title}`);
        return reply.redirect(`/campaigns/${campaign.id}`);
      },
    );
  });

  app.get('/campaigns/:campaignId', async (request, reply) => {
    const actor = actorOf(request);
    const { campaignId } = request.params as { campaignId: string };
    const view = await campaigns.get(actor, campaignId);
    return reply.page('campaign.njk', {
      ...labels,
      ...view,
      pageTitle: view.campaign.title,
      backLink: '/campaigns',
      canManage: actor.role === 'business-unit',
      canShare: actor.role === 'business-unit' || actor.role === 'organisation-lead',
      sharedCount: view.sharing.filter((s) => s.times > 0).length,
    });
  });

  const editContext = async (actor: Actor, campaignId: string) => {
    const campaign = await campaigns.visible(actor, campaignId);
    return {
      ...(await formContext(actor, `Change ${campaign.title}`, `/campaigns/${campaignId}`)),
      campaign,
    };
  };
  app.get('/campaigns/:campaignId/edit', async (request, reply) => {
    const { campaignId } = request.params as { campaignId: string };
    const context = await editContext(actorOf(request), campaignId);
    const c = context.campaign;
    const parts = (name: string, value: string | null) =>
      Object.fromEntries(Object.entries(dateParts(value)).map(([k, v]) => [`${name}-${k}`, v]));
    const values = {
      ...c,
      ...parts('startDate', c.startDate),
      ...parts('endDate', c.endDate),
      recommendationIds: c.recommendations.map((r) => r.id),
    };
    return reply.page('campaign-form.njk', { ...context, values, errors: {} });
  });
  app.post('/campaigns/:campaignId/edit', async (request, reply) => {
    const actor = actorOf(request);
    const { campaignId } = request.params as { campaignId: string };
    const body = (request.body ?? {}) as Body;
    return submitForm(
      reply,
      {
        template: 'campaign-form.njk',
        context: {
          ...(await editContext(actor, campaignId)),
          values: { ...body, recommendationIds: list(body.recommendationIds) },
        },
        dateFields: ['startDate', 'endDate'],
      },
      () =>
        campaigns.update(actor, campaignId, {
          ...campaignInput(body),
          version: text(body, 'version') || undefined,
        }),
      (campaign) => {
        setFlash(request, `Campaign saved: ${campaign.title}`);
        return reply.redirect(`/campaigns/${campaign.id}`);
      },
    );
  });

  const resourceContext = async (actor: Actor, campaignId: string) => {
    if (actor.role !== 'business-unit')
      throw new Forbidden('Only the partnership business unit adds resources');
    const campaign = await campaigns.visible(actor, campaignId);
    return { ...labels, campaign, pageTitle: 'Add a resource', backLink: `/campaigns/${campaignId}` };
  };
  app.get('/campaigns/:campaignId/resources/new', async (request, reply) => {
    const { campaignId } = request.params as { campaignId: string };
    return reply.page('resource-form.njk', {
      ...(await resourceContext(actorOf(request), campaignId)),
      values: {},
      errors: {},
    });
  });
  app.post('/campaigns/:campaignId/resources', async (request, reply) => {
    const actor = actorOf(request);
    const { campaignId } = request.params as { campaignId: string };
    const fields = multipartFields(request.body);
    return submitForm(
      reply,
      {
        template: 'resource-form.njk',
        context: { ...(await resourceContext(actor, campaignId)), values: fields },
      },
      async () => {
        if (fields.kind === 'video')
          return campaigns.addVideo(actor, campaignId, {
            title: fields.title?.trim() || undefined,
            url: fields.url?.trim() || undefined,
          });
        if (fields.kind === 'leaflet')
          return campaigns.addLeaflet(
            actor,
            campaignId,
            { title: fields.title?.trim() || undefined },
            await uploadedFile(request.body, 'file'),
          );
        throw new ValidationFailed([{ path: 'kind', message: 'Select a video or a leaflet' }]);
      },
      (resource) => {
        setFlash(request, `${RESOURCE_KIND_LABELS[resource.kind]} added: ${resource.title}`);
        return reply.redirect(`/campaigns/${campaignId}#resources`);
      },
    );
  });

  app.get('/campaigns/:campaignId/resources/:resourceId/file', async (request, reply) => {
    const { campaignId, resourceId } = request.params as { campaignId: string; resourceId: string };
    const file = await campaigns.download(actorOf(request), campaignId, resourceId);
    // Always a download, never shown inline: an uploaded file must not run in Lantern's origin.
    return reply
      .type(file.contentType)
      .header('content-disposition', `attachment; filename="${dispositionName(file.fileName)}"`)
      .header('cache-control', 'private, no-store')
      .send(file.content);
  });

  const shareContext = async (actor: Actor, campaignId: string) => {
    if (actor.role !== 'business-unit' && actor.role !== 'organisation-lead')
      throw new Forbidden('Only an organisation’s safeguarding lead or the business unit records sharing');
    const campaign = await campaigns.visible(actor, campaignId);
    const organisations = actor.role === 'business-unit' ? await services.organisations.list(actor) : [];
    return {
      ...labels,
      campaign,
      pageTitle: 'Record that this campaign was shared',
      backLink: `/campaigns/${campaignId}`,
      isBusinessUnit: actor.role === 'business-unit',
      organisationName: actor.organisationName,
      organisationItems: [
        { value: '', text: 'Select an organisation' },
        ...organisations.map((o) => ({ value: o.id, text: o.name })),
      ],
    };
  };
  app.get('/campaigns/:campaignId/shares/new', async (request, reply) => {
    const { campaignId } = request.params as { campaignId: string };
    return reply.page('share-form.njk', {
      ...(await shareContext(actorOf(request), campaignId)),
      values: {},
      errors: {},
    });
  });
  app.post('/campaigns/:campaignId/shares', async (request, reply) => {
    const actor = actorOf(request);
    const { campaignId } = request.params as { campaignId: string };
    const body = (request.body ?? {}) as Body;
    return submitForm(
      reply,
      {
        template: 'share-form.njk',
        context: { ...(await shareContext(actor, campaignId)), values: body },
        dateFields: ['sharedOn'],
      },
      () =>
        campaigns.recordShare(actor, campaignId, {
          organisationId: text(body, 'organisationId') || undefined,
          sharedOn: joinDateParts(body, 'sharedOn'),
          how: text(body, 'how') || undefined,
          reach: text(body, 'reach') || null,
        }),
      (share) => {
        setFlash(request, `Recorded: ${share.organisationName} shared this campaign`);
        return reply.redirect(`/campaigns/${campaignId}#sharing`);
      },
    );
  });
}
