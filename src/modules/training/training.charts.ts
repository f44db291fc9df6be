import { renderChart, type Chart } from '../../platform/views/charts.ts';
import { formatDate } from '../../platform/views/filters.ts';
import type { CoverageItem } from './training.types.ts';

const monthName = (month: string) =>
  new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${month}-01T00:00:00Z`),
  );

/** Attendances each month (one person at two sessions counts twice), as columns over time. */
export function attendanceChart(
  courseTitle: string,
  months: { month: string; attendees: number; sessions: number }[],
): Promise<Chart> {
  const data = months.map((m) => ({
    month: monthName(m.month),
    attendees: m.attendees,
    sessions: m.sessions,
  }));
  const total = months.reduce((n, m) => n + m.attendees, 0);
  return renderChart({
    title: 'Attendance over the last 12 months',
    description:
      `Attendances at ${courseTitle}, by month of the session: ${total} in all. ` +
      data.map((d) => `${d.month}: ${d.attendees}`).join('; ') +
      '.',
    spec: {
      width: 600,
      height: 260,
      mark: { type: 'bar', color: '#1d70b8' },
      encoding: {
        x: { field: 'month', type: 'ordinal', sort: null, title: 'Month', axis: { labelAngle: 0 } },
        y: {
          field: 'attendees',
          type: 'quantitative',
          title: 'Attendances',
          axis: { tickMinStep: 1, format: 'd' },
        },
      },
    },
    data,
    columns: [
      { field: 'month', title: 'Month' },
      { field: 'sessions', title: 'Sessions', numeric: true },
      { field: 'attendees', title: 'Attendances', numeric: true },
    ],
    emptyText: 'No sessions have taken place in the last 12 months.',
  });
}

/** Attendees per organisation, one bar each, unreached organisations shown at zero in red. */
export function coverageChart(items: CoverageItem[], kind: string, months: number): Promise<Chart> {
  const reached = items.filter((i) => i.attendees > 0).length;
  const inSentence = /^(GP|NHS)/.test(kind) ? kind : kind.toLowerCase();
  const data = items.map((i) => ({
    organisation: i.organisationName,
    attendees: i.attendees,
    reached: i.attendees > 0 ? 'Reached' : 'Not reached',
    lastAttended: i.lastAttended ? formatDate(i.lastAttended) : 'Not in this period',
  }));
  return renderChart({
    title: `${kind} reached in the last ${months} months`,
    description:
      `${reached} of ${items.length} ${inSentence} have had staff attend. ` +
      (items.some((i) => i.attendees === 0)
        ? `Not reached: ${items
            .filter((i) => i.attendees === 0)
            .map((i) => i.organisationName)
            .join(', ')}.`
        : 'Every one has been reached.'),
    spec: {
      width: 420,
      height: { step: 34 },
      layer: [
        {
          mark: { type: 'bar' },
          encoding: {
            y: { field: 'organisation', type: 'nominal', sort: null, title: null },
            x: {
              field: 'attendees',
              type: 'quantitative',
              title: 'People attended',
              axis: { tickMinStep: 1, format: 'd' },
            },
            color: {
              field: 'reached',
              type: 'nominal',
              title: null,
              scale: { domain: ['Reached', 'Not reached'], range: ['#1d70b8', '#d4351c'] },
              // No legend: an unreached organisation has no bar to colour, and says so in words.
              legend: null,
            },
          },
        },
        {
          // Unreached organisations have no bar: a label says so, in words, not colour alone.
          mark: { type: 'text', align: 'left', dx: 6, fontSize: 16 },
          encoding: {
            y: { field: 'organisation', type: 'nominal', sort: null },
            x: { field: 'attendees', type: 'quantitative' },
            text: { condition: { test: 'datum.attendees === 0', value: 'Not reached' }, field: 'attendees' },
          },
        },
      ],
    },
    data,
    columns: [
      { field: 'organisation', title: 'Organisation' },
      { field: 'reached', title: 'Reached' },
      { field: 'attendees', title: 'People attended', numeric: true },
      { field: 'lastAttended', title: 'Last attended' },
    ],
    emptyText: `There are no ${inSentence} in Lantern.`,
  });
}
