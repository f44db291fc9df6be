import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.ts';
import { actorOf, type Actor } from '../../platform/http/current-user.ts';
import { joinDateParts } from '../../platform/http/forms.ts';
import { setFlash, submitForm } from '../../platform/http/pages.ts';
import { chairOnly, labels, meetingPath, text, type Body, type Params } from './meetings.view.ts';

const agendaInput = (body: Body) => ({
  title: text(body, 'title') || undefined,
  notes: text(body, 'notes'),
  reviewId: text(body, 'reviewId') || null,
  learningPointId: text(body, 'learningPointId') || null,
  briefingId: text(body, 'briefingId') || null,
  discussion: text(body, 'discussion'),
});

/** A meeting's agenda items (with their links and discussion) and the forum actions agreed at it. */
export async function meetingItemsPages(app: FastifyInstance, { services }: { services: Services }) {
  const meetings = services.forumMeetings;
  const mustRun = chairOnly(services);

  const agendaContext = async (actor: Actor, p: Params) => {
    const { forum, meeting } = await meetings.visibleMeeting(actor, p.forumId, p.meetingId);
    mustRun(actor, forum);
    const choices = await meetings.linkChoices(actor);
    return {
      ...labels,
      forum,
      meeting,
      backLink: meetingPath(p),
      reviewItems: [
        { value: '', text: 'No review' },
        ...choices.reviews.map((r) => ({ value: r.id, text: r.subjectRef })),
      ],
      briefingItems: [
        { value: '', text: 'No briefing' },
        ...choices.briefings.map((b) => ({ value: b.id, text: b.title })),
      ],
      pointItems: [
        { value: '', text: 'No learning point' },
        ...choices.points.map((pt) => {
          const ref = choices.reviews.find((r) => r.id === pt.reviewId)?.subjectRef ?? '';
          return { value: pt.id, text: `${ref} ${pt.number}: ${pt.text}`.slice(0, 140) };
        }),
      ],
    };
  };
  app.get('/forums/:forumId/meetings/:meetingId/agenda/new', async (request, reply) => {
    const context = await agendaContext(actorOf(request), request.params as Params);
    return reply.page('agenda-item-form.njk', {
      ...context,
      pageTitle: 'Add an agenda item',
      values: {},
      errors: {},
    });
  });
  app.post('/forums/:forumId/meetings/:meetingId/agenda', async (request, reply) => {
    const actor = actorOf(request);
    const params = request.params as Params;
    const body = (request.body ?? {}) as Body;
    return submitForm(
      reply,
      {
        template: 'agenda-item-form.njk',
        context: { ...(await agendaContext(actor, params)), pageTitle: 'Add an agenda item', values: body },
      },
      () => meetings.addAgendaItem(actor, params.forumId, params.meetingId, agendaInput(body)),
      (item) => {
        setFlash(request, `Agenda item added: ${item.title}`);
        return reply.redirect(`${meetingPath(params)}#agenda`);
      },
    );
  });
  app.get('/forums/:forumId/meetings/:meetingId/agenda/:itemId', async (request, reply) => {
    const actor = actorOf(request);
    const params = request.params as Params;
    const { item } = await meetings.agendaItem(actor, params.forumId, params.meetingId, params.itemId!);
    const context = await agendaContext(actor, params);
    return reply.page('agenda-item-form.njk', {
      ...context,
      item,
      pageTitle: 'Change an agenda item',
      values: item,
      errors: {},
    });
  });
  app.post('/forums/:forumId/meetings/:meetingId/agenda/:itemId', async (request, reply) => {
    const actor = actorOf(request);
    const params = request.params as Params;
    const body = (request.body ?? {}) as Body;
    const { item } = await meetings.agendaItem(actor, params.forumId, params.meetingId, params.itemId!);
    return submitForm(
      reply,
      {
        template: 'agenda-item-form.njk',
        context: {
          ...(await agendaContext(actor, params)),
          item,
          pageTitle: 'Change an agenda item',
          values: body,
        },
      },
      () =>
        meetings.updateAgendaItem(actor, params.forumId, params.meetingId, item.id, {
          ...agendaInput(body),
          version: text(body, 'version') || undefined,
        }),
      (saved) => {
        setFlash(request, `Agenda item saved: ${saved.title}`);
        return reply.redirect(`${meetingPath(params)}#agenda`);
      },
    );
  });

  const actionContext = async (actor: Actor, p: Params) => {
    const { forum, meeting } = await meetings.visibleMeeting(actor, p.forumId, p.meetingId);
    mustRun(actor, forum);
    const organisations = await services.organisations.list(actor);
    const people = await services.directory.listActive();
    return {
      ...labels,
      forum,
      meeting,
      pageTitle: 'Add a forum action',
      backLink: meetingPath(p),
      organisationItems: [
        { value: '', text: 'Select an organisation' },
        ...organisations.map((o) => ({ value: o.id, text: o.name })),
      ],
      ownerItems: [
        { value: '', text: 'No named owner' },
        ...people.map((u) => ({ value: u.id, text: `${u.name} (${u.organisationName})` })),
      ],
    };
  };
  app.get('/forums/:forumId/meetings/:meetingId/actions/new', async (request, reply) => {
    const context = await actionContext(actorOf(request), request.params as Params);
    return reply.page('forum-action-form.njk', { ...context, values: {}, errors: {} });
  });
  app.post('/forums/:forumId/meetings/:meetingId/actions', async (request, reply) => {
    const actor = actorOf(request);
    const params = request.params as Params;
    const body = (request.body ?? {}) as Body;
    return submitForm(
      reply,
      {
        template: 'forum-action-form.njk',
        context: { ...(await actionContext(actor, params)), values: body },
        dateFields: ['dueDate'],
      },
      () =>
        meetings.addAction(actor, params.forumId, params.meetingId, {
          organisationId: text(body, 'organisationId') || undefined,
          description: text(body, 'description') || undefined,
          dueDate: joinDateParts(body, 'dueDate'),
          ownerUserId: text(body, 'ownerUserId') || null,
        }),
      (action) => {
        setFlash(request, `Action added to the tracker for ${action.organisationName}`);
        return reply.redirect(`${meetingPath(params)}#actions`);
      },
    );
  });
}
