import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Actor, Role } from '../../platform/http/current-user.ts';
import { ACTION_STATUSES, type ActionStatus } from './actions.types.ts';
import { checkTransition, nextStatuses, relationTo } from './actions.workflow.ts';

const ORG_A = '00000000-0000-4000-8000-00000000000a';
const ORG_B = '00000000-0000-4000-8000-00000000000b';

function actor(role: Role, organisationId = ORG_A, id = `user-${role}`): Actor {
  return {
    id,
    email: `${role}@test.lantern.test`,
    name: `Test ${role}`,
    role,
    organisationId,
    organisationName: 'Test organisation',
    correlationId: 'test',
  };
}

describe('relationTo: how each role stands to an action', () => {
  const action = { organisationId: ORG_A, ownerUserId: 'owner-1' };

  it('makes the business unit the manager of every action, whichever organisation owns it', () => {
    assert.equal(relationTo(actor('business-unit', ORG_B), action), 'business-unit');
  });

  it("makes an organisation lead a partner on their own organisation's action", () => {
    assert.equal(relationTo(actor('organisation-lead', ORG_A), action), 'partner');
  });

  it("leaves an organisation lead read-only on another organisation's action", () => {
    assert.equal(relationTo(actor('organisation-lead', ORG_B), action), 'read-only');
  });

  it('makes a practitioner a partner on an action they own, and read-only on one they do not', () => {
    assert.equal(relationTo(actor('practitioner', ORG_A, 'owner-1'), action), 'partner');
    assert.equal(relationTo(actor('practitioner', ORG_A, 'someone-else'), action), 'read-only');
  });

  it('leaves a practitioner read-only on an unowned action of their own organisation', () => {
    const unowned = { organisationId: ORG_A, ownerUserId: null };
    assert.equal(relationTo(actor('practitioner', ORG_A), unowned), 'read-only');
  });

  it('leaves board members and reviewers read-only, even in the owning organisation', () => {
    assert.equal(relationTo(actor('board-member', ORG_A), action), 'read-only');
    assert.equal(relationTo(actor('reviewer', ORG_A), action), 'read-only');
  });
});

describe('checkTransition: who may move an action between states', () => {
  it('lets a partner move not-started → in-progress → awaiting-evidence', () => {
    assert.deepEqual(checkTransition('partner', 'not-started', 'in-progress'), {
      ok: true,
      kind: 'status-change',
    });
    assert.deepEqual(checkTransition('partner', 'in-progress', 'awaiting-evidence'), {
      ok: true,
      kind: 'status-change',
    });
  });

  it('forbids a partner from closing an action', () => {
    const check = checkTransition('partner', 'awaiting-evidence', 'closed');
    assert.equal(check.ok, false);
    assert.equal(!check.ok && check.reason, 'forbidden');
  });

  it('forbids a partner from reopening a closed action, even with a reason', () => {
    const check = checkTransition('partner', 'closed', 'in-progress', 'We found more to do');
    assert.equal(!check.ok && check.reason, 'forbidden');
  });

  it('lets the business unit close an action', () => {
    assert.deepEqual(checkTransition('business-unit', 'awaiting-evidence', 'closed'), {
      ok: true,
      kind: 'status-change',
    });
  });

  it('refuses the business unit sending an action back from awaiting evidence without a reason', () => {
    const check = checkTransition('business-unit', 'awaiting-evidence', 'in-progress');
    assert.equal(check.ok, false);
    assert.equal(!check.ok && check.reason, 'invalid');
    assert.equal(!check.ok && check.reason === 'invalid' && check.path, 'reason');
  });

  it('treats a blank reason as no reason', () => {
    const check = checkTransition('business-unit', 'awaiting-evidence', 'in-progress', '   ');
    assert.equal(!check.ok && check.reason === 'invalid' && check.path, 'reason');
  });

  it('records the business unit sending an action back with a reason as "returned"', () => {
    assert.deepEqual(
      checkTransition('business-unit', 'awaiting-evidence', 'in-progress', 'The audit covers one ward only'),
      { ok: true, kind: 'returned' },
    );
  });

  it('requires a reason for the business unit to reopen a closed action, then records it as "returned"', () => {
    assert.equal(checkTransition('business-unit', 'closed', 'in-progress').ok, false);
    assert.deepEqual(checkTransition('business-unit', 'closed', 'in-progress', 'Evidence was withdrawn'), {
      ok: true,
      kind: 'returned',
    });
  });

  it('forbids a read-only viewer any change', () => {
    for (const from of ACTION_STATUSES) {
      for (const to of ACTION_STATUSES) {
        const check = checkTransition('read-only', from, to, 'a reason');
        assert.equal(!check.ok && check.reason, 'forbidden', `${from} → ${to}`);
      }
    }
  });

  it('refuses a "move" to the state the action is already in', () => {
    const check = checkTransition('business-unit', 'in-progress', 'in-progress');
    assert.equal(!check.ok && check.reason === 'invalid' && check.path, 'status');
  });

  it('for every pair of states, a partner never reaches "closed" and never leaves it', () => {
    const status = fc.constantFrom<ActionStatus>(...ACTION_STATUSES);
    fc.assert(
      fc.property(status, status, fc.option(fc.string()), (from, to, reason) => {
        const check = checkTransition('partner', from, to, reason ?? undefined);
        if (to === 'closed' || from === 'closed') return check.ok === false;
        return true;
      }),
    );
    // Every pair, exhaustively, for the same rule.
    for (const from of ACTION_STATUSES) {
      for (const to of ACTION_STATUSES) {
        if (from !== 'closed' && to !== 'closed') continue;
        assert.equal(checkTransition('partner', from, to, 'reason').ok, false, `${from} → ${to}`);
      }
    }
  });

  it('offers a partner only open states to move to', () => {
    assert.deepEqual(nextStatuses('partner', 'in-progress'), ['not-started', 'awaiting-evidence']);
    assert.deepEqual(nextStatuses('partner', 'closed'), []);
    assert.deepEqual(nextStatuses('business-unit', 'awaiting-evidence'), [
      'not-started',
      'in-progress',
      'closed',
    ]);
    assert.deepEqual(nextStatuses('read-only', 'not-started'), []);
  });
});
