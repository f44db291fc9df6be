import { z } from 'zod';
import { isoDate, pageParam, pageSizeParam, pastDate, uuid } from '../../platform/schema.ts';
import { RESOURCE_KINDS } from './campaigns.types.ts';

const version = z.coerce.number({ error: 'Send the version you last read' }).int().min(1);

const campaignFields = {
  title: z
    .string({ error: 'Enter the campaign’s title' })
    .trim()
    .min(1, 'Enter the campaign’s title')
    .max(200, 'Keep the title to 200 characters or fewer'),
  description: z.string().trim().max(5_000, 'Keep the description to 5,000 characters or fewer').optional(),
  startDate: isoDate('the start date').nullable().optional(),
  endDate: isoDate('the end date').nullable().optional(),
  recommendationIds: z.array(uuid('a recommendation')).max(50).optional(),
};
const datesInOrder = (c: { startDate?: string | null; endDate?: string | null }) =>
  !c.startDate || !c.endDate || c.endDate >= c.startDate;
const ORDER = { path: ['endDate'], message: 'The end date must be the same as or after the start date' };

export const CampaignCreateSchema = z.object(campaignFields).strict().refine(datesInOrder, ORDER);
export const CampaignUpdateSchema = z
  .object({ ...campaignFields, version })
  .strict()
  .refine(datesInOrder, ORDER);

/** A video link: a real https address (no http, no javascript: or data: links). */
export const VideoSchema = z
  .object({
    title: z.string({ error: 'Enter a title' }).trim().min(1, 'Enter a title').max(200),
    url: z
      .string({ error: 'Enter the video’s web address' })
      .trim()
      .max(2_000, 'The web address must be 2,000 characters or fewer')
      .refine((v) => {
        try {
          const u = new URL(v);
          return u.protocol === 'https:' && Boolean(u.hostname) && !u.username && !u.password;
        } catch {
          return false;
        }
      }, 'Enter a web address starting with https://, like https://www.example.org/video'),
  })
  .strict();

export const LeafletSchema = z
  .object({ title: z.string({ error: 'Enter a title' }).trim().min(1, 'Enter a title').max(200) })
  .strict();

export const ShareSchema = z
  .object({
    organisationId: uuid('the organisation that shared it').optional(),
    sharedOn: pastDate('the date it was shared'),
    how: z
      .string({ error: 'Say how it was shared' })
      .trim()
      .min(1, 'Say how it was shared')
      .max(1_000, 'Keep it to 1,000 characters or fewer'),
    reach: z.coerce
      .number({ error: 'Enter the number of people reached, or leave it blank' })
      .int('Enter a whole number of people')
      .min(0, 'Enter 0 or more')
      .max(10_000_000, 'Enter a smaller number')
      .nullable()
      .optional(),
  })
  .strict();

export const ListQuery = z.object({ page: pageParam, pageSize: pageSizeParam });
export const CampaignParams = z.object({ campaignId: z.string() });

export const CampaignResponse = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
  recommendations: z.array(
    z.object({
      id: z.string(),
      reviewId: z.string(),
      subjectRef: z.string(),
      number: z.number().int(),
      text: z.string(),
    }),
  ),
  resourceCount: z.number().int(),
  organisationsShared: z.number().int(),
  version: z.number().int(),
});
export const ResourceResponse = z.object({
  id: z.string(),
  kind: z.enum(RESOURCE_KINDS),
  title: z.string(),
  url: z.string().nullable(),
  fileName: z.string().nullable(),
  contentType: z.string().nullable(),
  sizeBytes: z.number().int().nullable(),
  downloadUrl: z.string().nullable(),
});
/**
 * The body of POST …/resources, for the OpenAPI document. It is checked by the service, not here:
 * a multipart body's fields arrive as parts, so this schema lets anything through.
 */
export const ResourceUploadSchema = z
  .object({
    kind: z.unknown().optional().describe('"video" for JSON; "leaflet" or left out for a multipart upload'),
    title: z.unknown().optional().describe('The resource’s title, 200 characters at most'),
    url: z.unknown().optional().describe('A video’s link, starting https://'),
    file: z.unknown().optional().describe('A leaflet’s file (multipart only)'),
  })
  .passthrough();
export const ShareStatusResponse = z.object({
  organisationId: z.string(),
  organisationName: z.string(),
  organisationType: z.string(),
  lastSharedOn: z.string().nullable(),
  times: z.number().int(),
  reach: z.number().int().nullable(),
});
export const CampaignDetailResponse = CampaignResponse.extend({
  resources: z.array(ResourceResponse),
  sharing: z.array(ShareStatusResponse),
});
export const ShareResponse = z.object({
  id: z.string(),
  organisationId: z.string(),
  organisationName: z.string(),
  sharedOn: z.string(),
  how: z.string(),
  reach: z.number().int().nullable(),
  recordedByName: z.string(),
});
