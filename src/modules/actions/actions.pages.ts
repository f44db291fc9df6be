import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.ts';
import { Forbidden, NotFound, ValidationFailed } from '../../platform/errors.ts';
import { actorOf, type Actor } from '../../platform/http/current-user.ts';
import { joinDateParts } from '../../platform/http/forms.ts';
import { setFlash, submitForm } from '../../platform/http/pages.ts';
import {
  ACTION_SORTS,
  ACTION_STATUS_LABELS,
  ACTION_STATUSES,
  type ActionFilters,
  type ActionSort,
  type ActionStatus,
} from './actions.types.ts';
import { nextStatuses } from './actions.workflow.ts';
import { RECURRENCE_ITEMS, recurrenceFromForm } from './actions.recurrence.ts';
import { isUuid } from '../../platform/schema.ts';

type Body = Record<string, unknown>;
const PAGE_SIZE = 25;
const text = (body: Body, key: string) => (typeof body[key] === 'string' ? (body[key] as string).trim() : '');

/** Tracker filters from the query string; anything unrecognised is ignored rather than an error page. */
function filtersFrom(query: Body): {
  filters: ActionFilters;
  selected: Record<string, string>;
  page: number;
  sort: ActionSort;
} {
  const selected = {
    reviewId: text(query, 'reviewId'),
    organisationId: text(query, 'organisationId'),
    status: text(query, 'status'),
    due: text(query, 'due'),
    sort: text(query, 'sort'),
  };
  const filters: ActionFilters = {};
  if (isUuid(selected.reviewId)) filters.reviewId = selected.reviewId;
  if (isUuid(selected.organisationId)) filters.organisationId = selected.organisationId;
  if ((ACTION_STATUSES as readonly string[]).includes(selected.status))
    filters.status = selected.status as ActionStatus;
  if (selected.due === 'overdue') filters.overdue = true;
  if (selected.due === 'soon') filters.dueWithinDays = 30;
  const page = Math.max(1, Number.parseInt(text(query, 'page'), 10) || 1);
  const sort = (ACTION_SORTS as readonly string[]).includes(selected.sort)
    ? (selected.sort as ActionSort)
    : 'newest';
  return { filters, selected, page, sort };
}

function queryString(selected: Record<string, string>, page: number): string {
  const params = new URLSearchParams(Object.entries(selected).filter(([, v]) => v));
  if (page > 1) params.set('page', String(page));
  const qs = params.toString();
  return qs ? `?${qs}` : '';
}

