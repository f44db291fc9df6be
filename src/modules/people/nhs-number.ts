/** NHS numbers: 10 digits, the last a modulus 11 check digit. Written 3-3-4 ("943 476 5919"). */

/** Spaces and hyphens removed, as people type them. */
export function normaliseNhsNumber(value: string): string {
  return value.replace(/[\s-]/g, '');
}

/**
 * The NHS check-digit rule: weight the first nine digits 10 down to 2, sum, take 11 minus the
 * remainder mod 11; 11 becomes 0 and 10 means the number is invalid.
 */
export function isValidNhsNumber(value: string): boolean {
  const digits = normaliseNhsNumber(value);
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(digits[9]);
}

export { formatNhsNumber } from '../../platform/views/filters.ts';
