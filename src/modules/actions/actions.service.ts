import { londonToday } from '../../platform/clock.ts';
import type { Db, Queryable } from '../../platform/db/index.ts';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { parseOrThrow } from '../../platform/http/forms.ts';
import { auditActorOf, type AuditRepository } from '../audit/index.ts';
import type { DirectoryService } from '../auth/index.ts';
import type { OrganisationsService } from '../organisations/index.ts';
import type { ReviewsService } from '../reviews/index.ts';
import type { ActionScope, ActionsRepository } from './actions.repository.ts';
import { ActionCreateSchema, ActionUpdateSchema, ProgressSchema } from './actions.schema.ts';
import type {
  Action,
  ActionFilters,
  ActionSort,
  ActionStatus,
  ActionUpdate,
  DueDateChange,
} from './actions.types.ts';
import { checkTransition, relationTo } from './actions.workflow.ts';
import { nextDueDate } from './actions.recurrence.ts';
import { isUuid } from '../../platform/schema.ts';

interface Deps {
  db: Db;
  actions: ActionsRepository;
  audit: AuditRepository;
  reviews: ReviewsService;
  organisations: OrganisationsService;
  directory: DirectoryService;
  today?: () => string;
}

/** Who sees which actions: an organisation lead sees their organisation's, a practitioner their own. */
export function actionScopeFor(actor: Actor): ActionScope {
  switch (actor.role) {
    case 'business-unit':
    case 'board-member':
      return { kind: 'all' };
    case 'organisation-lead':
      return { kind: 'organisation', organisationId: actor.organisationId };
    case 'practitioner':
      return { kind: 'owner', userId: actor.id };
    case 'reviewer':
      return { kind: 'reviewer', userId: actor.id };
  }
}

