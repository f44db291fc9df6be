import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.ts';
import { Forbidden } from '../../platform/errors.ts';
import { actorOf, type Actor } from '../../platform/http/current-user.ts';
import { dateParts, joinDateParts } from '../../platform/http/forms.ts';
import { setFlash, submitForm } from '../../platform/http/pages.ts';
import type { Scenario, TrainingSession } from './training.types.ts';

type Body = Record<string, unknown>;
type ScenarioParams = { courseId: string; scenarioId: string };
const text = (body: Body, key: string) => (typeof body[key] === 'string' ? (body[key] as string).trim() : '');
const asArray = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(String) : value ? [String(value)] : [];
const orUndefined = (s: string) => s || undefined;
const MANAGES = 'Only the partnership business unit manages training';

/** The scenario form's lists: reviews, their learning points, and the library of other areas' reviews. */
export async function scenarioFormContext(services: Services, actor: Actor, courseId: string, values: Body) {
  const { course } = await services.training.course(actor, courseId);
  const [choices, library] = await Promise.all([
    services.training.pointChoices(),
    services.training.libraryChoices(),
  ]);
  const reviews = [...new Map(choices.map((c) => [c.reviewId, c.reviewRef])).entries()];
  return {
    pageTitle: values.id ? 'Change the case scenario' : 'Add a case scenario',
    activeNav: 'learning',
    course,
    reviewItems: [
      { value: '', text: 'Choose a review' },
      ...reviews.map(([id, ref]) => ({ value: id, text: ref, selected: values.reviewId === id })),
    ],
    libraryItems: [
      { value: '', text: 'None' },
      ...library.map((l) => ({
        value: l.id,
        text: `${l.title} — ${l.area || 'area not given'}${l.year ? `, ${l.year}` : ''}`,
        selected: values.libraryReviewId === l.id,
      })),
    ],
    pointGroups: reviews.map(([id, ref]) => ({
      reviewRef: ref,
      items: choices
        .filter((c) => c.reviewId === id)
        .map((c) => ({
          value: c.id,
          text: `${c.number}. ${c.text}`,
          checked: asArray(values.learningPointIds).includes(c.id),
        })),
    })),
    values,
    errors: {},
  };
}

/** What the scenario form posts, as the service takes it. */
export const scenarioFromForm = (body: Body) => ({
  title: text(body, 'title'),
  scenario: text(body, 'scenario'),
  questions: text(body, 'questions').split(/\r?\n/),
  reviewId: orUndefined(text(body, 'reviewId')),
  libraryReviewId: orUndefined(text(body, 'libraryReviewId')),
  learningPointIds: asArray(body.learningPointIds),
});

const scenarioValues = (s: Scenario): Body => ({
  ...s,
  questions: s.questions.join('\n'),
  reviewId: s.reviewId ?? '',
  libraryReviewId: s.libraryReviewId ?? '',
  learningPointIds: s.learningPoints.map((p) => p.id),
});

const sessionValues = (s: Omit<TrainingSession, 'onlineLink'> & { onlineLink: string | null }): Body => {
  const { day, month, year } = dateParts(s.date);
  return { ...s, 'date-day': day, 'date-month': month, 'date-year': year };
};

