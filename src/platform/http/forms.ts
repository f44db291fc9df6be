import type { z } from 'zod';
import { ValidationFailed, type FieldError } from '../errors.ts';

export type FormResult<T> =
  { ok: true; value: T } | { ok: false; fields: FieldError[]; values: Record<string, unknown> };

/** Zod's issues as field errors named by path (`dueDate`, `items.0.text`). */
export function fieldErrorsOf(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || 'body',
    message: issue.message,
  }));
}

/**
 * Reads a submitted form with the same schema the API uses. Empty fields become `undefined`, so
 * "left blank" and "not sent" mean the same, as they do in the API.
 */
export function parseForm<S extends z.ZodType>(
  schema: S,
  body: unknown,
  extra: Record<string, unknown> = {},
): FormResult<z.output<S>> {
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (key === '_csrf') continue;
    const trimmed = typeof value === 'string' ? value.trim() : value;
    values[key] = trimmed === '' ? undefined : trimmed;
  }
  const result = schema.safeParse({ ...values, ...extra });
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, fields: fieldErrorsOf(result.error), values };
}

/**
 * GOV.UK date inputs post three fields (`dueDate-day`, `-month`, `-year`); this joins them into
 * 'YYYY-MM-DD', or leaves something the schema will reject with a clear message.
 */
export function joinDateParts(body: Record<string, unknown>, name: string): string | undefined {
  const part = (suffix: string) => String(body[`${name}-${suffix}`] ?? '').trim();
  const [day, month, year] = [part('day'), part('month'), part('year')];
  if (!day && !month && !year) return undefined;
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year))
    return `${year}-${month}-${day}!`;
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

/** Splits 'YYYY-MM-DD' back into the parts a GOV.UK date input shows. */
export function dateParts(value: unknown): { day: string; month: string; year: string } {
  const match = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  if (!match) return { day: '', month: '', year: '' };
  return { year: match[1]!, month: String(Number(match[2])), day: String(Number(match[3])) };
}

/** Parses input with a schema, or throws `ValidationFailed` naming each bad field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationFailed(fieldErrorsOf(result.error));
  return result.data;
}

/**
 * A text field of a submitted form: a string from a URL-encoded form, or the `value` of a
 * multipart field. Anything else (a file, a missing field) is undefined.
 */
export function formField(body: unknown, name: string): string | undefined {
  const field = (body as Record<string, unknown> | null | undefined)?.[name];
  if (typeof field === 'string') return field;
  if (field && typeof field === 'object' && 'value' in field && typeof field.value === 'string')
    return field.value;
  return undefined;
}

/** A multipart body's text fields as a plain object (files left out), for the same form helpers. */
export function multipartFields(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys((body ?? {}) as object)) {
    const value = formField(body, key);
    if (value !== undefined) out[key] = value;
  }
  return out;
}
