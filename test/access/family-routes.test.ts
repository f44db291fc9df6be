import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse, RouteOptions } from 'fastify';
import { isValidNhsNumber } from '../../src/modules/people/index.ts';
import { addDays, londonToday } from '../../src/platform/clock.ts';
import type { Role } from '../../src/platform/http/current-user.ts';
import { createOrganisation, createUser, TEST_PASSWORD } from '../factories.ts';
import {
  cookieFrom,
  csrfFrom,
  signInAsApi,
  signInAsBrowser,
  buildTestApp,
  type TestContext,
} from '../test-app.ts';

/**
 * Every route that reads or changes a family's records, found from the route table (so a new
 * route is covered without anyone adding it here), asked for by everyone who must not see the
 * family. None may answer with the record, leak a name or NHS number, write a `person.viewed`
 * row or change anything; the involved practitioner gets each page and is audited.
 */

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
/** A person or flag in the path: `/people/:id…`, `/api/v1/people/:id…`, `/flags/:id…`. */
const FAMILY_ROUTE = /\/(people|flags)\/(:|\{)/;
const TABLES = [
  'families',
  'people',
  'person_organisations',
  'record_access_grants',
  'flags',
  'contacts',
  'safer_sleep_assessments',
  'safer_sleep_assessment_people',
  'unborn_referrals',
  'unborn_milestones',
  'family_losses',
  'family_loss_support',
];

interface Route {
  method: string;
  url: string;
}

/** The first synthetic NHS numbers (999…) that pass the check digit. */
function syntheticNhsNumbers(count: number): string[] {
  const out: string[] = [];
  for (let n = 9_990_000_000 + Math.floor(Math.random() * 9_000_000); out.length < count; n++)
    if (isValidNhsNumber(String(n))) out.push(String(n));
  return out;
}

describe('every family-record route refuses those without need-to-know', () => {
  let t: TestContext;
  const routes: Route[] = [];
  let ids: { mother: string; baby: string; flag: string; referral: string; loss: string };
  let secrets: string[];
  let involvedEmail: string;
  let trustId: string;
  let otherOrgId: string;

  before(async () => {
    const seen: Route[] = [];
    const collect = (route: RouteOptions) => {
      for (const method of [route.method].flat()) seen.push({ method, url: route.url });
    };
    t = await buildTestApp({}, { onRoute: collect });
    const { db, services } = t;
    const keys = new Set<string>();
    for (const r of seen) {
      const key = `${r.method} ${r.url}`;
      if (METHODS.has(r.method) && FAMILY_ROUTE.test(r.url) && !keys.has(key)) {
        keys.add(key);
        routes.push(r);
      }
    }

    // One family with something in every section, recorded by an acute-trust midwife.
    trustId = (await createOrganisation(db, 'nhs-trust')).id;
    otherOrgId = (await createOrganisation(db, 'gp-practice')).id;
    const midwife = await createUser(db, 'practitioner', trustId);
    involvedEmail = midwife.email;
    const actor = { ...midwife, name: 'Midwife', organisationName: 'Trust', correlationId: 'access' };
    const [motherNhs, babyNhs] = syntheticNhsNumbers(2) as [string, string];
    const mother = await services.people.create(actor, {
      givenName: 'Ottoline',
      familyName: 'Quarrendon',
      dateOfBirth: '1995-03-14',
      nhsNumber: motherNhs,
      relationship: 'mother',
    });
    const baby = await services.people.create(actor, {
      givenName: 'Baby',
      familyName: 'Quarrendon',
      nhsNumber: babyNhs,
      expectedDeliveryDate: addDays(londonToday(), 150),
      motherId: mother.id,
    });
    const flag = await services.flags.raise(actor, mother.id, { type: 'purple-butterfly', consent: true });
    const referral = await services.unborn.refer(actor, baby.id, {
      referralDate: londonToday(),
      concerns: ['domestic-abuse'],
      referringOrganisationId: trustId,
    });
    await services.saferSleep.assess(actor, baby.id, {
      contactType: 'antenatal',
      contactDate: londonToday(),
      factors: ['smoking'],
      advice: ['back-to-sleep'],
      outOfRoutine: [],
      riskLevel: 'low',
      plan: 'Repeat the advice after the birth.',
      people: [{ personId: mother.id, present: true, advised: true }],
    });
    const loss = await services.losses.record(actor, mother.id, {
      kind: 'neonatal-death',
      lossDate: '2023-06-01',
      babyName: 'Quarrendon infant',
    });
    ids = { mother: mother.id, baby: baby.id, flag: flag.id, referral: referral.id, loss: loss.id };
    const spaced = (n: string) => `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`;
    secrets = ['Ottoline', 'Quarrendon', motherNhs, babyNhs, spaced(motherNhs), spaced(babyNhs)];
  });
  after(() => t.close());

  /**
   * The route's path with real ids: the person (mother or baby), the flag, referral, loss; with
   * `person` null, ids of records that do not exist.
   */
  function pathOf(url: string, person: string | null): string {
    const sectionOnBaby = /safer-sleep|unborn|contacts/.test(url);
    return url.replace(/[:{]([A-Za-z]+)\}?/g, (_, name: string) => {
      if (person === null) return name === 'milestone' ? 'strategy-discussion' : randomUUID();
      if (name === 'personId' || (name === 'id' && url.includes('/people/')))
        return sectionOnBaby && person === ids.mother ? ids.baby : person;
      if (name === 'flagId' || (name === 'id' && url.includes('/flags/'))) return ids.flag;
      if (name === 'referralId') return ids.referral;
      if (name === 'lossId') return ids.loss;
      if (name === 'milestone') return 'strategy-discussion';
      return randomUUID();
    });
  }

  const isApi = (url: string) => url.startsWith('/api/');

  /**
   * Well-formed bodies for the routes whose schema refuses an empty one, so the access check
   * behind the schema is reached too. A route not listed gets only the empty body.
   */
  const wellFormed = (): Record<string, object> => ({
    'POST /api/v1/people/:id/break-glass': { reason: 'Covering a colleague’s caseload today' },
    'POST /api/v1/people/:id/flags': { type: 'unborn-baby-network' },
    'POST /api/v1/flags/:id/end': { reason: 'The plan has ended', version: 1 },
    'PATCH /api/v1/people/:id': { version: 1, givenName: 'Ottilie' },
    'POST /people/:personId/edit': { version: '1', givenName: 'Ottilie' },
    'POST /api/v1/people/:id/organisations': { organisationId: otherOrgId },
    'POST /api/v1/people/:id/safer-sleep-assessments': {
      contactType: 'antenatal',
      contactDate: londonToday(),
      factors: [],
      advice: ['back-to-sleep'],
      outOfRoutine: [],
      riskLevel: 'high',
      plan: 'See again next week.',
      people: [{ personId: ids.mother, present: true, advised: true }],
    },
  });

  async function clientFor(email: string) {
    const api = await signInAsApi(t.app, email, TEST_PASSWORD);
    const browser = await signInAsBrowser(t.app, email, TEST_PASSWORD);
    const account = await browser.get('/account');
    const csrf = csrfFrom(account.body);
    const cookie = cookieFrom(account) || browser.cookie;
    return async (method: string, url: string, body?: object): Promise<LightMyRequestResponse> => {
      const payload = method === 'GET' ? undefined : isApi(url) ? (body ?? {}) : { _csrf: csrf, ...body };
      const headers = isApi(url) ? { authorization: `Bearer ${api.token}` } : { cookie };
      return t.app.inject({ method: method as 'GET', url, headers, ...(payload ? { payload } : {}) });
    };
  }

  async function counts(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const table of TABLES)
      out[table] = (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;
    return out;
  }

  it('finds the family routes in the route table', () => {
    console.log(
      `Family routes covered (${routes.length}):\n${routes.map((r) => `  ${r.method} ${r.url}`).join('\n')}`,
    );
    for (const expected of [
      'GET /people/:personId',
      'GET /api/v1/people/:id',
      'POST /api/v1/flags/:id/end',
      'POST /flags/:flagId/end',
    ])
      assert.ok(
        routes.some((r) => `${r.method} ${r.url}` === expected),
        `${expected} is in the route table`,
      );
  });

  const outsiders: [string, Role, 'none' | 'break-glass'][] = [
    ['a board member', 'board-member', 'none'],
    ['a reviewer', 'reviewer', 'none'],
    ['a business-unit user without family-records access', 'business-unit', 'none'],
    ['a practitioner of an uninvolved organisation', 'practitioner', 'break-glass'],
  ];

  it('answers each outsider 403 or 404, with no names, no person.viewed row and no change', async () => {
    const before = await counts();
    const failures: string[] = [];
    const users: string[] = [];
    for (const [who, role, access] of outsiders) {
      const user = await createUser(t.db, role, (await createOrganisation(t.db, 'nhs-trust')).id);
      users.push(user.id);
      const request = await clientFor(user.email);
      for (const route of routes) {
        const key = `${route.method} ${route.url}`;
        const bodies: [string, object | undefined][] = [
          [route.method === 'GET' ? 'read' : 'empty body', undefined],
        ];
        const body = wellFormed()[key];
        // A well-formed reason would rightly open the record to the uninvolved practitioner.
        if (body && !(access === 'break-glass' && route.url.endsWith('/break-glass')))
          bodies.push(['well-formed body', body]);
        for (const person of [ids.mother, ids.baby]) {
          for (const [label, payload] of bodies) {
            const url = pathOf(route.url, person);
            const said = `${who}: ${route.method} ${url} (${label})`;
            const response = await request(route.method, url, payload);
            const status = response.statusCode;
            const refused = [403, 404].includes(status);
            // Breaking the glass is the uninvolved practitioner's way in: an empty reason is refused.
            const reasonMissing =
              access === 'break-glass' && route.url.endsWith('/break-glass') && status === 400;
            if (!refused && !reasonMissing) {
              // The schema may refuse a malformed body before any lookup; that says nothing about
              // the record only if a record that does not exist gets exactly the same answer.
              const nobody = await request(route.method, pathOf(route.url, null), payload);
              const sameAsNoRecord =
                status === 400 && nobody.statusCode === 400 && nobody.body === response.body;
              if (!sameAsNoRecord) failures.push(`${said} → ${status}`);
              // Otherwise the access check behind the schema was never reached: say what to add.
              else if (!body) failures.push(`${said} → 400: add a well-formed body for ${key}`);
            }
            // A refused CSRF token would hide the access check behind it.
            if (response.body.includes('Your form expired')) failures.push(`${said}: CSRF token refused`);
            const leaked = secrets.filter((s) => response.body.includes(s));
            if (leaked.length) failures.push(`${said} shows ${leaked.join(', ')}`);
          }
        }
      }
    }
    const viewed = await t.db.query<{ event: string; actor: string; what: unknown }>(
      `SELECT event, actor_user_id::text AS actor, details AS what FROM audit_events
        WHERE event = 'person.viewed' AND actor_user_id = ANY($1::uuid[])`,
      [users],
    );
    for (const row of viewed)
      failures.push(`person.viewed written for ${row.actor}: ${JSON.stringify(row.what)}`);
    assert.deepEqual(failures, []);
    assert.deepEqual(await counts(), before, 'no route changed anything for an outsider');
  });

  it('shows each page to the involved practitioner and audits the read', async () => {
    const request = await clientFor(involvedEmail);
    const failures: string[] = [];
    for (const route of routes.filter((r) => r.method === 'GET')) {
      const url = pathOf(route.url, ids.mother);
      const [{ last }] = (await t.db.query<{ last: number }>(
        'SELECT coalesce(max(id), 0)::int AS last FROM audit_events',
      )) as [{ last: number }];
      const response = await request('GET', url);
      if (response.statusCode !== 200 && !(response.statusCode >= 300 && response.statusCode < 400))
        failures.push(`${route.method} ${url} → ${response.statusCode}`);
      const audited = await t.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM audit_events
          WHERE id > $1 AND subject_type = 'person' AND subject_id = ANY($2::text[])`,
        [last, [ids.mother, ids.baby]],
      );
      if (audited[0]!.n < 1) failures.push(`${route.method} ${url} wrote no audit row for the person`);
    }
    assert.deepEqual(failures, []);
  });
});