export async function actionsPages(app: FastifyInstance, { services }: { services: Services }) {
  const statusItems = ACTION_STATUSES.map((s) => ({ value: s, text: ACTION_STATUS_LABELS[s] }));

  app.get('/dashboard', async (request, reply) => {
    const actor = actorOf(request);
    const counts = await services.actions.countByOrganisation(actor, {});
    const total = (key: 'notStarted' | 'inProgress' | 'awaitingEvidence' | 'overdue') =>
      counts.reduce((n, c) => n + c[key], 0);
    const dueSoon = await services.actions.list(actor, { dueWithinDays: 30 }, { page: 1, pageSize: 5 });
    return reply.page('dashboard.njk', {
      pageTitle: 'Home',
      activeNav: 'home',
      totals: {
        notStarted: total('notStarted'),
        inProgress: total('inProgress'),
        awaitingEvidence: total('awaitingEvidence'),
        overdue: total('overdue'),
      },
      dueSoon: dueSoon.items,
      dueSoonTotal: dueSoon.total,
    });
  });

  app.get('/actions', async (request, reply) => {
    const actor = actorOf(request);
    const { filters, selected, page, sort } = filtersFrom(request.query as Body);
    const [{ items, total }, counts, reviews, organisations] = await Promise.all([
      services.actions.list(actor, filters, { page, pageSize: PAGE_SIZE, sort }),
      services.actions.countByOrganisation(actor, filters),
      services.reviews.list(actor, { page: 1, pageSize: 200 }),
      services.organisations.list(actor),
    ]);
    const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
    return reply.page('tracker.njk', {
      pageTitle: 'Action tracker',
      activeNav: 'actions',
      actions: items,
      total,
      counts,
      page,
      pageCount,
      selected,
      pageLinks: Array.from({ length: pageCount }, (_, i) => ({
        number: i + 1,
        href: `/actions${queryString(selected, i + 1)}`,
        current: i + 1 === page,
      })),
      previousLink: page > 1 ? `/actions${queryString(selected, page - 1)}` : null,
      nextLink: page < pageCount ? `/actions${queryString(selected, page + 1)}` : null,
      reviewItems: [
        { value: '', text: 'All reviews' },
        ...reviews.items.map((r) => ({ value: r.id, text: r.subjectRef })),
      ],
      organisationItems: [
        { value: '', text: 'All organisations' },
        ...organisations.map((o) => ({ value: o.id, text: o.name })),
      ],
      statusItems: [{ value: '', text: 'All statuses' }, ...statusItems],
      scopeNote:
        actor.role === 'organisation-lead'
          ? `Showing actions owned by ${actor.organisationName}.`
          : actor.role === 'practitioner'
            ? 'Showing actions you own.'
            : actor.role === 'reviewer'
              ? 'Showing actions on the reviews you lead.'
              : 'Showing actions of every organisation in the partnership.',
    });
  });

  const newActionContext = async (actor: Actor, recommendationId: string) => {
    const { recommendation, review } = await services.reviews.findRecommendation(actor, recommendationId);
    const [organisations, people] = await Promise.all([
      services.organisations.list(actor),
      services.directory.listActive(),
    ]);
    return {
      pageTitle: 'Add an action',
      recommendation,
      review,
      organisationItems: [
        { value: '', text: 'Select an organisation' },
        ...organisations.map((o) => ({ value: o.id, text: o.name })),
      ],
      ownerItems: [
        { value: '', text: 'No named owner yet' },
        ...people.map((u) => ({ value: u.id, text: `${u.name} – ${u.organisationName}` })),
      ],
      recurrenceItems: RECURRENCE_ITEMS,
      backLink: `/reviews/${review.id}#recommendation-${recommendation.number}`,
    };
  };

  app.get('/recommendations/:recommendationId/actions/new', async (request, reply) => {
    const actor = actorOf(request);
    const { recommendationId } = request.params as { recommendationId: string };
    const context = await newActionContext(actor, recommendationId);
    if (actor.role !== 'business-unit')
      throw new Forbidden('Only the partnership business unit can add actions');
    return reply.page('action-form.njk', {
      ...context,
      values: {},
      errors: {},
    });
  });

  app.post('/recommendations/:recommendationId/actions', async (request, reply) => {
    const actor = actorOf(request);
    const { recommendationId } = request.params as { recommendationId: string };
    const body = request.body as Body;
    const context = await newActionContext(actor, recommendationId);
    return submitForm(
      reply,
      { template: 'action-form.njk', context: { ...context, values: body }, dateFields: ['dueDate'] },
      () =>
        services.actions.create(actor, recommendationId, {
          organisationId: text(body, 'organisationId') || undefined,
          ownerUserId: text(body, 'ownerUserId') || null,
          description: text(body, 'description') || undefined,
          dueDate: joinDateParts(body, 'dueDate'),
          recurrenceMonths: recurrenceFromForm(body.recurrenceMonths),
        }),
      (action) => {
        setFlash(request, `Action added for ${action.organisationName}`);
        return reply.redirect(
          `/reviews/${context.review.id}#recommendation-${context.recommendation.number}`,
        );
      },
    );
  });

  const showContext = async (actor: Actor, actionId: string) => {
    const { action, updates, dueDateChanges } = await services.actions.get(actor, actionId);
    const relation = services.actions.relationTo(actor, action);
    const evidence = await services.evidence.listForAction(actor, actionId);
    // Link to another occurrence only when this person may open it (it may be owned by someone else).
    const visibleId = (id: string | null) =>
      id
        ? services.actions.find(actor, id).then(
            () => id,
            (error: unknown) => {
              if (error instanceof NotFound) return null;
              throw error;
            },
          )
        : null;
    const [previousOccurrenceId, nextOccurrenceId] = await Promise.all([
      visibleId(action.previousOccurrenceId),
      visibleId(action.nextOccurrenceId),
    ]);
    // Owners come from the organisation that owns the action (e.g. to hand over a leaver's work).
    const colleagues =
      relation === 'read-only'
        ? []
        : (await services.directory.listActive()).filter((u) => u.organisationId === action.organisationId);
    return {
      ownerItems: [
        { value: '', text: 'No named owner' },
        ...colleagues.map((u) => ({ value: u.id, text: u.jobTitle ? `${u.name} (${u.jobTitle})` : u.name })),
      ],
      evidence,
      dueDateChanges,
      previousOccurrenceId,
      nextOccurrenceId,
      recurrenceItems: RECURRENCE_ITEMS,
      pageTitle: `Action for ${action.organisationName}: ${action.forumMeetingId ? action.origin : `review ${action.origin}`}`,
      activeNav: 'actions',
      action,
      updates: [...updates].reverse(),
      relation,
      statusChoices: nextStatuses(relation, action.status).map((s) => ({
        value: s,
        text: ACTION_STATUS_LABELS[s],
      })),
      backLink: '/actions',
      values: {},
      errors: {},
    };
  };

  app.get('/actions/:actionId', async (request, reply) => {
    const actor = actorOf(request);
    const { actionId } = request.params as { actionId: string };
    return reply.page('action-show.njk', await showContext(actor, actionId));
  });

  /** Each form on the action page posts here, runs one service call and comes back. */
  const actionForm = (
    path: string,
    run: (actor: Actor, actionId: string, body: Body) => Promise<unknown>,
    done: string,
  ) =>
    app.post(`/actions/:actionId/${path}`, async (request, reply) => {
      const actor = actorOf(request);
      const { actionId } = request.params as { actionId: string };
      const body = request.body as Body;
      return submitForm(
        reply,
        {
          template: 'action-show.njk',
          // Built only when the form comes back with an error: success just redirects.
          context: async () => ({ ...(await showContext(actor, actionId)), values: body, openForm: path }),
          dateFields: ['dueDate'],
        },
        () => run(actor, actionId, body),
        () => {
          setFlash(request, done);
          return reply.redirect(`/actions/${actionId}`);
        },
      );
    });

  actionForm(
    'progress',
    (actor, id, body) => services.actions.addProgress(actor, id, { note: text(body, 'note') }),
    'Progress update added',
  );
  actionForm(
    'status',
    (actor, id, body) => {
      if (!text(body, 'status'))
        throw new ValidationFailed([{ path: 'status', message: 'Select a new status' }]);
      return services.actions.update(actor, id, {
        version: body.version,
        status: text(body, 'status'),
        reason: text(body, 'reason') || undefined,
      });
    },
    'Status changed',
  );
  actionForm(
    'owner',
    (actor, id, body) =>
      services.actions.update(actor, id, {
        version: body.version,
        ownerUserId: text(body, 'ownerUserId') || null,
      }),
    'Named owner changed',
  );
  actionForm(
    'due-date',
    (actor, id, body) => {
      const dueDate = joinDateParts(body, 'dueDate');
      if (!dueDate) throw new ValidationFailed([{ path: 'dueDate', message: 'Enter the new due date' }]);
      return services.actions.update(actor, id, {
        version: body.version,
        dueDate,
        dueDateReason: text(body, 'dueDateReason') || undefined,
      });
    },
    'Due date changed',
  );
  actionForm(
    'recurrence',
    (actor, id, body) =>
      services.actions.update(actor, id, {
        version: body.version,
        recurrenceMonths: recurrenceFromForm(body.recurrenceMonths),
      }),
    'How often the action repeats changed',
  );
}
