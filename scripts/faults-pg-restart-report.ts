/**
 * The tables and the acceptance check of `npm run faults:pg-restart` (scripts/faults-pg-restart.ts).
 * Times are milliseconds since the script started; tables are Markdown, ready for BENCHMARKS.md.
 */

export interface Sample {
  kind: 'page' | 'write' | 'read';
  started: number;
  ended: number;
  /** The HTTP status, or what happened instead of an answer. */
  outcome: number | 'timeout' | 'error';
}

export interface Outage {
  name: string;
  /** When the pg_ctl command was issued. */
  commandAt: number;
  /** First probe that could not connect (or the command, if none saw it down). */
  downAt: number;
  /** First probe after that which could connect and query again. */
  upAt: number;
}

export interface TallyInput {
  samples: Sample[];
  probes: { t: number; up: boolean }[];
  outages: Outage[];
  streamStart: number;
  childExit: { at: number; how: string } | undefined;
  recoveryTargetS: number;
  writes: {
    /** Attempts, retries included. */
    sent: number;
    /** Distinct writes (markers), each sent with its own Idempotency-Key. */
    logical: number;
    acknowledged: number;
    /** Retries answered with the first attempt's stored answer. */
    replayed: number;
    /** Retries answered 409: an earlier attempt with the key was still being handled. */
    inFlight: number;
    /** Writes still unanswered when the client gave up. */
    abandoned: number;
    missing: string[];
    /** Markers stored more than once: a retry that wrote again. */
    duplicated: string[];
    storedUnacknowledged: number;
  };
  healthAfter: number | string;
}

type Column = '2xx' | '503' | 'other 5xx' | 'other' | 'no answer';

function column(outcome: Sample['outcome']): Column {
  if (typeof outcome !== 'number') return 'no answer';
  if (outcome >= 200 && outcome < 300) return '2xx';
  if (outcome === 503) return '503';
  return outcome >= 500 ? 'other 5xx' : 'other';
}

function count(samples: Sample[]): Record<Column, number> {
  const counts: Record<Column, number> = { '2xx': 0, '503': 0, 'other 5xx': 0, other: 0, 'no answer': 0 };
  for (const s of samples) counts[column(s.outcome)]++;
  return counts;
}

const secs = (ms: number) => (ms / 1000).toFixed(1);

/** How long after PostgreSQL was back a request sent since the outage began was first answered 2xx. */
function recovery(samples: Sample[], o: Outage, kind?: Sample['kind']): number | undefined {
  const first = samples
    .filter((s) => (!kind || s.kind === kind) && s.started >= o.downAt && s.ended >= o.upAt)
    .filter((s) => column(s.outcome) === '2xx')
    .sort((a, b) => a.ended - b.ended)[0];
  return first && Math.max(0, first.ended - o.upAt);
}

