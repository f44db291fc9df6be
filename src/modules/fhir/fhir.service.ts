import type { Db, Queryable } from '../../platform/db/index.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { auditActorOf, type AuditActor, type AuditRepository } from '../audit/index.ts';
import type { AuthService } from '../auth/index.ts';
import type { NewNotification } from '../notifications/index.ts';
import { isValidNhsNumber, type PeopleRepository, type PeopleService } from '../people/index.ts';
import { findSystemToken, type ActiveFlag, type FhirRepository } from './fhir.repository.ts';
import { NHS_NUMBER_SYSTEM } from './fhir.resources.ts';
import { hashToken } from './system-tokens.service.ts';

export type FlagSearchResult =
  | { outcome: 'unauthenticated' }
  | { outcome: 'invalid'; diagnostics: string }
  | { outcome: 'found'; nhsNumber: string; flags: ActiveFlag[] };

interface Deps {
  db: Db;
  fhir: FhirRepository;
  people: PeopleRepository;
  peopleService: Pick<PeopleService, 'accessTo'>;
  auth: Pick<AuthService, 'actorForToken'>;
  audit: AuditRepository;
  notify(tx: Queryable, message: NewNotification): Promise<unknown>;
  leadsOf(tx: Queryable, organisationId: string): Promise<string[]>;
}

const EXPECTED = `Give subject:identifier as ${NHS_NUMBER_SYSTEM}|{NHS number}`;

/** The NHS number a `subject:identifier` search names, or why it cannot be used. */
export function parseSubjectIdentifier(value: unknown): { nhsNumber: string } | { diagnostics: string } {
  if (value === undefined || value === '')
    return { diagnostics: `The subject:identifier parameter is missing. ${EXPECTED}.` };
  if (typeof value !== 'string') return { diagnostics: `Give one subject:identifier only. ${EXPECTED}.` };
  const bar = value.indexOf('|');
  if (bar < 0) return { diagnostics: `The identifier has no system. ${EXPECTED}.` };
  const system = value.slice(0, bar);
  const nhsNumber = value.slice(bar + 1);
  if (system !== NHS_NUMBER_SYSTEM)
    return {
      diagnostics: `Only NHS numbers can be searched: the identifier system must be ${NHS_NUMBER_SYSTEM}.`,
    };
  if (!/^\d{10}$/.test(nhsNumber)) return { diagnostics: 'An NHS number is 10 digits, with no spaces.' };
  if (!isValidNhsNumber(nhsNumber))
    return {
      diagnostics: 'This is not a valid NHS number: its check digit is wrong. Check it was copied correctly.',
    };
  return { nhsNumber };
}

/**
 * The FHIR Flag search. Who may search (a decision, as in CP-IS):
 * - a system token: any issued organisation's system sees a person's active flags — that is the
 *   API's purpose (an emergency department checking a child). Every search is audited, and when the
 *   organisation is not involved with the family, the involved organisations' leads are told (at
 *   most once a day per person and searching organisation);
 * - a user's token: need-to-know, as on the pages — only records the user's organisation is
 *   involved with (or the user opened by breaking the glass). Otherwise the answer is the same
 *   empty Bundle as for an unknown NHS number, so it reveals nothing.
 */
export function createFhirService(deps: Deps) {
  const { db, fhir, people, peopleService, auth, audit } = deps;

  /** Who holds the token, for a search that cannot go ahead (bad input). */
  async function holderOf(token: string, correlationId: string): Promise<AuditActor | null> {
    const system = await findSystemToken(db, hashToken(token));
    if (system)
      return {
        id: null,
        label: `System token "${system.name}" of ${system.organisationName}`,
        correlationId,
      };
    const actor = await auth.actorForToken(token, correlationId);
    return actor ? auditActorOf(actor) : null;
  }

  async function tellInvolved(personId: string, familyId: string, searcher: string): Promise<void> {
    const organisations = await people.familyOrganisations(db, familyId);
    if (!organisations.length) return;
    await db.transaction(async (tx) => {
      for (const org of organisations)
        for (const userId of await deps.leadsOf(tx, org.id))
          await deps.notify(tx, {
            userId,
            kind: 'record-opened',
            subject:
              'A system outside your organisation looked up the flags of a family you are involved with',
            body: `A system of ${searcher} looked up the record flags of someone your organisation is involved with. The record's access history shows every view.`,
            link: `/people/${personId}`,
          });
    });
  }

  async function asUser(actor: Actor, nhsNumber: string): Promise<ActiveFlag[]> {
    const person = await people.findByNhsNumber(db, nhsNumber);
    const access = person ? await peopleService.accessTo(actor, person) : 'none';
    const readable = access === 'involved' || access === 'granted';
    const flags = person && readable ? await fhir.activeFlags(db, person.id) : [];
    await audit.insert(db, auditActorOf(actor), {
      event: 'fhir.flag-search',
      subjectType: 'person',
      subjectId: person?.id ?? null,
      details: {
        organisationId: actor.organisationId,
        organisation: actor.organisationName,
        found: Boolean(person),
        access,
        flags: flags.length,
      },
    });
    return flags;
  }

  return {
    /** The lookup alone, with no token and no audit: for the benchmark's bare route. */
    bareLookup: (nhsNumber: string) => fhir.flagsByNhsNumber(db, nhsNumber),

    async searchFlags(q: {
      token: string | null;
      identifier: unknown;
      correlationId: string;
    }): Promise<FlagSearchResult> {
      if (!q.token) return { outcome: 'unauthenticated' };
      const parsed = parseSubjectIdentifier(q.identifier);
      if ('diagnostics' in parsed) {
        const holder = await holderOf(q.token, q.correlationId);
        if (!holder) return { outcome: 'unauthenticated' };
        await audit.insert(db, holder, {
          event: 'fhir.flag-search',
          subjectType: 'person',
          subjectId: null,
          details: { invalid: parsed.diagnostics },
        });
        return { outcome: 'invalid', diagnostics: parsed.diagnostics };
      }
      const { nhsNumber } = parsed;
      const system = await fhir.systemSearch(db, {
        tokenHash: hashToken(q.token),
        nhsNumber,
        correlationId: q.correlationId,
      });
      if (system) {
        if (system.personId && system.familyId && !system.involved && !system.seenToday)
          await tellInvolved(system.personId, system.familyId, system.organisationName);
        return { outcome: 'found', nhsNumber, flags: system.flags };
      }
      const actor = await auth.actorForToken(q.token, q.correlationId);
      if (!actor) return { outcome: 'unauthenticated' };
      return { outcome: 'found', nhsNumber, flags: await asUser(actor, nhsNumber) };
    },
  };
}
export type FhirService = ReturnType<typeof createFhirService>;
