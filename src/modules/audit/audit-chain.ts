import { createHash } from 'node:crypto';

/** The hash before the first row of a chain that has never been purged. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * A sealed row's immutable fields as the chain reads them. `at` is formatted by the database
 * (UTC, microseconds) and the JSON columns arrive parsed, so PGlite and PostgreSQL give the same text.
 */
export interface ChainRow {
  id: number;
  at: string;
  actorUserId: string | null;
  actorLabel: string;
  event: string;
  subjectType: string;
  subjectId: string | null;
  correlationId: string | null;
  before: unknown;
  after: unknown;
  details: unknown;
}

/** JSON with object keys sorted at every level, so the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The row's fields in a fixed order. chain_seq is left out: order is carried by the previous hash. */
export function canonicalRow(row: ChainRow): string {
  return canonicalJson([
    row.id,
    row.at,
    row.actorUserId,
    row.actorLabel,
    row.event,
    row.subjectType,
    row.subjectId,
    row.correlationId,
    row.before,
    row.after,
    row.details,
  ]);
}

/** sha256(previous hash, newline, the row's canonical text), hex. */
export function chainHash(previousHash: string, row: ChainRow): string {
  return createHash('sha256').update(previousHash).update('\n').update(canonicalRow(row)).digest('hex');
}
