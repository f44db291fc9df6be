import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../composition.ts';
import { actorOf, ROLES, type Actor } from '../../platform/http/current-user.ts';
import { setFlash, submitForm } from '../../platform/http/pages.ts';
import { pageParam, isUuid } from '../../platform/schema.ts';
import { baseUrlOf } from './account-links.ts';
import type { IssuedLink } from './accounts.service.ts';
import {
  ROLE_LABELS,
  STATUS_LABELS,
  USER_STATUSES,
  type AccountUser,
  type UserFilters,
} from './accounts.types.ts';

type Body = Record<string, unknown>;
const PAGE_SIZE = 25;
const text = (body: Body, key: string) => (typeof body[key] === 'string' ? (body[key] as string).trim() : '');

/** The form's fields as the service (and the API) takes them: blank means not given. */
const fields = (body: Body, keys: string[]) =>
  Object.fromEntries(keys.map((k) => [k, text(body, k) || undefined]));

function filtersFrom(query: Body): { filters: UserFilters; selected: Record<string, string> } {
  const selected = {
    organisationId: text(query, 'organisationId'),
    role: text(query, 'role'),
    status: text(query, 'status'),
  };
  const filters: UserFilters = {};
  if (isUuid(selected.organisationId)) filters.organisationId = selected.organisationId;
  if ((ROLES as readonly string[]).includes(selected.role))
    filters.role = selected.role as UserFilters['role'];
  if ((USER_STATUSES as readonly string[]).includes(selected.status))
    filters.status = selected.status as UserFilters['status'];
  return { filters, selected };
}

const roleItems = ROLES.map((r) => ({ value: r, text: ROLE_LABELS[r] }));
const statusItems = USER_STATUSES.map((s) => ({ value: s, text: STATUS_LABELS[s] }));
const labels = { roleLabels: ROLE_LABELS, statusLabels: STATUS_LABELS };

