import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../composition.ts';
import { actorOf } from '../../platform/http/current-user.ts';
import { apiErrors, listOf } from '../../platform/schema.ts';
import { loosePatchOf } from '../reviews/index.ts';
import {
  CampaignCreateSchema,
  CampaignDetailResponse,
  CampaignParams,
  CampaignResponse,
  CampaignUpdateSchema,
  ListQuery,
  ResourceResponse,
  ShareResponse,
  ShareSchema,
  VideoSchema,
} from './campaigns.schema.ts';
import type { CampaignResource } from './campaigns.types.ts';

const resourceOut = (r: CampaignResource) => ({
  ...r,
  downloadUrl: r.kind === 'leaflet' ? `/campaigns/${r.campaignId}/resources/${r.id}/file` : null,
});

/** The campaigns JSON API. Leaflet files are uploaded through the page form (multipart). */
export async function campaignsApi(base: FastifyInstance, { services }: { services: Services }) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const tags = ['campaigns'];
  const campaigns = services.campaigns;

  app.get(
    '/api/v1/campaigns',
    {
      schema: {
        tags,
        summary: 'Awareness campaigns (every signed-in user may read them)',
        querystring: ListQuery,
        response: { 200: listOf(CampaignResponse), ...apiErrors },
      },
    },
    async (request) => {
      const { page, pageSize } = request.query;
      const { items, total } = await campaigns.list(actorOf(request), { page, pageSize });
      return { items, total, page, pageSize };
    },
  );

  app.post(
    '/api/v1/campaigns',
    {
      schema: {
        tags,
        summary: 'Create a campaign (business unit)',
        body: CampaignCreateSchema,
        response: { 201: CampaignResponse, ...apiErrors },
      },
    },
    async (request, reply) => reply.code(201).send(await campaigns.create(actorOf(request), request.body)),
  );

  app.get(
    '/api/v1/campaigns/:campaignId',
    {
      schema: {
        tags,
        summary: 'A campaign with its resources and, for every organisation, whether it has shared it',
        params: CampaignParams,
        response: { 200: CampaignDetailResponse, ...apiErrors },
      },
    },
    async (request) => {
      const view = await campaigns.get(actorOf(request), request.params.campaignId);
      return { ...view.campaign, resources: view.resources.map(resourceOut), sharing: view.sharing };
    },
  );

  app.patch(
    '/api/v1/campaigns/:campaignId',
    {
      schema: {
        tags,
        summary: 'Change a campaign (business unit); a stale version is 409',
        params: CampaignParams,
        body: loosePatchOf(CampaignUpdateSchema),
        response: { 200: CampaignResponse, ...apiErrors },
      },
    },
    async (request) => campaigns.update(actorOf(request), request.params.campaignId, request.body),
  );

  app.post(
    '/api/v1/campaigns/:campaignId/videos',
    {
      schema: {
        tags,
        summary: 'Add a video by its https link (business unit)',
        params: CampaignParams,
        body: VideoSchema,
        response: { 201: ResourceResponse, ...apiErrors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          resourceOut(await campaigns.addVideo(actorOf(request), request.params.campaignId, request.body)),
        ),
  );

  app.post(
    '/api/v1/campaigns/:campaignId/shares',
    {
      schema: {
        tags,
        summary: 'Record that an organisation shared the campaign',
        description:
          'An organisation lead records it for their own organisation (organisationId may be left out); the business unit names the organisation.',
        params: CampaignParams,
        body: ShareSchema,
        response: { 201: ShareResponse, ...apiErrors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await campaigns.recordShare(actorOf(request), request.params.campaignId, request.body)),
  );
}
