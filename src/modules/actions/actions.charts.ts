import { renderChart, type Chart } from '../../platform/views/charts.ts';

export interface StatusMonth {
  /** The month's last day ('YYYY-MM-DD'), or today for this month. */
  day: string;
  notStarted: number;
  inProgress: number;
  awaitingEvidence: number;
  closed: number;
  overdue: number;
}

const STATES = [
  { key: 'notStarted', label: 'Not started', colour: '#505a5f' },
  { key: 'inProgress', label: 'In progress', colour: '#1d70b8' },
  { key: 'awaitingEvidence', label: 'Awaiting evidence', colour: '#f47738' },
  { key: 'closed', label: 'Closed', colour: '#00703c' },
] as const;

const monthName = (day: string) =>
  new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${day.slice(0, 7)}-01T00:00:00Z`),
  );

/** Actions by state at each month's end, stacked, with overdue counted in the table beneath. */
export function statusOverTimeChart(months: StatusMonth[]): Promise<Chart> {
  const stacked = months.flatMap((m) =>
    STATES.map((s, order) => ({ month: monthName(m.day), state: s.label, order, actions: m[s.key] })),
  );
  const table = months.map((m) => ({
    month: monthName(m.day),
    ...Object.fromEntries(STATES.map((s) => [s.key, m[s.key]])),
    overdue: m.overdue,
    total: STATES.reduce((n, s) => n + m[s.key], 0),
  }));
  const last = months.at(-1);
  const first = months[0];
  const total = (m: StatusMonth) => m.notStarted + m.inProgress + m.awaitingEvidence + m.closed;
  return renderChart({
    title: 'Action status over the last 12 months',
    description:
      last && first
        ? `Actions by state at the end of each month. At the end of ${monthName(first.day)}: ${first.closed} of ${total(first)} closed, ${first.overdue} overdue. Now: ${last.closed} of ${total(last)} closed, ${last.overdue} overdue.`
        : 'Actions by state at the end of each month.',
    spec: {
      width: 640,
      height: 280,
      mark: { type: 'bar' },
      encoding: {
        x: { field: 'month', type: 'ordinal', sort: null, title: 'Month', axis: { labelAngle: -40 } },
        y: {
          field: 'actions',
          type: 'quantitative',
          title: 'Actions',
          stack: 'zero',
          axis: { tickMinStep: 1, format: 'd' },
        },
        color: {
          field: 'state',
          type: 'nominal',
          title: null,
          sort: STATES.map((s) => s.label),
          scale: { domain: STATES.map((s) => s.label), range: STATES.map((s) => s.colour) },
          legend: { orient: 'bottom', columns: 4 },
        },
        order: { field: 'order', type: 'quantitative' },
      },
    },
    data: stacked.every((d) => d.actions === 0) ? [] : stacked,
    tableData: table,
    columns: [
      { field: 'month', title: 'Month end' },
      ...STATES.map((s) => ({ field: s.key, title: s.label, numeric: true })),
      { field: 'total', title: 'All actions', numeric: true },
      { field: 'overdue', title: 'Overdue', numeric: true },
    ],
    emptyText: 'There were no actions in the last 12 months.',
  });
}
