import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../composition.ts';
import { ValidationFailed } from '../../platform/errors.ts';
import { actorOf } from '../../platform/http/current-user.ts';
import { multipartFields } from '../../platform/http/forms.ts';
import { uploadedFile } from '../../platform/http/uploads.ts';
import { apiErrors, listOf, pageOfList } from '../../platform/schema.ts';
import { loosePatchOf } from '../reviews/index.ts';
import {
  CampaignCreateSchema,
  CampaignDetailResponse,
  CampaignParams,
  CampaignResponse,
  CampaignUpdateSchema,
  ListQuery,
  ResourceResponse,
  ResourceUploadSchema,
  ShareResponse,
  ShareSchema,
  VideoSchema,
} from './campaigns.schema.ts';
import type { CampaignResource } from './campaigns.types.ts';

const resourceOut = (r: CampaignResource) => ({
  ...r,
  downloadUrl: r.kind === 'leaflet' ? `/campaigns/${r.campaignId}/resources/${r.id}/file` : null,
});

/** The campaigns JSON API. Leaflets are uploaded as multipart/form-data; everything else is JSON. */
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

  app.get(
    '/api/v1/campaigns/:campaignId/resources',
    {
      schema: {
        tags,
        summary: 'A campaign’s resources: videos by link and leaflets with where to download them',
        params: CampaignParams,
        querystring: ListQuery,
        response: { 200: listOf(ResourceResponse), ...apiErrors },
      },
    },
    async (request) => {
      const { resources } = await campaigns.get(actorOf(request), request.params.campaignId);
      return pageOfList(resources.map(resourceOut), request.query);
    },
  );

  app.post(
    '/api/v1/campaigns/:campaignId/resources',
    {
      schema: {
        tags,
        summary: 'Add a resource (business unit): a leaflet file as multipart, or a video as JSON',
        description:
          'A leaflet: multipart/form-data with `title` and `file` (a PDF, Word document, PNG or JPEG, 5 MB at most; the type is read from the content, not the name). A video: JSON `{"kind":"video","title":…,"url":"https://…"}`. The same checks as the page.',
        consumes: ['application/json', 'multipart/form-data'],
        params: CampaignParams,
        body: ResourceUploadSchema,
        response: { 201: ResourceResponse, ...apiErrors },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { campaignId } = request.params;
      let added: CampaignResource;
      if (request.isMultipart()) {
        const fields = multipartFields(request.body);
        if (fields.kind && fields.kind !== 'leaflet')
          throw new ValidationFailed([
            { path: 'kind', message: 'Send a video as JSON, not as a file upload' },
          ]);
        added = await campaigns.addLeaflet(
          actor,
          campaignId,
          { title: fields.title?.trim() || undefined },
          await uploadedFile(request.body, 'file'),
        );
      } else {
        const { kind, ...video } = (request.body ?? {}) as Record<string, unknown>;
        if (kind !== 'video')
          throw new ValidationFailed([
            { path: 'kind', message: 'Send kind "video" with a link, or a leaflet as multipart/form-data' },
          ]);
        added = await campaigns.addVideo(actor, campaignId, video);
      }
      return reply.code(201).send(resourceOut(added));
    },
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
