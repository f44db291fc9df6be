import type { FastifyRequest } from 'fastify';
import { Unauthenticated } from '../errors.ts';

/** The roles a person can hold in Lantern. */
export type Role = 'business-unit' | 'organisation-lead' | 'practitioner' | 'reviewer' | 'board-member';
export const ROLES: readonly Role[] = [
  'business-unit',
  'organisation-lead',
  'practitioner',
  'reviewer',
  'board-member',
];

/** Who is making a request, as every service sees it. */
export interface Actor {
  id: string;
  email: string;
  name: string;
  role: Role;
  organisationId: string;
  organisationName: string;
  /** Ties the audit rows of one request together. */
  correlationId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

/** The signed-in actor; throws `Unauthenticated` (401 or a redirect to sign in) when there is none. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new Unauthenticated();
  return request.actor;
}
