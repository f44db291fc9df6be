import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { REVIEW_STATUSES, REVIEW_TYPES, type ReviewStatus } from './reviews.types.ts';
import {
  allowedNextStatuses,
  initialStatus,
  typeAfterDecision,
  workflowErrors,
  type WorkflowState,
} from './reviews.workflow.ts';

const state = (overrides: Partial<WorkflowState> = {}): WorkflowState => ({
  type: 'rapid-review',
  status: 'notified',
  incidentDate: '2026-01-05',
  awareDate: '2026-01-06',
  panelNotifiedDate: null,
  lcsprDecisionDate: null,
  ...overrides,
});

const paths = (errors: { path: string }[]) => errors.map((e) => e.path);

describe('allowedNextStatuses', () => {
  it('moves a review forward one step at a time through its life', () => {
    assert.deepEqual(allowedNextStatuses('notified'), ['rapid-review']);
    assert.deepEqual(allowedNextStatuses('rapid-review'), ['decision', 'notified']);
    assert.deepEqual(allowedNextStatuses('local-review'), ['final-report', 'decision']);
  });

  it('lets a decision either start a local review or close the case', () => {
    assert.deepEqual(
      new Set(allowedNextStatuses('decision')),
      new Set(['local-review', 'closed', 'rapid-review']),
    );
  });

  it('lets a final report be published or closed unpublished', () => {
    const next = allowedNextStatuses('final-report');
    assert.ok(next.includes('published'));
    assert.ok(next.includes('closed'));
  });

  it('never skips ahead: notified cannot jump to published or closed', () => {
    assert.ok(!allowedNextStatuses('notified').includes('published'));
    assert.ok(!allowedNextStatuses('notified').includes('closed'));
    assert.ok(!allowedNextStatuses('rapid-review').includes('local-review'));
  });

  it('allows no move out of closed', () => {
    assert.deepEqual(allowedNextStatuses('closed'), []);
  });

  it('allows one step back from every open status except the first, to correct a mistake', () => {
    const order = REVIEW_STATUSES;
    for (let i = 1; i < order.length - 1; i++) {
      assert.ok(
        allowedNextStatuses(order[i]!).includes(order[i - 1]!),
        `${order[i]} should be able to go back to ${order[i - 1]}`,
      );
    }
    assert.ok(allowedNextStatuses('notified').every((s) => s !== 'notified'));
  });

  it('never offers the current status, and only offers known statuses', () => {
    fc.assert(
      fc.property(fc.constantFrom(...REVIEW_STATUSES), (status: ReviewStatus) => {
        const next = allowedNextStatuses(status);
        assert.ok(!next.includes(status));
        for (const s of next) assert.ok((REVIEW_STATUSES as readonly string[]).includes(s));
      }),
    );
  });
});

describe('initialStatus', () => {
  it('starts a serious incident (rapid review) at notification', () => {
    assert.equal(initialStatus('rapid-review'), 'notified');
  });

  it('starts every other kind of review as a local review in progress', () => {
    assert.equal(initialStatus('lcspr'), 'local-review');
    assert.equal(initialStatus('scr'), 'local-review');
    assert.equal(initialStatus('learning-review'), 'local-review');
  });
});

describe('typeAfterDecision', () => {
  it('makes a rapid review an LCSPR once the decision date is recorded', () => {
    assert.equal(typeAfterDecision('rapid-review', '2026-02-01'), 'lcspr');
  });

  it('keeps a rapid review a rapid review while no decision is recorded', () => {
    assert.equal(typeAfterDecision('rapid-review', null), 'rapid-review');
  });

  it('turns an LCSPR back into a rapid review when the decision date is cleared', () => {
    assert.equal(typeAfterDecision('lcspr', null), 'rapid-review');
    assert.equal(typeAfterDecision('lcspr', '2026-02-01'), 'lcspr');
  });

  it('leaves legacy serious case reviews and learning reviews alone', () => {
    for (const date of [null, '2026-02-01']) {
      assert.equal(typeAfterDecision('scr', date), 'scr');
      assert.equal(typeAfterDecision('learning-review', date), 'learning-review');
    }
  });

  it('always returns a known review type', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...REVIEW_TYPES),
        fc.option(fc.constant('2026-02-01'), { nil: null }),
        (type, date) => {
          assert.ok((REVIEW_TYPES as readonly string[]).includes(typeAfterDecision(type, date)));
        },
      ),
    );
  });
});