export function createActionsService({
  db,
  actions,
  audit,
  reviews,
  organisations,
  directory,
  today = londonToday,
}: Deps) {
  async function visibleAction(
    actor: Actor,
    id: string,
    tx = db as Parameters<ActionsRepository['find']>[0],
  ): Promise<Action> {
    const action = isUuid(id) ? await actions.find(tx, actionScopeFor(actor), id, today()) : undefined;
    if (!action) throw new NotFound('Action');
    return action;
  }

  /** The owner must be an active user of the organisation that owns the action. */
  async function checkOwner(ownerUserId: string | null | undefined, organisationId: string): Promise<void> {
    if (!ownerUserId) return;
    const [owner] = await directory.findActive([ownerUserId]);
    if (!owner || owner.organisationId !== organisationId) {
      throw new ValidationFailed([
        {
          path: 'ownerUserId',
          message: 'Select an owner who works for the organisation that owns the action',
        },
      ]);
    }
  }

  async function checkOrganisation(organisationId: string): Promise<void> {
    if (!(await organisations.find(organisationId))) {
      throw new ValidationFailed([
        { path: 'organisationId', message: 'Select an organisation from the list' },
      ]);
    }
  }

  /**
   * Every move to "closed" passes through here, in the transaction that closes the action (a
   * status change, or evidence accepted), so a repeating action always gets its next occurrence
   * and never two: re-opening and closing again finds the one already made.
   */
  async function recurIfClosed(tx: Queryable, actor: Actor, actionId: string, to: ActionStatus) {
    if (to !== 'closed') return;
    const closed = await actions.find(tx, { kind: 'all' }, actionId, today());
    if (!closed?.recurrenceMonths || closed.nextOccurrenceId) return;
    const dueDate = nextDueDate(closed.dueDate, closed.recurrenceMonths, today());
    const nextId = await actions.insertNextOccurrence(tx, actionId, dueDate);
    if (!nextId) return;
    await audit.insert(tx, auditActorOf(actor), {
      event: 'action.recurred',
      subjectType: 'action',
      subjectId: nextId,
      after: { dueDate, recurrenceMonths: closed.recurrenceMonths },
      details: { previousOccurrenceId: actionId, nextOccurrenceId: nextId },
    });
  }

  /**
   * Validates and writes a new action from a recommendation or a forum meeting (exactly one), with
   * its audit row in the same transaction. Who may add it is the caller's check.
   */
  async function insertAction(
    actor: Actor,
    input: unknown,
    origin:
      { recommendationId: string; forumMeetingId: null } | { recommendationId: null; forumMeetingId: string },
    details: Record<string, unknown>,
  ): Promise<Action> {
    const data = parseOrThrow(ActionCreateSchema, input);
    await checkOrganisation(data.organisationId);
    await checkOwner(data.ownerUserId, data.organisationId);
    const id = await db.transaction(async (tx) => {
      const newId = await actions.insert(tx, {
        ...origin,
        organisationId: data.organisationId,
        ownerUserId: data.ownerUserId ?? null,
        description: data.description,
        dueDate: data.dueDate,
        recurrenceMonths: data.recurrenceMonths ?? null,
      });
      await audit.insert(tx, auditActorOf(actor), {
        event: 'action.created',
        subjectType: 'action',
        subjectId: newId,
        after: data,
        details,
      });
      return newId;
    });
    return (await actions.find(db, { kind: 'all' }, id, today()))!;
  }

  return {
    scopeFor: actionScopeFor,

    async list(
      actor: Actor,
      filters: ActionFilters,
      paging: { page: number; pageSize: number; sort?: ActionSort },
    ) {
      return actions.list(db, actionScopeFor(actor), filters, { ...paging, today: today() });
    },

    async countByOrganisation(actor: Actor, filters: ActionFilters) {
      return actions.countByOrganisation(db, actionScopeFor(actor), filters, today());
    },

    /** Actions by state at the end of each of the last `months` months, as the actor's tracker scopes them. */
    async statusOverTime(actor: Actor, months = 12) {
      const rows = await actions.statusByMonth(db, actionScopeFor(actor), { today: today(), months });
      const days = [...new Set(rows.map((r) => r.day))].sort();
      return days.map((day) => {
        const ofDay = rows.filter((r) => r.day === day);
        const count = (status: ActionStatus) => ofDay.find((r) => r.status === status)?.actions ?? 0;
        return {
          day,
          notStarted: count('not-started'),
          inProgress: count('in-progress'),
          awaitingEvidence: count('awaiting-evidence'),
          closed: count('closed'),
          overdue: ofDay.reduce((n, r) => n + r.overdue, 0),
        };
      });
    },

    async listForReview(actor: Actor, reviewId: string): Promise<Action[]> {
      return actions.listForReview(db, actionScopeFor(actor), reviewId, today());
    },

    async get(
      actor: Actor,
      id: string,
    ): Promise<{ action: Action; updates: ActionUpdate[]; dueDateChanges: DueDateChange[] }> {
      const action = await visibleAction(actor, id);
      const [updates, dueDateChanges] = await Promise.all([
        actions.listUpdates(db, id),
        actions.listDueDateChanges(db, id),
      ]);
      await audit.insert(db, auditActorOf(actor), {
        event: 'action.viewed',
        subjectType: 'action',
        subjectId: id,
      });
      return { action, updates, dueDateChanges };
    },

    relationTo,

    /** The action if the actor may see it (404 otherwise), without writing a view to the audit log. */
    find: (actor: Actor, id: string): Promise<Action> => visibleAction(actor, id),

    /** The business unit adds actions to a recommendation, each owned by a partner organisation. */
    async create(actor: Actor, recommendationId: string, input: unknown): Promise<Action> {
      const { review } = await reviews.findRecommendation(actor, recommendationId);
      if (actor.role !== 'business-unit')
        throw new Forbidden('Only the partnership business unit can add actions');
      return insertAction(
        actor,
        input,
        { recommendationId, forumMeetingId: null },
        {
          reviewId: review.id,
          recommendationId,
        },
      );
    },

    /**
     * Records an action agreed at a forum meeting as a tracked action (no recommendation). Who may
     * do it is the forum's rule (its chair or the business unit): the forums service checks it
     * before calling. The rest is as for any action: a real organisation, an owner who works there,
     * audited in the same transaction as the insert.
     */
    async createForForumMeeting(
      actor: Actor,
      origin: { forumId: string; forumMeetingId: string },
      input: unknown,
    ): Promise<Action> {
      return insertAction(
        actor,
        input,
        { recommendationId: null, forumMeetingId: origin.forumMeetingId },
        origin,
      );
    },

    /**
     * The actions agreed at a forum meeting, with their live status. Forum minutes are open to
     * everyone signed in, so the list is too; each action's own page keeps its usual access rule.
     */
    async listForForumMeeting(forumMeetingId: string): Promise<Action[]> {
      const { items } = await actions.list(
        db,
        { kind: 'all' },
        { forumMeetingId },
        { today: today(), page: 1, pageSize: 200, sort: 'due' },
      );
      return items;
    },

    /**
     * Changes an action. Checks, in order: the caller can see it (404); their copy is current
     * (409); their role allows the change (403); the values are valid (400). The checks run before
     * the transaction (they read other modules' data through their services, on their own
     * connection); the transaction then locks the row and applies the change only if the version
     * is still the one checked.
     */
    async update(actor: Actor, id: string, input: unknown): Promise<Action> {
      const version = Number((input as { version?: unknown } | null)?.version);
      const before = await visibleAction(actor, id);
      if (before.version !== version) throw new Conflict(undefined, before);
      const relation = relationTo(actor, before);
      if (relation === 'read-only') throw new Forbidden('You can read this action but not change it');
      const data = parseOrThrow(ActionUpdateSchema, input);
      const { version: _v, status, reason, dueDateReason, ...fields } = data;
      const changes: Partial<Record<keyof typeof fields | 'status', unknown>> = {};
      for (const [key, value] of Object.entries(fields)) {
        if (value !== undefined && value !== before[key as keyof Action])
          changes[key as keyof typeof fields] = value;
      }
      // A partner may send back the record they read: only a real change is refused.
      if (
        relation === 'partner' &&
        (changes.description || changes.dueDate || changes.organisationId || 'recurrenceMonths' in changes)
      ) {
        throw new Forbidden(
          'Only the partnership business unit can change what an action is, who owns it, when it is due or how often it repeats',
        );
      }
      const organisationId = (changes.organisationId as string | undefined) ?? before.organisationId;
      if (changes.organisationId) await checkOrganisation(organisationId);
      if ('ownerUserId' in changes || changes.organisationId)
        await checkOwner(
          'ownerUserId' in changes ? (changes.ownerUserId as string | null) : before.ownerUserId,
          organisationId,
        );
      if (changes.dueDate && !dueDateReason) {
        throw new ValidationFailed([
          { path: 'dueDateReason', message: 'Give a reason for changing the due date' },
        ]);
      }
      let transitionKind: 'status-change' | 'returned' | undefined;
      if (status && status !== before.status) {
        const check = checkTransition(relation, before.status, status, reason);
        if (!check.ok && check.reason === 'forbidden') throw new Forbidden(check.message);
        if (!check.ok) throw new ValidationFailed([{ path: check.path, message: check.message }]);
        transitionKind = check.kind;
        changes.status = status;
      }
      if (Object.keys(changes).length === 0) return before;

      return db.transaction(async (tx) => {
        if ((await actions.lockVersion(tx, id)) !== version) {
          throw new Conflict(undefined, await actions.find(tx, { kind: 'all' }, id, today()));
        }
        await actions.update(tx, id, changes as Parameters<ActionsRepository['update']>[2]);
        if (changes.dueDate) {
          await actions.addUpdate(tx, {
            actionId: id,
            authorUserId: actor.id,
            kind: 'due-date-change',
            note: `Due date moved from ${before.dueDate} to ${changes.dueDate as string}: ${dueDateReason}`,
          });
          await actions.insertDueDateChange(tx, {
            actionId: id,
            fromDate: before.dueDate,
            toDate: changes.dueDate as string,
            reason: dueDateReason ?? '',
            changedBy: actor.id,
          });
        }
        if (transitionKind) {
          await actions.addUpdate(tx, {
            actionId: id,
            authorUserId: actor.id,
            kind: transitionKind,
            note: reason ?? '',
            fromStatus: before.status,
            toStatus: status,
          });
        }
        const beforeValues = Object.fromEntries(
          Object.keys(changes).map((k) => [k, before[k as keyof Action]]),
        );
        await audit.insert(tx, auditActorOf(actor), {
          event: transitionKind ? 'action.status-changed' : 'action.updated',
          subjectType: 'action',
          subjectId: id,
          before: beforeValues,
          after: changes,
          details: { reason: reason || undefined, dueDateReason: dueDateReason || undefined },
        });
        if (transitionKind) await recurIfClosed(tx, actor, id, status!);
        return (await actions.find(tx, { kind: 'all' }, id, today()))!;
      });
    },

    /**
     * Moves an action's status inside a transaction another module opened, so that the move and
     * that module's change (accepting or returning evidence) commit together. Same rules as `update`.
     */
    async transitionWithin(
      tx: Queryable,
      actor: Actor,
      actionId: string,
      to: ActionStatus,
      reason?: string,
    ): Promise<void> {
      const before = await actions.find(tx, actionScopeFor(actor), actionId, today());
      if (!before) throw new NotFound('Action');
      if (before.status === to) return;
      const check = checkTransition(relationTo(actor, before), before.status, to, reason);
      if (!check.ok && check.reason === 'forbidden') throw new Forbidden(check.message);
      if (!check.ok) throw new ValidationFailed([{ path: check.path, message: check.message }]);
      await actions.lockVersion(tx, actionId);
      await actions.update(tx, actionId, { status: to });
      await actions.addUpdate(tx, {
        actionId,
        authorUserId: actor.id,
        kind: check.kind,
        note: reason ?? '',
        fromStatus: before.status,
        toStatus: to,
      });
      await audit.insert(tx, auditActorOf(actor), {
        event: 'action.status-changed',
        subjectType: 'action',
        subjectId: actionId,
        before: { status: before.status },
        after: { status: to },
        details: { reason: reason || undefined },
      });
      await recurIfClosed(tx, actor, actionId, to);
    },

    /** A dated progress note, by the owner, their organisation's lead or the business unit. */
    async addProgress(actor: Actor, id: string, input: unknown): Promise<ActionUpdate[]> {
      const action = await visibleAction(actor, id);
      if (relationTo(actor, action) === 'read-only')
        throw new Forbidden('You can read this action but not update it');
      const { note } = parseOrThrow(ProgressSchema, input);
      await db.transaction(async (tx) => {
        await actions.addUpdate(tx, { actionId: id, authorUserId: actor.id, kind: 'progress', note });
        await audit.insert(tx, auditActorOf(actor), {
          event: 'action.progress-added',
          subjectType: 'action',
          subjectId: id,
          after: { note },
        });
      });
      return actions.listUpdates(db, id);
    },
  };
}
export type ActionsService = ReturnType<typeof createActionsService>;