/** Changing and removing case scenarios; changing and cancelling sessions (the business unit). */
export async function changePages(app: FastifyInstance, { services }: { services: Services }) {
  const { training } = services;

  app.get('/courses/:courseId/scenarios/:scenarioId/edit', async (request, reply) => {
    const actor = actorOf(request);
    const { courseId, scenarioId } = request.params as ScenarioParams;
    const scenario = await training.scenario(actor, courseId, scenarioId);
    const context = await scenarioFormContext(services, actor, courseId, scenarioValues(scenario));
    if (actor.role !== 'business-unit') throw new Forbidden(MANAGES);
    return reply.page('scenario-form.njk', context);
  });

  app.post('/courses/:courseId/scenarios/:scenarioId', async (request, reply) => {
    const actor = actorOf(request);
    const { courseId, scenarioId } = request.params as ScenarioParams;
    const body = (request.body ?? {}) as Body;
    const values = { ...body, id: scenarioId };
    return submitForm(
      reply,
      {
        template: 'scenario-form.njk',
        context: await scenarioFormContext(services, actor, courseId, values),
      },
      () =>
        training.updateScenario(actor, courseId, scenarioId, {
          ...scenarioFromForm(body),
          version: text(body, 'version'),
        }),
      (s) => {
        setFlash(request, `Scenario ${s.number} saved`);
        return reply.redirect(`/courses/${courseId}#scenarios`);
      },
    );
  });

  app.get('/courses/:courseId/scenarios/:scenarioId/remove', async (request, reply) => {
    const actor = actorOf(request);
    const { courseId, scenarioId } = request.params as ScenarioParams;
    const scenario = await training.scenario(actor, courseId, scenarioId);
    const { course } = await training.course(actor, courseId);
    if (actor.role !== 'business-unit') throw new Forbidden(MANAGES);
    return reply.page('scenario-remove.njk', {
      pageTitle: `Remove scenario ${scenario.number}`,
      activeNav: 'learning',
      course,
      scenario,
    });
  });

  app.post('/courses/:courseId/scenarios/:scenarioId/remove', async (request, reply) => {
    const { courseId, scenarioId } = request.params as ScenarioParams;
    const removed = await training.removeScenario(actorOf(request), courseId, scenarioId);
    setFlash(request, `Scenario “${removed.title}” removed. The scenarios after it moved up a number.`);
    return reply.redirect(`/courses/${courseId}#scenarios`);
  });

  const sessionForm = async (actor: Actor, sessionId: string, values?: Body) => {
    const { session } = await training.session(actor, sessionId);
    return {
      pageTitle: 'Change the session',
      activeNav: 'learning',
      course: { id: session.courseId, title: session.courseTitle },
      session,
      values: { ...(values ?? sessionValues(session)), id: session.id },
      errors: {},
    };
  };

  app.get('/training-sessions/:sessionId/edit', async (request, reply) => {
    const actor = actorOf(request);
    const { sessionId } = request.params as { sessionId: string };
    const context = await sessionForm(actor, sessionId);
    // 403 unless the business unit, and for a cancelled session.
    await training.cancellation(actor, sessionId);
    return reply.page('session-form.njk', context);
  });

  app.post('/training-sessions/:sessionId', async (request, reply) => {
    const actor = actorOf(request);
    const { sessionId } = request.params as { sessionId: string };
    const body = (request.body ?? {}) as Body;
    return submitForm(
      reply,
      {
        template: 'session-form.njk',
        context: await sessionForm(actor, sessionId, body),
        dateFields: ['date'],
      },
      () =>
        training.updateSession(actor, sessionId, {
          date: joinDateParts(body, 'date'),
          startTime: orUndefined(text(body, 'startTime')),
          endTime: orUndefined(text(body, 'endTime')),
          mode: orUndefined(text(body, 'mode')),
          venue: text(body, 'venue'),
          onlineLink: text(body, 'onlineLink'),
          capacity: orUndefined(text(body, 'capacity')),
          facilitator: text(body, 'facilitator'),
          version: text(body, 'version'),
        }),
      () => {
        setFlash(request, 'Session saved');
        return reply.redirect(`/training-sessions/${sessionId}`);
      },
    );
  });

  const cancelContext = async (actor: Actor, sessionId: string, values: Body = {}) => ({
    ...(await training.cancellation(actor, sessionId)),
    pageTitle: 'Cancel the session',
    activeNav: 'learning',
    values,
    errors: {},
  });

  app.get('/training-sessions/:sessionId/cancel', async (request, reply) => {
    const { sessionId } = request.params as { sessionId: string };
    return reply.page('session-cancel.njk', await cancelContext(actorOf(request), sessionId));
  });

  app.post('/training-sessions/:sessionId/cancel', async (request, reply) => {
    const actor = actorOf(request);
    const { sessionId } = request.params as { sessionId: string };
    const body = (request.body ?? {}) as Body;
    return submitForm(
      reply,
      { template: 'session-cancel.njk', context: await cancelContext(actor, sessionId, body) },
      () => training.cancelSession(actor, sessionId, { reason: text(body, 'reason') }),
      () => {
        setFlash(request, 'Session cancelled. Everyone booked or waiting has been told.');
        return reply.redirect(`/training-sessions/${sessionId}`);
      },
    );
  });
}