export function tally(input: TallyInput): { text: string; problems: string[] } {
  const { samples, outages, streamStart, childExit, recoveryTargetS } = input;
  const problems: string[] = [];
  const end = Math.max(...samples.map((s) => s.ended));
  const lines: string[] = [];

  lines.push('\n### Per second (by when the answer came; t from the start of the stream)\n');
  lines.push(
    '| t (s) | PostgreSQL | 2xx | 503 | other 5xx | other | timeouts / errors | app alive | event |',
  );
  lines.push('|---:|---|---:|---:|---:|---:|---:|---|---|');
  for (let from = streamStart; from < end; from += 1000) {
    const to = from + 1000;
    const c = count(samples.filter((s) => s.ended >= from && s.ended < to));
    const states = input.probes.filter((p) => p.t >= from && p.t < to).map((p) => (p.up ? 'up' : 'down'));
    const pgState = [...new Set(states)].join(' / ') || '–';
    const alive = !childExit || childExit.at >= to ? 'yes' : 'NO';
    const events = outages.flatMap((o) => [
      ...(o.commandAt >= from && o.commandAt < to ? [o.name] : []),
      ...(o.upAt >= from && o.upAt < to ? ['PostgreSQL back'] : []),
    ]);
    lines.push(
      `| ${Math.round((from - streamStart) / 1000)} | ${pgState} | ${c['2xx']} | ${c['503']} | ${c['other 5xx']} | ${c.other} | ${c['no answer']} | ${alive} | ${events.join('; ')} |`,
    );
  }

  lines.push('\n### Summary\n');
  lines.push(
    '| phase | PostgreSQL refused connections for (s) | answers | 2xx | 503 | other 5xx | other | timeouts / errors | first 2xx after it was back (s) | page / API write / API read 2xx again after (s) |',
  );
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  // Each phase runs from one command to the next: the outage, the recovery and the steady spell after.
  const bounds = [streamStart, ...outages.map((o) => o.commandAt), end + 1];
  for (let i = 0; i < bounds.length - 1; i++) {
    const inPhase = samples.filter((s) => s.ended >= bounds[i]! && s.ended < bounds[i + 1]!);
    const c = count(inPhase);
    const o = outages[i - 1];
    const r = o && recovery(samples, o);
    const perKind = o
      ? (['page', 'write', 'read'] as const)
          .map((k) => recovery(samples, o, k))
          .map((v) => (v === undefined ? '–' : secs(v)))
      : [];
    lines.push(
      `| ${o ? o.name : 'steady, before any fault'} | ${o ? secs(o.upAt - o.downAt) : '–'} | ${inPhase.length} | ${c['2xx']} | ${c['503']} | ${c['other 5xx']} | ${c.other} | ${c['no answer']} | ${o ? (r === undefined ? 'never' : secs(r)) : '–'} | ${perKind.join(' / ') || '–'} |`,
    );
    if (o && (r === undefined || r > recoveryTargetS * 1000))
      problems.push(`${o.name}: no 2xx within ${recoveryTargetS} s of PostgreSQL being back`);
  }

  const all = count(samples);
  if (childExit) problems.push(`the app exited (${childExit.how}) ${secs(childExit.at - streamStart)} s in`);
  if (all['other 5xx']) problems.push(`${all['other 5xx']} answers were 5xx other than 503`);
  // A retried write told 409 (its earlier attempt still being handled) is what the key is for.
  const other = all.other - input.writes.inFlight;
  if (other) problems.push(`${other} answers were neither 2xx nor 5xx (a lost session or token?)`);
  if (all['no answer'])
    problems.push(`${all['no answer']} requests got no answer (timeout or connection error)`);
  // A 503 is right only while PostgreSQL is away: from the fault's command until it is back and
  // the recovery target's time has passed.
  const during = (t: number) => outages.some((o) => t >= o.commandAt && t < o.upAt + recoveryTargetS * 1000);
  const steady503 = samples.filter((s) => s.outcome === 503 && !during(s.ended)).length;
  if (steady503) problems.push(`${steady503} answers were 503 while PostgreSQL was up`);
  const w = input.writes;
  if (w.missing.length)
    problems.push(
      `${w.missing.length} acknowledged writes are missing, e.g. ${w.missing.slice(0, 3).join(', ')}`,
    );
  if (w.duplicated.length)
    problems.push(
      `${w.duplicated.length} writes were stored more than once, e.g. ${w.duplicated.slice(0, 3).join(', ')}`,
    );
  if (w.abandoned) problems.push(`${w.abandoned} writes were never answered 2xx however often retried`);
  if (input.healthAfter !== 200) problems.push(`GET /health at the end answered ${input.healthAfter}`);

  lines.push(
    `\nWrites: ${w.logical} writes in ${w.sent} attempts (retries with the same Idempotency-Key: ${w.replayed} replayed, ` +
      `${w.inFlight} told 409 while in flight), ${w.acknowledged} acknowledged (201), ${w.missing.length} of those missing ` +
      `afterwards, ${w.duplicated.length} stored more than once, ${w.abandoned} given up; ` +
      `${w.storedUnacknowledged} stored without a 2xx answer. ` +
      `App process: ${childExit ? `EXITED (${childExit.how})` : 'alive throughout'}. GET /health at the end: ${input.healthAfter}.`,
  );
  return { text: lines.join('\n'), problems };
}
