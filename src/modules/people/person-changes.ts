import { addDays } from '../../platform/clock.ts';
import type { FieldError } from '../../platform/errors.ts';
import type { PersonChanges } from './people.repository.ts';
import type { PersonUpdateInput } from './people.schema.ts';
import type { Person } from './people.types.ts';

const FIELDS = [
  'givenName',
  'familyName',
  'nhsNumber',
  'dateOfBirth',
  'expectedDeliveryDate',
  'relationship',
] as const satisfies readonly (keyof PersonChanges)[];

/** An unborn baby: known by the expected date of delivery until a date of birth is recorded. */
export const isUnborn = (p: Pick<Person, 'dateOfBirth' | 'expectedDeliveryDate'>) =>
  !!p.expectedDeliveryDate && !p.dateOfBirth;

/** The fields whose sent value differs from the record (a field not sent is left as it is). */
export function changesOf(before: Person, data: PersonUpdateInput): PersonChanges {
  const changes: Record<string, unknown> = {};
  for (const key of FIELDS) {
    const value = data[key];
    if (value !== undefined && value !== before[key]) changes[key] = value;
  }
  return changes as PersonChanges;
}

/**
 * The rules a corrected record must meet beyond each field's own. When a baby is born, the
 * expected date of delivery stays as history: it can no longer be changed, and the baby is no
 * longer unborn. A person can become (or stay) unborn only as a baby linked to the mother, with
 * the expected date in the same window as when recording one.
 */
export function changeErrors(before: Person, changes: PersonChanges, today: string): FieldError[] {
  const after = { ...before, ...changes };
  const errors: FieldError[] = [];
  // Clearing it (null) is a change too: the history is kept either way.
  if (after.dateOfBirth && changes.expectedDeliveryDate !== undefined)
    errors.push({
      path: 'expectedDeliveryDate',
      message: 'The baby has been born: the expected date of delivery is kept as it was recorded',
    });
  // Checked when the change makes or keeps them unborn, so a name can always be corrected.
  if (isUnborn(after) && (!isUnborn(before) || changes.relationship || changes.expectedDeliveryDate)) {
    if (!before.motherId || after.relationship !== 'baby')
      errors.push({
        path: 'expectedDeliveryDate',
        message: 'Only a baby recorded with their mother can have an expected date of delivery',
      });
    else if (
      changes.expectedDeliveryDate &&
      (after.expectedDeliveryDate! < addDays(today, -60) || after.expectedDeliveryDate! > addDays(today, 300))
    )
      errors.push({
        path: 'expectedDeliveryDate',
        message: 'The expected date of delivery must be within the next 10 months',
      });
  }
  return errors;
}

/** What changed, before and after, for the audit row. */
export function auditOf(before: Person, changes: PersonChanges) {
  const keys = Object.keys(changes) as (keyof PersonChanges)[];
  return {
    before: Object.fromEntries(keys.map((k) => [k, before[k]])),
    after: Object.fromEntries(keys.map((k) => [k, changes[k]])),
    fields: keys,
  };
}
