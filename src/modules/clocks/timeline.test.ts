import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { timelineOf } from './timeline.ts';

describe('timelineOf', () => {
  const deadlines = { panelNotificationDue: '2026-03-09', rapidReviewDue: '2026-03-30' };

  it('marks a recorded notification done, a missed rapid review overdue, in words', () => {
    const steps = timelineOf(
      { status: 'rapid-review', panelNotifiedDate: '2026-03-06', lcsprDecisionDate: null },
      deadlines,
      '2026-04-01',
    );
    assert.deepEqual(
      steps.map((s) => [s.label, s.state, s.doneOn ?? null]),
      [
        ['Notify the National Panel', 'done', '2026-03-06'],
        ['Complete the rapid review and send it to the Panel', 'overdue', null],
      ],
    );
  });

  it('shows steps still to come as due, and adds the local-review steps once there are dates for them', () => {
    const steps = timelineOf(
      { status: 'local-review', panelNotifiedDate: '2026-03-06', lcsprDecisionDate: '2026-03-25' },
      { ...deadlines, reportToPanelDue: '2026-09-16', publicationDue: '2026-09-25' },
      '2026-04-01',
    );
    assert.deepEqual(
      steps.map((s) => s.state),
      ['done', 'done', 'due', 'due'],
    );
  });
});

describe('recorded dates stop the clocks', () => {
  it('marks each step done on the date recorded, whatever the status', () => {
    const steps = timelineOf(
      {
        status: 'local-review',
        panelNotifiedDate: '2026-03-06',
        lcsprDecisionDate: '2026-03-25',
        rapidReviewSentDate: '2026-03-24',
        reportSentDate: '2026-09-10',
        publishedDate: null,
      },
      {
        panelNotificationDue: '2026-03-09',
        rapidReviewDue: '2026-03-30',
        reportToPanelDue: '2026-09-16',
        publicationDue: '2026-09-25',
      },
      '2026-10-01',
    );
    assert.deepEqual(
      steps.map((s) => [s.state, s.doneOn ?? null]),
      [
        ['done', '2026-03-06'],
        ['done', '2026-03-24'],
        ['done', '2026-09-10'],
        ['overdue', null],
      ],
    );
  });
});
