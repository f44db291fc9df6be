import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../composition.ts';
import { NotFound } from '../../platform/errors.ts';
import { actorOf } from '../../platform/http/current-user.ts';
import { apiErrors, idParams } from '../../platform/schema.ts';
import type { ReviewWithDeadlines } from '../reviews/index.ts';
import { NotificationBody, NotificationResponse } from './incident-notification.schema.ts';
import type { IncidentNotification } from './incident-notification.types.ts';

/** The notification with the review's dates beside it (read here, recorded on the review). */
const responseOf = (review: ReviewWithDeadlines, n: IncidentNotification) => ({
  ...n,
  incidentDate: review.incidentDate,
  awareDate: review.awareDate,
  panelNotifiedDate: review.panelNotifiedDate,
});

/** A PDF download, documented in OpenAPI by its content type. */
const PDF_RESPONSE: { description: string; content: Record<string, { schema: z.ZodType }> } = {
  description: 'The notification as an attachment, marked OFFICIAL-SENSITIVE',
  content: { 'application/pdf': { schema: z.string().meta({ format: 'binary' }) } },
};

export async function incidentNotificationApi(base: FastifyInstance, { services }: { services: Services }) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const tags = ['reviews'];
  const notifications = services.incidentNotifications;

  app.get(
    '/api/v1/reviews/:id/notification',
    {
      schema: {
        tags,
        summary: 'The serious incident notification sent to the National Panel for a review',
        description:
          '404 when the caller may not see the review, or when no notification is recorded yet. ' +
          'The dates of the incident, of awareness and of notifying the Panel are the review’s. Each view is audited.',
        params: idParams,
        response: { 200: NotificationResponse, ...apiErrors },
      },
    },
    async (request) => {
      const { review, notification } = await notifications.get(actorOf(request), request.params.id, 'json');
      if (!notification) throw new NotFound('Serious incident notification');
      return responseOf(review, notification);
    },
  );

  app.put(
    '/api/v1/reviews/:id/notification',
    {
      schema: {
        tags,
        summary: 'Record or replace the serious incident notification (business unit)',
        description:
          'Creates the notification (201) or replaces it (200; send the `version` you read, or get 409). ' +
          'Up to 4 children, each by an anonymised reference (the review’s reference rule). ' +
          'Record the date the Panel was notified with `PATCH /api/v1/reviews/{id}`.',
        params: idParams,
        body: NotificationBody,
        response: { 200: NotificationResponse, 201: NotificationResponse, ...apiErrors },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { notification, created } = await notifications.save(actor, request.params.id, request.body);
      const review = await services.reviews.find(actor, request.params.id);
      return reply.code(created ? 201 : 200).send(responseOf(review, notification));
    },
  );

  app.get(
    '/api/v1/reviews/:id/notification/pdf',
    {
      schema: {
        tags,
        summary: 'The serious incident notification as a printable PDF',
        params: idParams,
        response: {
          200: PDF_RESPONSE,
          ...apiErrors,
        },
      },
    },
    async (request, reply) => {
      const file = await notifications.pdf(actorOf(request), request.params.id);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .header('cache-control', 'no-store')
        .send(file.body);
    },
  );
}
