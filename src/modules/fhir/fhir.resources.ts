/** FHIR R4 shapes for the Flag API: pure functions, no database. */
import type { ActiveFlag } from './fhir.repository.ts';

export const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';
export const FLAG_CATEGORY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/flag-category';
/** Lantern's own code system for its flag types (the codes are the flag type codes). */
export const LANTERN_FLAG_TYPE_SYSTEM = 'https://lantern.example/fhir/CodeSystem/flag-type';
export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

/** Safeguarding flags are "safety"; the rest (a previous loss, say) "clinical". */
const SAFETY_TYPES = new Set(['child-protection-plan', 'safer-sleep-risk', 'unborn-baby-network']);

export interface OperationOutcome {
  resourceType: 'OperationOutcome';
  issue: { severity: 'error'; code: string; diagnostics: string }[];
}

export function operationOutcome(
  code: 'invalid' | 'login' | 'exception',
  diagnostics: string,
): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics }] };
}

export function flagResource(flag: ActiveFlag, nhsNumber: string) {
  const category = SAFETY_TYPES.has(flag.typeCode)
    ? { code: 'safety', display: 'Safety' }
    : { code: 'clinical', display: 'Clinical' };
  return {
    resourceType: 'Flag' as const,
    id: flag.id,
    status: 'active' as const,
    category: [{ coding: [{ system: FLAG_CATEGORY_SYSTEM, ...category }] }],
    code: {
      coding: [{ system: LANTERN_FLAG_TYPE_SYSTEM, code: flag.typeCode, display: flag.typeName }],
      text: flag.onMother ? `${flag.meaning} (Recorded on the mother’s record.)` : flag.meaning,
    },
    subject: { identifier: { system: NHS_NUMBER_SYSTEM, value: nhsNumber } },
    period: { start: flag.raisedAt },
    author: { display: flag.author },
  };
}

export function searchsetBundle(flags: ActiveFlag[], nhsNumber: string, baseUrl: string) {
  return {
    resourceType: 'Bundle' as const,
    type: 'searchset' as const,
    total: flags.length,
    entry: flags.map((flag) => ({
      fullUrl: `${baseUrl}/fhir/r4/Flag/${flag.id}`,
      resource: flagResource(flag, nhsNumber),
      search: { mode: 'match' as const },
    })),
  };
}
