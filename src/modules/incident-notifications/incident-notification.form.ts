import { ValidationFailed } from '../../platform/errors.ts';
import { dateParts, joinDateParts } from '../../platform/http/forms.ts';
import type { ReviewWithDeadlines } from '../reviews/index.ts';
import { MAX_CHILDREN, type IncidentNotification } from './incident-notification.types.ts';

// The edit page posts flat fields: `children-2-reference` is the second child's reference.

type Body = Record<string, unknown>;
export const CHILD_FIELDS = ['reference', 'ageBand', 'sex', 'ethnicity', 'outcome', 'socialCare'] as const;
export type ChildValues = Partial<Record<(typeof CHILD_FIELDS)[number], string>>;

/** What the edit form shows: the notification's fields, with its children as a list. */
export interface FormValues extends Body {
  children: ChildValues[];
}

const text = (body: Body, key: string) => (typeof body[key] === 'string' ? (body[key] as string).trim() : '');
const asArray = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(String) : value ? [String(value)] : [];

/** The submitted form as the edit page shows it again. A forged count reads at most one child too many. */
export function formValuesOf(body: Body): FormValues {
  const count = Math.min(Math.max(Number(text(body, 'childCount')) || 1, 1), MAX_CHILDREN + 1);
  const children: ChildValues[] = [];
  for (let i = 1; i <= count; i++) {
    children.push(Object.fromEntries(CHILD_FIELDS.map((f) => [f, text(body, `children-${i}-${f}`)])));
  }
  return { ...body, organisationIds: asArray(body.organisationIds), children };
}

/** The form's values as the service (and API) takes them; blank choices are left out, so the schema names them. */
export function inputOf(values: FormValues): Body {
  const optional = (key: string) => text(values, key) || undefined;
  return {
    version: optional('version'),
    incidentCategory: optional('incidentCategory'),
    description: text(values, 'description'),
    abuseOrNeglect: optional('abuseOrNeglect'),
    organisationIds: values.organisationIds,
    otherAgencies: text(values, 'otherAgencies'),
    ofstedNotifiedDate: joinDateParts(values, 'ofstedNotifiedDate') ?? null,
    submittedBy: text(values, 'submittedBy'),
    children: values.children.map((c) => Object.fromEntries(Object.entries(c).filter(([, v]) => v !== ''))),
  };
}

/** A saved notification (or a first draft from the review) as the edit form shows it. */
export function savedValuesOf(review: ReviewWithDeadlines, n: IncidentNotification | null): FormValues {
  if (!n) {
    // The first child is the review's subject, by the review's reference.
    return {
      organisationIds: [],
      children: [{ reference: review.subjectRef, ageBand: review.ageBand ?? '' }],
    };
  }
  const parts = dateParts(n.ofstedNotifiedDate);
  return {
    version: String(n.version),
    incidentCategory: n.incidentCategory,
    description: n.description,
    abuseOrNeglect: n.abuseOrNeglect,
    organisationIds: n.agencies.map((a) => a.id),
    otherAgencies: n.otherAgencies,
    submittedBy: n.submittedBy,
    'ofstedNotifiedDate-day': parts.day,
    'ofstedNotifiedDate-month': parts.month,
    'ofstedNotifiedDate-year': parts.year,
    children: n.children.map((c) => ({ ...c })),
  };
}

/** `children.1.sex` → `children-2-sex`: the id of the field on the page. */
export function formFieldOf(path: string): string {
  const child = /^children\.(\d+)(?:\.(\w+))?/.exec(path);
  if (child) return child[2] ? `children-${Number(child[1]) + 1}-${child[2]}` : 'children';
  return path.split('.')[0]!;
}

/** Runs a save, naming each bad field as the page names it. */
export async function withFormPaths<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (err) {
    if (!(err instanceof ValidationFailed)) throw err;
    throw new ValidationFailed(err.fields.map((f) => ({ ...f, path: formFieldOf(f.path) })));
  }
}
