import { z } from 'zod';
import { londonToday } from './clock.ts';

function isRealDate(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v && d.getUTCFullYear() >= 1990;
}

/** A real calendar date written 'YYYY-MM-DD' (so 2026-02-30 is refused), with one message when it is not. */
export function isoDate(label: string) {
  return z.string({ error: `Enter ${label}` }).refine(isRealDate, `${capitalise(label)} must be a real date`);
}

/** A date that is today or earlier (in England). Only a real date is compared, so a bad one gets one message. */
export function pastDate(label: string) {
  return isoDate(label).refine(
    (v) => !isRealDate(v) || v <= londonToday(),
    `${capitalise(label)} must be today or in the past`,
  );
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Query-string and form numbers arrive as text. */
export const pageParam = z.coerce
  .number()
  .int()
  .min(1, 'Page must be 1 or more')
  .max(1_000_000, 'Page must be 1,000,000 or less')
  .default(1);
export const pageSizeParam = z.coerce
  .number()
  .int()
  .min(1)
  .max(200, 'Page size must be 200 or fewer')
  .default(50);

/** `?page=&pageSize=` for a list: page from 1, 50 a page unless asked, 200 at most. */
export const PageQuery = z.object({ page: pageParam, pageSize: pageSizeParam });

/** One page of a list already in memory, in the contract's envelope. */
export function pageOfList<T>(items: T[], { page, pageSize }: { page: number; pageSize: number }) {
  return { items: items.slice((page - 1) * pageSize, page * pageSize), total: items.length, page, pageSize };
}

export const uuid = (label: string) => z.string({ error: `Select ${label}` }).uuid(`Select ${label}`);

export const ErrorResponse = z.object({
  error: z.string(),
  message: z.string().optional(),
  fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

/** The contract's list envelope. */
export function listOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}

/** A record id as Lantern makes them (UUID). Anything else cannot name a record: answer 404, never reach SQL. */
export const isUuid = (value: string): boolean =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

/** `/…/:id` path parameters: checked by the service, so a malformed id is a 404 like an unknown one. */
export const idParams = z.object({ id: z.string() });

/** The contract's error answers, for every route that takes an id. */
export const apiErrors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
};
