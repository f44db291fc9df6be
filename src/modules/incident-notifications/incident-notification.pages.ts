import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../../composition.ts';
import { Conflict, ValidationFailed } from '../../platform/errors.ts';
import { actorOf, type Actor } from '../../platform/http/current-user.ts';
import { dateParts, joinDateParts } from '../../platform/http/forms.ts';
import { errorsByField, errorSummary, setFlash, submitForm } from '../../platform/http/pages.ts';
import { AGE_BAND_LABELS, AGE_BANDS, type ReviewWithDeadlines } from '../reviews/index.ts';
import {
  formValuesOf,
  inputOf,
  savedValuesOf,
  withFormPaths,
  type FormValues,
} from './incident-notification.form.ts';
import { notificationFields } from './incident-notification.pdf.ts';
import { TOO_MANY_CHILDREN } from './incident-notification.schema.ts';
import {
  ABUSE_OR_NEGLECT,
  ABUSE_OR_NEGLECT_LABELS,
  ETHNICITIES,
  ETHNICITY_LABELS,
  INCIDENT_CATEGORIES,
  INCIDENT_CATEGORY_LABELS,
  MAX_CHILDREN,
  OUTCOME_LABELS,
  OUTCOMES,
  SEX_LABELS,
  SEXES,
  SOCIAL_CARE_LABELS,
  SOCIAL_CARE_STATUSES,
} from './incident-notification.types.ts';

type Body = Record<string, unknown>;
const EDIT_TEMPLATE = 'incident-notification-form.njk';
const VIEW_TEMPLATE = 'incident-notification.njk';

const options = <T extends string>(values: readonly T[], labels: Record<T, string>) =>
  values.map((value) => ({ value, text: labels[value] }));
const labels = {
  ageBand: AGE_BAND_LABELS,
  sex: SEX_LABELS,
  ethnicity: ETHNICITY_LABELS,
  outcome: OUTCOME_LABELS,
  socialCare: SOCIAL_CARE_LABELS,
};

