import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.ts';
import { actorOf, type Actor } from '../../platform/http/current-user.ts';
import { Forbidden } from '../../platform/errors.ts';
import { joinDateParts } from '../../platform/http/forms.ts';
import { setFlash, submitForm } from '../../platform/http/pages.ts';
import { scenarioFormContext, scenarioFromForm } from './changes.pages.ts';
import { attendanceChart } from './training.charts.ts';
import { SESSION_MODES } from './training.types.ts';

type Body = Record<string, unknown>;
const text = (body: Body, key: string) => (typeof body[key] === 'string' ? (body[key] as string).trim() : '');
const orUndefined = (s: string) => s || undefined;
const MANAGES = 'Only the partnership business unit manages training';
const overseer = (actor: Actor) =>
  ['business-unit', 'board-member', 'organisation-lead'].includes(actor.role);

export async function trainingPages(app: FastifyInstance, { services }: { services: Services }) {
  app.get('/courses', async (request, reply) => {
    const actor = actorOf(request);
    const { items } = await services.training.courses(actor, { page: 1, pageSize: 200 });
    return reply.page('courses.njk', {
      pageTitle: 'Training courses',
      activeNav: 'learning',
      courses: items,
      canManage: actor.role === 'business-unit',
      canBook: actor.role === 'practitioner' || actor.role === 'organisation-lead',
    });
  });

  const courseForm = (values: Body = {}) => ({
    pageTitle: values.id ? 'Change the course' : 'Add a course',
    activeNav: 'learning',
    values,
    errors: {},
  });

  app.get('/courses/new', async (request, reply) => {
    if (actorOf(request).role !== 'business-unit') throw new Forbidden(MANAGES);
    return reply.page('course-form.njk', courseForm());
  });

  app.post('/courses', async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    return submitForm(
      reply,
      { template: 'course-form.njk', context: courseForm(body) },
      () =>
        services.training.createCourse(actorOf(request), {
          title: text(body, 'title'),
          summary: text(body, 'summary'),
          audience: text(body, 'audience'),
        }),
      (course) => {
        setFlash(request, 'Course added. Now add its case scenarios and sessions.');
        return reply.redirect(`/courses/${course.id}`);
      },
    );
  });

  app.get('/courses/:courseId', async (request, reply) => {
    const actor = actorOf(request);
    const { courseId } = request.params as { courseId: string };
    const { course, scenarios, sessions } = await services.training.course(actor, courseId);
    const chart = overseer(actor)
      ? await attendanceChart(
          course.title,
          await services.trainingReach.attendanceOverTime(actor, course.id, 12),
        )
      : null;
    return reply.page('course.njk', {
      pageTitle: course.title,
      activeNav: 'learning',
      course,
      scenarios,
      upcoming: sessions.filter((s) => !s.past),
      past: sessions.filter((s) => s.past).reverse(),
      modes: SESSION_MODES,
      chart,
      canManage: actor.role === 'business-unit',
      canSeeCoverage: overseer(actor),
    });
  });

  app.get('/courses/:courseId/edit', async (request, reply) => {
    const actor = actorOf(request);
    const { courseId } = request.params as { courseId: string };
    const { course } = await services.training.course(actor, courseId);
    if (actor.role !== 'business-unit') throw new Forbidden(MANAGES);
    return reply.page('course-form.njk', courseForm({ ...course }));
  });

  app.post('/courses/:courseId', async (request, reply) => {
    const { courseId } = request.params as { courseId: string };
    const body = (request.body ?? {}) as Body;
    return submitForm(
      reply,
      { template: 'course-form.njk', context: courseForm({ ...body, id: courseId }) },
      () =>
        services.training.updateCourse(actorOf(request), courseId, {
          title: text(body, 'title'),
          summary: text(body, 'summary'),
          audience: text(body, 'audience'),
          version: text(body, 'version'),
        }),
      (course) => {
        setFlash(request, 'Course saved');
        return reply.redirect(`/courses/${course.id}`);
      },
    );
  });

  const scenarioContext = (actor: Actor, courseId: string, values: Body = {}) =>
    scenarioFormContext(services, actor, courseId, values);

  app.get('/courses/:courseId/scenarios/new', async (request, reply) => {
    const actor = actorOf(request);
    const { courseId } = request.params as { courseId: string };
    const context = await scenarioContext(actor, courseId);
    if (actor.role !== 'business-unit') throw new Forbidden(MANAGES);
    return reply.page('scenario-form.njk', context);
  });

  app.post('/courses/:courseId/scenarios', async (request, reply) => {
    const actor = actorOf(request);
    const { courseId } = request.params as { courseId: string };
    const body = (request.body ?? {}) as Body;
    return submitForm(
      reply,
      { template: 'scenario-form.njk', context: await scenarioContext(actor, courseId, body) },
      () => services.training.addScenario(actor, courseId, scenarioFromForm(body)),
      () => {
        setFlash(request, 'Case scenario added');
        return reply.redirect(`/courses/${courseId}#scenarios`);
      },
    );
  });

  const sessionForm = async (actor: Actor, courseId: string, values: Body = {}) => ({
    pageTitle: 'Add a session',
    activeNav: 'learning',
    course: (await services.training.course(actor, courseId)).course,
    values: { mode: 'in-person', ...values },
    errors: {},
  });

  app.get('/courses/:courseId/sessions/new', async (request, reply) => {
    const actor = actorOf(request);
    const { courseId } = request.params as { courseId: string };
    const context = await sessionForm(actor, courseId);
    if (actor.role !== 'business-unit') throw new Forbidden(MANAGES);
    return reply.page('session-form.njk', context);
  });

  app.post('/courses/:courseId/sessions', async (request, reply) => {
    const actor = actorOf(request);
    const { courseId } = request.params as { courseId: string };
    const body = (request.body ?? {}) as Body;
    return submitForm(
      reply,
      {
        template: 'session-form.njk',
        context: await sessionForm(actor, courseId, body),
        dateFields: ['date'],
      },
      () =>
        services.training.addSession(actor, courseId, {
          date: joinDateParts(body, 'date'),
          startTime: orUndefined(text(body, 'startTime')),
          endTime: orUndefined(text(body, 'endTime')),
          mode: orUndefined(text(body, 'mode')),
          venue: text(body, 'venue'),
          onlineLink: text(body, 'onlineLink'),
          capacity: orUndefined(text(body, 'capacity')),
          facilitator: text(body, 'facilitator'),
        }),
      (session) => {
        setFlash(request, 'Session added');
        return reply.redirect(`/training-sessions/${session.id}`);
      },
    );
  });
}