describe('workflowErrors', () => {
  it('accepts a consistent new rapid review', () => {
    assert.deepEqual(workflowErrors(null, state()), []);
  });

  it('accepts awareness on the day of the incident', () => {
    assert.deepEqual(workflowErrors(null, state({ awareDate: '2026-01-05' })), []);
  });

  it('refuses an aware date before the incident date, naming awareDate', () => {
    const errors = workflowErrors(null, state({ incidentDate: '2026-01-10', awareDate: '2026-01-09' }));
    assert.deepEqual(paths(errors), ['awareDate']);
    assert.match(errors[0]!.message, /on or after the incident date/);
  });

  it('refuses a National Panel notification before the local authority became aware', () => {
    const errors = workflowErrors(null, state({ panelNotifiedDate: '2026-01-05' }));
    assert.deepEqual(paths(errors), ['panelNotifiedDate']);
  });

  it('refuses a decision to hold a local review before the local authority became aware', () => {
    const errors = workflowErrors(null, state({ type: 'lcspr', lcsprDecisionDate: '2026-01-01' }));
    assert.deepEqual(paths(errors), ['lcsprDecisionDate']);
  });

  it('refuses starting the local review of a serious incident without a decision date', () => {
    const before = state({ status: 'decision' });
    const errors = workflowErrors(before, state({ status: 'local-review' }));
    assert.deepEqual(paths(errors), ['lcsprDecisionDate']);
    assert.match(errors[0]!.message, /decision to hold a local review/);
  });

  it('allows the local review of a serious incident once the decision is recorded', () => {
    const before = state({ status: 'decision' });
    const after = state({ type: 'lcspr', status: 'local-review', lcsprDecisionDate: '2026-02-01' });
    assert.deepEqual(workflowErrors(before, after), []);
  });

  it('does not ask a learning review or legacy SCR for a decision date', () => {
    assert.deepEqual(workflowErrors(null, state({ type: 'learning-review', status: 'local-review' })), []);
    assert.deepEqual(workflowErrors(null, state({ type: 'scr', status: 'local-review' })), []);
  });

  it('refuses a status jump the workflow does not allow, naming status', () => {
    const errors = workflowErrors(state({ status: 'notified' }), state({ status: 'published' }));
    assert.deepEqual(paths(errors), ['status']);
    assert.match(errors[0]!.message, /"notified" cannot move to "published"/);
  });

  it('accepts an allowed status move and an unchanged status', () => {
    assert.deepEqual(workflowErrors(state(), state({ status: 'rapid-review' })), []);
    assert.deepEqual(workflowErrors(state(), state()), []);
  });

  it('reports every broken rule at once', () => {
    const errors = workflowErrors(
      state({ status: 'notified' }),
      state({ status: 'closed', incidentDate: '2026-01-10', awareDate: '2026-01-09' }),
    );
    assert.deepEqual(new Set(paths(errors)), new Set(['awareDate', 'status']));
  });

  it('agrees with allowedNextStatuses for every pair of statuses', () => {
    fc.assert(
      fc.property(fc.constantFrom(...REVIEW_STATUSES), fc.constantFrom(...REVIEW_STATUSES), (from, to) => {
        const errors = workflowErrors(
          state({ type: 'learning-review', status: from }),
          state({ type: 'learning-review', status: to }),
        );
        const allowed = from === to || allowedNextStatuses(from).includes(to);
        assert.equal(paths(errors).includes('status'), !allowed);
      }),
    );
  });
});