export async function accountsPages(app: FastifyInstance, { services }: { services: Services }) {
  const accounts = services.accounts;
  const organisationItems = async (actor: Actor, blank: string) => [
    { value: '', text: blank },
    ...(await accounts.formChoices(actor)).organisations.map((o) => ({ value: o.id, text: o.name })),
  ];
  const params = (request: FastifyRequest) => request.params as { userId: string };

  /** A page that shows a one-time link: never cached, never kept in the session. */
  const showLink = (reply: FastifyReply, issued: IssuedLink) =>
    reply.header('cache-control', 'no-store').page('user-link.njk', {
      pageTitle: issued.purpose === 'invitation' ? 'Invitation sent' : 'Password reset link sent',
      activeNav: 'users',
      ...issued,
    });

  app.get('/users', async (request, reply) => {
    const actor = actorOf(request);
    const { filters, selected } = filtersFrom(request.query as Body);
    const page = pageParam.catch(1).parse((request.query as Body).page);
    const { items, total } = await accounts.list(actor, filters, { page, pageSize: PAGE_SIZE, sort: 'name' });
    const query = new URLSearchParams(Object.entries(selected).filter(([, v]) => v));
    return reply.page('users-list.njk', {
      pageTitle: 'Users',
      activeNav: 'users',
      users: items,
      total,
      page,
      pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
      pageHref: (n: number) => `/users?${new URLSearchParams([...query, ['page', String(n)]])}`,
      selected,
      organisationItems: await organisationItems(actor, 'All organisations'),
      roleItems: [{ value: '', text: 'All roles' }, ...roleItems],
      statusItems: [{ value: '', text: 'All statuses' }, ...statusItems],
      ...labels,
    });
  });

  const inviteContext = async (actor: Actor) => ({
    pageTitle: 'Invite a user',
    activeNav: 'users',
    backLink: '/users',
    organisationItems: await organisationItems(actor, 'Select an organisation'),
    roleItems,
  });

  app.get('/users/invite', async (request, reply) =>
    reply.page('user-invite.njk', { ...(await inviteContext(actorOf(request))), values: {}, errors: {} }),
  );

  app.post('/users/invite', async (request, reply) => {
    const actor = actorOf(request);
    const body = request.body as Body;
    return submitForm(
      reply,
      { template: 'user-invite.njk', context: { ...(await inviteContext(actor)), values: body } },
      () =>
        accounts.invite(actor, fields(body, ['name', 'email', 'organisationId', 'role', 'jobTitle']), {
          baseUrl: baseUrlOf(request),
        }),
      (issued) => showLink(reply, issued),
    );
  });

  const showContext = (user: AccountUser) => ({
    pageTitle: user.name,
    activeNav: 'users',
    backLink: '/users',
    user,
    ...labels,
  });

  app.get('/users/:userId', async (request, reply) => {
    const user = await accounts.get(actorOf(request), params(request).userId);
    return reply.page('user-show.njk', showContext(user));
  });

  app.post('/users/:userId/link', async (request, reply) => {
    const actor = actorOf(request);
    const user = await accounts.get(actor, params(request).userId);
    return submitForm(
      reply,
      { template: 'user-show.njk', context: showContext(user) },
      () => accounts.sendLink(actor, user.id, { baseUrl: baseUrlOf(request) }),
      (issued) => showLink(reply, issued),
    );
  });

  const editContext = async (actor: Actor, user: AccountUser) => ({
    pageTitle: `Change ${user.name}’s role or organisation`,
    activeNav: 'users',
    backLink: `/users/${user.id}`,
    user,
    organisationItems: await organisationItems(actor, 'Select an organisation'),
    roleItems,
    ...labels,
  });

  app.get('/users/:userId/edit', async (request, reply) => {
    const actor = actorOf(request);
    const user = await accounts.get(actor, params(request).userId);
    return reply.page('user-edit.njk', { ...(await editContext(actor, user)), values: user, errors: {} });
  });

  app.post('/users/:userId/edit', async (request, reply) => {
    const actor = actorOf(request);
    const user = await accounts.get(actor, params(request).userId);
    const body = request.body as Body;
    return submitForm(
      reply,
      { template: 'user-edit.njk', context: { ...(await editContext(actor, user)), values: body } },
      () => accounts.update(actor, user.id, fields(body, ['version', 'role', 'organisationId'])),
      () => {
        setFlash(request, 'Role and organisation saved');
        return reply.redirect(`/users/${user.id}`);
      },
    );
  });

  app.post('/users/:userId/two-factor/reset', async (request, reply) => {
    const actor = actorOf(request);
    const user = await accounts.get(actor, params(request).userId);
    await services.twoFactor.reset(actor, user.id);
    setFlash(
      request,
      `${user.name}’s two-factor sign-in is reset: they will set up an authenticator app when they next sign in`,
    );
    return reply.redirect(`/users/${user.id}`);
  });

  app.get('/users/:userId/deactivate', async (request, reply) => {
    const user = await accounts.get(actorOf(request), params(request).userId);
    return reply.page('user-deactivate.njk', { ...showContext(user), values: user, errors: {} });
  });

  app.post('/users/:userId/deactivate', async (request, reply) => {
    const actor = actorOf(request);
    const user = await accounts.get(actor, params(request).userId);
    const body = request.body as Body;
    return submitForm(
      reply,
      { template: 'user-deactivate.njk', context: { ...showContext(user), values: body } },
      () => accounts.update(actor, user.id, { version: text(body, 'version'), active: false }),
      () => reply.redirect(`/users/${user.id}/deactivated`),
    );
  });

  app.get('/users/:userId/deactivated', async (request, reply) => {
    const actor = actorOf(request);
    const user = await accounts.get(actor, params(request).userId);
    if (user.active) return reply.redirect(`/users/${user.id}`);
    const openActions = await accounts.openActionsOf(actor, user.id);
    return reply.page('user-deactivated.njk', { ...showContext(user), openActions });
  });

  app.post('/users/:userId/reactivate', async (request, reply) => {
    const actor = actorOf(request);
    const user = await accounts.get(actor, params(request).userId);
    const body = request.body as Body;
    return submitForm(
      reply,
      { template: 'user-show.njk', context: showContext(user) },
      () => accounts.update(actor, user.id, { version: text(body, 'version'), active: true }),
      () => {
        setFlash(request, `${user.name}’s account is active again`);
        return reply.redirect(`/users/${user.id}`);
      },
    );
  });
}
