import type { Actor } from '../../platform/http/current-user.ts';
import type { Action, ActionStatus } from './actions.types.ts';

/** How the actor stands to an action: this decides what they may change. */
export type ActionRelation = 'business-unit' | 'partner' | 'read-only';

/**
 * The business unit manages every action; the owning organisation's lead and the action's named
 * owner update it; everyone else who can see it (board members, reviewers) only reads.
 */
export function relationTo(
  actor: Actor,
  action: Pick<Action, 'organisationId' | 'ownerUserId'>,
): ActionRelation {
  if (actor.role === 'business-unit') return 'business-unit';
  if (actor.role === 'organisation-lead' && actor.organisationId === action.organisationId) return 'partner';
  if (actor.role === 'practitioner' && actor.id === action.ownerUserId) return 'partner';
  return 'read-only';
}

export type TransitionCheck =
  | { ok: true; kind: 'status-change' | 'returned' }
  | { ok: false; reason: 'forbidden'; message: string }
  | { ok: false; reason: 'invalid'; path: string; message: string };

const OPEN: ActionStatus[] = ['not-started', 'in-progress', 'awaiting-evidence'];

/**
 * Partners move their actions between the open states, up to "awaiting evidence". Only the
 * business unit closes an action, or sends one back (from awaiting evidence, or reopening a
 * closed one), and then it must say why.
 */
export function checkTransition(
  relation: ActionRelation,
  from: ActionStatus,
  to: ActionStatus,
  reason?: string,
): TransitionCheck {
  if (relation === 'read-only')
    return { ok: false, reason: 'forbidden', message: 'You can read this action but not change it' };
  if (from === to)
    return {
      ok: false,
      reason: 'invalid',
      path: 'status',
      message: `The action is already ${to.replace('-', ' ')}`,
    };
  if (relation === 'partner') {
    if (to === 'closed')
      return {
        ok: false,
        reason: 'forbidden',
        message: 'Only the partnership business unit can close an action',
      };
    if (from === 'closed')
      return {
        ok: false,
        reason: 'forbidden',
        message: 'Only the partnership business unit can reopen a closed action',
      };
    return { ok: true, kind: 'status-change' };
  }
  const sendsBack = (from === 'awaiting-evidence' && OPEN.includes(to)) || from === 'closed';
  if (sendsBack && !reason?.trim()) {
    return {
      ok: false,
      reason: 'invalid',
      path: 'reason',
      message: 'Give a reason for sending the action back',
    };
  }
  return { ok: true, kind: sendsBack ? 'returned' : 'status-change' };
}

/** The states the actor could move the action to, for showing choices. */
export function nextStatuses(relation: ActionRelation, from: ActionStatus): ActionStatus[] {
  const all: ActionStatus[] = ['not-started', 'in-progress', 'awaiting-evidence', 'closed'];
  return all.filter((to) => {
    const check = checkTransition(relation, from, to, 'reason given');
    return check.ok;
  });
}
