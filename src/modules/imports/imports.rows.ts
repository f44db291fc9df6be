import type { ActionStatus } from '../actions/index.ts';
import { looksLikeAName, type ReviewType } from '../reviews/index.ts';
import type { Cell, ImportField, ImportMapping, SheetRow } from './imports.types.ts';
import {
  cellText,
  normaliseName,
  parseDate,
  parseRecommendationNumber,
  parseReviewType,
  parseStatus,
} from './imports.values.ts';

/** What the checks need to know about Lantern's organisations and people. */
export interface Directory {
  organisations: { id: string; name: string }[];
  users: { id: string; name: string; email: string; organisationId: string }[];
}

/** One row that passed the checks that need only the row itself. */
export interface CheckedRow {
  row: number;
  subjectRef: string;
  type: ReviewType;
  recommendationNumber: number | undefined;
  recommendationText: string;
  organisationId: string;
  organisationName: string;
  ownerUserId: string | null;
  description: string;
  dueDate: string;
  status: ActionStatus;
}

export type RowOutcome =
  { ok: true; value: CheckedRow; note?: string } | { ok: false; messages: string[]; note?: string };

const MAX_TEXT = 5_000;

/** Indexes the directory once for a whole file: names compared without case or punctuation. */
export function indexDirectory(directory: Directory) {
  const organisations = new Map(directory.organisations.map((o) => [normaliseName(o.name), o]));
  const users = new Map<string, Directory['users']>();
  for (const u of directory.users) users.set(u.organisationId, [...(users.get(u.organisationId) ?? []), u]);
  return {
    organisation: (name: string) => organisations.get(normaliseName(name)),
    /** A user of the organisation with that e-mail address or that name. */
    owner(organisationId: string, value: string) {
      const key = normaliseName(value);
      return (users.get(organisationId) ?? []).find(
        (u) => u.email.toLowerCase() === value.toLowerCase() || normaliseName(u.name) === key,
      );
    },
  };
}
export type DirectoryIndex = ReturnType<typeof indexDirectory>;

/**
 * Checks one row on its own: every reason it cannot be imported, in the words of the form
 * ("The due date is missing"). A reference that looks like a child's name is reported without
 * repeating it, so the name is not stored with the import's problems.
 */
export function checkRow(row: SheetRow, mapping: ImportMapping, directory: DirectoryIndex): RowOutcome {
  const cell = (field: ImportField): Cell | undefined => {
    const column = mapping.columns[field];
    return column === undefined ? undefined : row.cells[column];
  };
  const text = (field: ImportField) => cellText(cell(field)).replace(/\s+/g, ' ');
  const messages: string[] = [];

  const subjectRef = text('reviewRef');
  if (!subjectRef) messages.push("The review reference (child's reference) is missing");
  else if (subjectRef.length > 20) messages.push('The review reference must be 20 characters or fewer');
  else if (looksLikeAName(subjectRef))
    messages.push(
      "The review reference looks like a child's name: use initials or a pseudonym such as NS or Child Q",
    );

  const typeText = text('reviewType');
  const type = typeText ? parseReviewType(typeText) : mapping.defaultReviewType;
  if (!type)
    messages.push(
      `The kind of review "${typeText}" is not one Lantern knows: use rapid review, LCSPR, SCR or learning review`,
    );

  const numberText = text('recommendationNumber');
  const recommendationNumber = parseRecommendationNumber(cell('recommendationNumber'));
  if (numberText && recommendationNumber === undefined)
    messages.push(`The recommendation number "${numberText}" is not a number`);
  const recommendationText = cellText(cell('recommendationText'));
  if (!numberText && !recommendationText) messages.push('The recommendation is missing');
  if (recommendationText.length > MAX_TEXT)
    messages.push('The recommendation must be 5,000 characters or fewer');

  const description = cellText(cell('description'));
  if (!description) messages.push('The action description is missing');
  else if (description.length > MAX_TEXT)
    messages.push('The action description must be 5,000 characters or fewer');

  const organisationText = text('organisation');
  const organisation = organisationText ? directory.organisation(organisationText) : undefined;
  if (!organisationText) messages.push('The organisation is missing');
  else if (!organisation)
    messages.push(
      `The organisation "${organisationText}" is not one of the partnership’s organisations in Lantern`,
    );

  const ownerText = text('owner');
  const owner = organisation && ownerText ? directory.owner(organisation.id, ownerText) : undefined;
  const note =
    organisation && ownerText && !owner
      ? `No active user of ${organisation.name} matches the named owner "${ownerText}": the action is imported without a named owner`
      : undefined;

  const due = parseDate(cell('dueDate'));
  if (due.ok === 'blank') messages.push('The due date is missing');
  else if (!due.ok) messages.push(`The due date ${due.message}`);

  const statusText = text('status');
  const status = parseStatus(statusText);
  if (!status)
    messages.push(
      `The status "${statusText}" is not one Lantern knows: use Not started, In progress, Awaiting evidence or Complete`,
    );

  if (messages.length || !type || !organisation || due.ok !== true || !status) {
    return { ok: false, messages, note };
  }
  return {
    ok: true,
    note,
    value: {
      row: row.number,
      subjectRef,
      type,
      recommendationNumber,
      recommendationText,
      organisationId: organisation.id,
      organisationName: organisation.name,
      ownerUserId: owner?.id ?? null,
      description,
      dueDate: due.date,
      status,
    },
  };
}
