import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.ts';
import { ValidationFailed } from '../../platform/errors.ts';
import { actorOf, type Actor } from '../../platform/http/current-user.ts';
import { errorsByField, errorSummary, setFlash } from '../../platform/http/pages.ts';
import { fileSlug } from '../exports/index.ts';
import { coverageChart } from './training.charts.ts';
import { ORGANISATION_TYPES } from './training.schema.ts';

export const TYPE_PLURALS: Record<string, string> = {
  'gp-practice': 'GP practices',
  'nhs-trust': 'NHS trusts',
  'local-authority': 'Local authorities',
  police: 'Police forces',
  icb: 'Integrated care boards',
  school: 'Schools',
  other: 'Other organisations',
};

type Query = { months?: string; type?: string };

export async function coveragePages(app: FastifyInstance, { services }: { services: Services }) {
  const coverageContext = async (actor: Actor, courseId: string, query: Query) => {
    const type = (ORGANISATION_TYPES as readonly string[]).includes(query.type ?? '')
      ? query.type!
      : 'gp-practice';
    const { course, months, from, items } = await services.trainingReach.coverage(
      actor,
      courseId,
      query.months ?? 12,
    );
    const ofType = items.filter((i) => i.organisationType === type);
    return {
      pageTitle: `Coverage: ${course.title}`,
      activeNav: 'learning',
      course,
      months,
      from,
      type,
      kind: TYPE_PLURALS[type],
      kindInSentence:
        type === 'gp-practice' || type === 'nhs-trust'
          ? TYPE_PLURALS[type]
          : TYPE_PLURALS[type]!.toLowerCase(),
      typeItems: ORGANISATION_TYPES.map((t) => ({ value: t, text: TYPE_PLURALS[t], selected: t === type })),
      reached: ofType.filter((i) => i.attendees > 0),
      unreached: ofType.filter((i) => i.attendees === 0),
      chart: await coverageChart(ofType, TYPE_PLURALS[type]!, months),
      canInvite: actor.role === 'business-unit',
      values: { months: String(months) },
      errors: {},
    };
  };

  app.get('/courses/:courseId/coverage', async (request, reply) => {
    const actor = actorOf(request);
    const { courseId } = request.params as { courseId: string };
    const query = request.query as Query;
    try {
      return reply.page('coverage.njk', await coverageContext(actor, courseId, query));
    } catch (err) {
      // A bad number of months re-renders the default view with the message beside the field.
      if (!(err instanceof ValidationFailed)) throw err;
      const context = await coverageContext(actor, courseId, { type: query.type });
      return reply.code(400).page('coverage.njk', {
        ...context,
        values: { months: query.months },
        errorList: errorSummary(err.fields),
        errors: errorsByField(err.fields),
      });
    }
  });

  app.get('/courses/:courseId/coverage.csv', async (request, reply) => {
    const { courseId } = request.params as { courseId: string };
    const query = request.query as Query;
    const { course, body } = await services.trainingReach.coverageCsv(
      actorOf(request),
      courseId,
      query.months ?? 12,
      query.type,
    );
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="coverage-${fileSlug(course.title)}.csv"`)
      .send(body);
  });

  app.post('/courses/:courseId/coverage/invitations', async (request, reply) => {
    const actor = actorOf(request);
    const { courseId } = request.params as { courseId: string };
    const body = (request.body ?? {}) as Record<string, string>;
    const query = { type: body.type, months: body.months };
    try {
      const { invited, noLead, people } = await services.trainingReach.inviteUnreached(
        actor,
        courseId,
        query,
      );
      const missing = noLead.length
        ? ` ${noLead.map((o) => o.organisationName).join(', ')} ${noLead.length === 1 ? 'has' : 'have'} no safeguarding lead in Lantern, so ${noLead.length === 1 ? 'it was' : 'they were'} not told.`
        : '';
      setFlash(
        request,
        invited.length || noLead.length
          ? `Invited ${invited.length} organisation${invited.length === 1 ? '' : 's'} (${people} safeguarding lead${people === 1 ? '' : 's'}).${missing}`
          : 'Every organisation of this kind has been reached: no one to invite.',
      );
      return reply.redirect(
        `/courses/${courseId}/coverage?type=${encodeURIComponent(body.type ?? '')}&months=${encodeURIComponent(body.months ?? '')}`,
      );
    } catch (err) {
      if (!(err instanceof ValidationFailed)) throw err;
      const context = await coverageContext(actor, courseId, { type: body.type });
      return reply.code(400).page('coverage.njk', {
        ...context,
        errorList: errorSummary(err.fields, (p) => (p === 'type' ? 'invite' : p)),
        errors: errorsByField(err.fields),
      });
    }
  });
}
