export { findIdentifiers } from './find-identifiers.ts';
export type { Finding, FindingKind, FindOptions } from './publication-check.types.ts';
export { FINDING_KINDS } from './publication-check.types.ts';
