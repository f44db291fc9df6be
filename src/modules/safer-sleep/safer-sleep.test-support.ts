import type { Services } from '../../composition.ts';
import type { Db } from '../../platform/db/index.ts';
import type { Actor, Role } from '../../platform/http/current-user.ts';
import { createOrganisation, createUser } from '../../../test/factories.ts';

/** A signed-in actor of a role in an organisation (a new one unless given). */
export async function actorIn(db: Db, role: Role, organisationId?: string): Promise<Actor> {
  const organisation = organisationId ?? (await createOrganisation(db, 'nhs-trust')).id;
  const user = await createUser(db, role, organisation);
  return { ...user, name: `Test ${role}`, organisationName: 'Test trust', correlationId: 'test' };
}

/** A mother, a father and their newborn baby, recorded by `actor` (whose organisation is involved). */
export async function createFamily(services: Services, actor: Actor) {
  const mother = await services.people.create(actor, {
    givenName: 'Maya',
    familyName: 'Testfamily',
    dateOfBirth: '1996-05-01',
    relationship: 'mother',
  });
  const father = await services.people.create(actor, {
    givenName: 'Dan',
    familyName: 'Testfamily',
    dateOfBirth: '1994-02-11',
    relationship: 'father-or-partner',
    familyId: mother.familyId,
  });
  const baby = await services.people.create(actor, {
    givenName: 'Baby',
    familyName: 'Testfamily',
    dateOfBirth: '2026-01-02',
    motherId: mother.id,
  });
  return { mother, father, baby };
}

/** A complete, valid assessment: the mother present and advised, the father advised. */
export function validAssessment(
  family: { mother: { id: string }; father: { id: string } },
  overrides: Record<string, unknown> = {},
) {
  return {
    contactType: 'new-birth',
    contactDate: '2026-01-20',
    factors: ['smoking'],
    advice: ['back-to-sleep', 'never-sofa'],
    outOfRoutine: ['visiting'],
    riskLevel: 'low',
    plan: 'Repeat the advice at the 6 to 8 week review.',
    people: [
      { personId: family.mother.id, present: true, advised: true },
      { personId: family.father.id, present: false, advised: true },
    ],
    ...overrides,
  };
}