export async function incidentNotificationPages(app: FastifyInstance, { services }: { services: Services }) {
  const notifications = services.incidentNotifications;

  async function showNotification(
    reply: FastifyReply,
    actor: Actor,
    reviewId: string,
    form: { values?: Body; errors?: ValidationFailed['fields']; status?: number } = {},
  ) {
    const { review, notification, canEdit } = await notifications.get(actor, reviewId);
    const panelDate = dateParts(review.panelNotifiedDate);
    return reply.code(form.status ?? 200).page(VIEW_TEMPLATE, {
      pageTitle: `Serious incident notification: review ${review.subjectRef}`,
      activeNav: 'reviews',
      backLink: `/reviews/${reviewId}`,
      review,
      notification,
      fields: notification ? notificationFields({ review, notification, producedOn: '' }) : [],
      labels,
      canEdit,
      values: form.values ?? {
        'panelNotifiedDate-day': panelDate.day,
        'panelNotifiedDate-month': panelDate.month,
        'panelNotifiedDate-year': panelDate.year,
      },
      errorList: form.errors ? errorSummary(form.errors, (p) => `${p}-day`) : undefined,
      errors: form.errors ? errorsByField(form.errors) : {},
    });
  }

  const editContext = async (actor: Actor, review: ReviewWithDeadlines, values: FormValues) => ({
    pageTitle: `${values.version ? 'Change' : 'Record'} the serious incident notification`,
    activeNav: 'reviews',
    backLink: `/reviews/${review.id}/notification`,
    review,
    values,
    maxChildren: MAX_CHILDREN,
    categoryOptions: options(INCIDENT_CATEGORIES, INCIDENT_CATEGORY_LABELS),
    abuseOptions: options(ABUSE_OR_NEGLECT, ABUSE_OR_NEGLECT_LABELS),
    agencyOptions: (await services.organisations.list(actor)).map((o) => ({ value: o.id, text: o.name })),
    ageBandOptions: options(AGE_BANDS, AGE_BAND_LABELS),
    sexOptions: options(SEXES, SEX_LABELS),
    ethnicityOptions: options(ETHNICITIES, ETHNICITY_LABELS),
    outcomeOptions: options(OUTCOMES, OUTCOME_LABELS),
    socialCareOptions: options(SOCIAL_CARE_STATUSES, SOCIAL_CARE_LABELS),
  });

  app.get('/reviews/:reviewId/notification', async (request, reply) => {
    const { reviewId } = request.params as { reviewId: string };
    return showNotification(reply, actorOf(request), reviewId);
  });

  app.get('/reviews/:reviewId/notification.pdf', async (request, reply) => {
    const { reviewId } = request.params as { reviewId: string };
    const file = await notifications.pdf(actorOf(request), reviewId);
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="${file.filename}"`)
      .header('cache-control', 'no-store')
      .send(file.body);
  });

  app.get('/reviews/:reviewId/notification/edit', async (request, reply) => {
    const actor = actorOf(request);
    const { reviewId } = request.params as { reviewId: string };
    await notifications.assertCanEdit(actor, reviewId);
    // The form shows the record, so opening it is audited as a view.
    const { review, notification } = await notifications.get(actor, reviewId, 'edit-form');
    const values = savedValuesOf(review, notification);
    return reply.page(EDIT_TEMPLATE, { ...(await editContext(actor, review, values)), errors: {} });
  });

  app.post('/reviews/:reviewId/notification/edit', async (request, reply) => {
    const actor = actorOf(request);
    const { reviewId } = request.params as { reviewId: string };
    const body = request.body as Body;
    const review = await notifications.assertCanEdit(actor, reviewId);
    const values = formValuesOf(body);
    const context = await editContext(actor, review, values);
    const formAction = typeof body.formAction === 'string' ? body.formAction : 'save';

    // Adding or removing a child shows the form again with the change; nothing is saved yet.
    if (formAction === 'add-child') {
      if (values.children.length >= MAX_CHILDREN) {
        return reply.code(400).page(EDIT_TEMPLATE, {
          ...context,
          errorList: [{ text: TOO_MANY_CHILDREN, href: '#children' }],
          errors: { children: { text: TOO_MANY_CHILDREN } },
        });
      }
      values.children.push({});
      return reply.page(EDIT_TEMPLATE, { ...context, errors: {} });
    }
    const remove = /^remove-child-(\d)$/.exec(formAction);
    if (remove) {
      if (values.children.length > 1) values.children.splice(Number(remove[1]) - 1, 1);
      return reply.page(EDIT_TEMPLATE, { ...context, errors: {} });
    }

    return submitForm(
      reply,
      { template: EDIT_TEMPLATE, context, dateFields: ['ofstedNotifiedDate'] },
      () => withFormPaths(() => notifications.save(actor, reviewId, inputOf(values))),
      ({ created }) => {
        setFlash(request, `Serious incident notification ${created ? 'recorded' : 'updated'}`);
        return reply.redirect(`/reviews/${reviewId}/notification`);
      },
    );
  });

  // The date the Panel was notified is the review's: recorded through the review's own update.
  app.post('/reviews/:reviewId/notification/panel-notified', async (request, reply) => {
    const actor = actorOf(request);
    const { reviewId } = request.params as { reviewId: string };
    const body = request.body as Body;
    const panelNotifiedDate = joinDateParts(body, 'panelNotifiedDate');
    try {
      if (!panelNotifiedDate) {
        throw new ValidationFailed([
          { path: 'panelNotifiedDate', message: 'Enter the date the National Panel was notified' },
        ]);
      }
      await services.reviews.update(actor, reviewId, { version: body.reviewVersion, panelNotifiedDate });
    } catch (err) {
      if (err instanceof ValidationFailed)
        return showNotification(reply, actor, reviewId, { values: body, errors: err.fields, status: 400 });
      if (err instanceof Conflict) {
        const message =
          'Someone else changed this review after you opened it. Check the date below and save again.';
        return showNotification(reply, actor, reviewId, {
          values: body,
          errors: [{ path: 'panelNotifiedDate', message }],
          status: 409,
        });
      }
      throw err;
    }
    setFlash(request, 'Date the National Panel was notified saved');
    return reply.redirect(`/reviews/${reviewId}/notification`);
  });
}
