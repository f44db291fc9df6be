import type { Role } from '../platform/http/current-user.ts';
import type { OrganisationType } from '../modules/organisations/index.ts';

/** The fictional Brookvale partnership. Every name here is invented. */
export const DEMO_ORGANISATIONS: { key: string; name: string; type: OrganisationType }[] = [
  { key: 'partnership', name: 'Brookvale Safeguarding Children Partnership', type: 'other' },
  { key: 'council', name: "Brookvale Council Children's Services", type: 'local-authority' },
  { key: 'police', name: 'Brookvale Police', type: 'police' },
  { key: 'icb', name: 'Brookvale Integrated Care Board', type: 'icb' },
  { key: 'acute', name: 'Brookvale Hospitals NHS Trust', type: 'nhs-trust' },
  { key: 'community', name: 'Brookvale Community Health NHS Trust', type: 'nhs-trust' },
  { key: 'riverside', name: 'Riverside Medical Centre', type: 'gp-practice' },
  { key: 'elm', name: 'Elm Tree Surgery', type: 'gp-practice' },
  { key: 'market', name: 'Market Street Practice', type: 'gp-practice' },
  { key: 'hollybank', name: 'Hollybank Health Centre', type: 'gp-practice' },
  { key: 'canal', name: 'Canal Side Surgery', type: 'gp-practice' },
  { key: 'oakfield', name: 'Oakfield Family Practice', type: 'gp-practice' },
  { key: 'school', name: 'Larkhill Primary School', type: 'school' },
];

export const DEMO_USERS: {
  key: string;
  email: string;
  name: string;
  role: Role;
  org: string;
  jobTitle: string;
}[] = [
  {
    key: 'manager',
    email: 'manager@demo.lantern.test',
    name: 'Priya Lomax',
    role: 'business-unit',
    org: 'partnership',
    jobTitle: 'Partnership business manager',
  },
  {
    key: 'officer',
    email: 'officer@demo.lantern.test',
    name: 'Tom Ashdown',
    role: 'business-unit',
    org: 'partnership',
    jobTitle: 'Learning and review officer',
  },
  {
    key: 'la',
    email: 'la.lead@demo.lantern.test',
    name: 'Grace Okafor',
    role: 'organisation-lead',
    org: 'council',
    jobTitle: 'Head of safeguarding, children’s services',
  },
  {
    key: 'police',
    email: 'police.lead@demo.lantern.test',
    name: 'DI Sam Whitfield',
    role: 'organisation-lead',
    org: 'police',
    jobTitle: 'Public protection lead',
  },
  {
    key: 'icb',
    email: 'icb.lead@demo.lantern.test',
    name: 'Helen Marsh',
    role: 'organisation-lead',
    org: 'icb',
    jobTitle: 'Designated nurse for safeguarding children',
  },
  {
    key: 'namedGp',
    email: 'named.gp@demo.lantern.test',
    name: 'Dr Aaron Pike',
    role: 'organisation-lead',
    org: 'icb',
    jobTitle: 'Named GP for safeguarding',
  },
  {
    key: 'trust',
    email: 'trust.lead@demo.lantern.test',
    name: 'Fiona Delaney',
    role: 'organisation-lead',
    org: 'acute',
    jobTitle: 'Named midwife for safeguarding',
  },
  {
    key: 'community',
    email: 'community.lead@demo.lantern.test',
    name: 'Ruth Baines',
    role: 'organisation-lead',
    org: 'community',
    jobTitle: 'Named nurse for safeguarding',
  },
  {
    key: 'gp',
    email: 'gp.lead@demo.lantern.test',
    name: 'Dr Nadia Qureshi',
    role: 'organisation-lead',
    org: 'riverside',
    jobTitle: 'Practice safeguarding lead',
  },
  {
    key: 'hv',
    email: 'hv@demo.lantern.test',
    name: 'Jess Carter',
    role: 'practitioner',
    org: 'community',
    jobTitle: 'Health visitor',
  },
  {
    key: 'reviewer',
    email: 'reviewer@demo.lantern.test',
    name: 'Martin Rowe',
    role: 'reviewer',
    org: 'partnership',
    jobTitle: 'Independent reviewer',
  },
  {
    key: 'board',
    email: 'board@demo.lantern.test',
    name: 'Cllr Joan Perry',
    role: 'board-member',
    org: 'partnership',
    jobTitle: 'Board member',
  },
];
