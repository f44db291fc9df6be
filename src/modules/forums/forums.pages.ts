import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.ts';
import { actorOf, type Actor } from '../../platform/http/current-user.ts';
import { Forbidden } from '../../platform/errors.ts';
import { setFlash, submitForm } from '../../platform/http/pages.ts';
import { FORUM_ROLE_LABELS, FORUM_ROLES, MEETING_FORMAT_LABELS, ATTENDANCE_LABELS } from './forums.types.ts';

type Body = Record<string, unknown>;
const text = (body: Body, key: string) => (typeof body[key] === 'string' ? (body[key] as string).trim() : '');
const labels = {
  activeNav: 'learning',
  roleLabels: FORUM_ROLE_LABELS,
  formatLabels: MEETING_FORMAT_LABELS,
  attendanceLabels: ATTENDANCE_LABELS,
};

/** Forums: the list, a forum's page (members, practices not yet represented, meetings) and its settings. */
export async function forumsPages(app: FastifyInstance, { services }: { services: Services }) {
  app.get('/forums', async (request, reply) => {
    const actor = actorOf(request);
    const { items } = await services.forums.list(actor, { page: 1, pageSize: 200 });
    return reply.page('forums.njk', {
      ...labels,
      pageTitle: 'Forums',
      forums: items,
      canCreate: actor.role === 'business-unit',
    });
  });

  const formContext = (pageTitle: string, backLink: string) => ({ ...labels, pageTitle, backLink });

  app.get('/forums/new', async (request, reply) => {
    const actor = actorOf(request);
    if (actor.role !== 'business-unit')
      throw new Forbidden('Only the partnership business unit creates forums');
    return reply.page('forum-form.njk', {
      ...formContext('Create a forum', '/forums'),
      values: {},
      errors: {},
    });
  });

  app.post('/forums', async (request, reply) => {
    const actor = actorOf(request);
    const body = (request.body ?? {}) as Body;
    return submitForm(
      reply,
      { template: 'forum-form.njk', context: { ...formContext('Create a forum', '/forums'), values: body } },
      () =>
        services.forums.create(actor, {
          name: text(body, 'name') || undefined,
          purpose: text(body, 'purpose'),
        }),
      (forum) => {
        setFlash(request, `Forum created: ${forum.name}`);
        return reply.redirect(`/forums/${forum.id}`);
      },
    );
  });

  app.get('/forums/:forumId', async (request, reply) => {
    const actor = actorOf(request);
    const { forumId } = request.params as { forumId: string };
    const overview = await services.forums.overview(actor, forumId);
    return reply.page('forum.njk', {
      ...labels,
      ...overview,
      pageTitle: overview.forum.name,
      backLink: '/forums',
      canManage: actor.role === 'business-unit',
      canRun: services.forums.canRunMeetings(actor, overview.forum),
      today: services.forums.today(),
    });
  });

  const editContext = async (actor: Actor, forumId: string) => {
    const forum = await services.forums.visible(actor, forumId);
    if (actor.role !== 'business-unit')
      throw new Forbidden('Only the partnership business unit changes a forum');
    return { ...formContext(`Change ${forum.name}`, `/forums/${forumId}`), forum };
  };

  app.get('/forums/:forumId/edit', async (request, reply) => {
    const { forumId } = request.params as { forumId: string };
    const context = await editContext(actorOf(request), forumId);
    return reply.page('forum-form.njk', { ...context, values: context.forum, errors: {} });
  });

  app.post('/forums/:forumId/edit', async (request, reply) => {
    const actor = actorOf(request);
    const { forumId } = request.params as { forumId: string };
    const body = (request.body ?? {}) as Body;
    return submitForm(
      reply,
      { template: 'forum-form.njk', context: { ...(await editContext(actor, forumId)), values: body } },
      () =>
        services.forums.update(actor, forumId, {
          name: text(body, 'name') || undefined,
          purpose: text(body, 'purpose'),
          version: text(body, 'version') || undefined,
        }),
      (forum) => {
        setFlash(request, `Forum saved: ${forum.name}`);
        return reply.redirect(`/forums/${forum.id}`);
      },
    );
  });

  const memberContext = async (actor: Actor, forumId: string) => {
    const forum = await services.forums.visible(actor, forumId);
    const people = await services.forums.candidates(actor, forumId);
    return {
      ...formContext('Add a member', `/forums/${forumId}`),
      forum,
      userItems: [
        { value: '', text: 'Select a person' },
        ...people.map((u) => ({
          value: u.id,
          text: `${u.name}${u.jobTitle ? `, ${u.jobTitle}` : ''} (${u.organisationName})`,
        })),
      ],
      roles: FORUM_ROLES,
    };
  };

  app.get('/forums/:forumId/members/new', async (request, reply) => {
    const { forumId } = request.params as { forumId: string };
    return reply.page('member-form.njk', {
      ...(await memberContext(actorOf(request), forumId)),
      values: {},
      errors: {},
    });
  });

  app.post('/forums/:forumId/members', async (request, reply) => {
    const actor = actorOf(request);
    const { forumId } = request.params as { forumId: string };
    const body = (request.body ?? {}) as Body;
    return submitForm(
      reply,
      { template: 'member-form.njk', context: { ...(await memberContext(actor, forumId)), values: body } },
      () =>
        services.forums.addMember(actor, forumId, {
          userId: text(body, 'userId') || undefined,
          forumRole: text(body, 'forumRole') || undefined,
        }),
      (member) => {
        setFlash(request, `${member.name} added as ${FORUM_ROLE_LABELS[member.forumRole].toLowerCase()}`);
        return reply.redirect(`/forums/${forumId}#members`);
      },
    );
  });

  app.post('/forums/:forumId/members/:memberId/leave', async (request, reply) => {
    const actor = actorOf(request);
    const { forumId, memberId } = request.params as { forumId: string; memberId: string };
    await services.forums.removeMember(actor, forumId, memberId);
    setFlash(request, 'Member removed from the forum; their past attendance is kept');
    return reply.redirect(`/forums/${forumId}#members`);
  });
}
