/**
 * A national deployment's data for `npm run data:national`, generated inside PostgreSQL with
 * generate_series. Lantern's schema holds one partnership per deployment, so a national one is
 * modelled as one deployment holding every partnership's organisations, named "Partnership 042 …";
 * nothing in the schema says which partnership a review belongs to (its subject reference does,
 * "P042-2019-5"), so a business-unit user sees every partnership's reviews and actions: the tracker's
 * worst case. All names are synthetic. Ids are md5 of a key (`md5('o' || p || '.' || k)`), so each
 * step links to the last without reading rows back.
 */
import type { Db } from '../src/platform/db/index.ts';

/** Organisations of one partnership, by number k: local authority, police, ICB, trusts, GPs, schools. */
const ORGANISATIONS = `CASE
    WHEN k = 0 THEN 'local authority' WHEN k = 1 THEN 'police' WHEN k = 2 THEN 'ICB'
    WHEN k <= 4 THEN 'NHS trust ' || (k - 2)
    WHEN k <= 14 THEN 'GP practice ' || lpad((k - 4)::text, 2, '0')
    ELSE 'school ' || lpad((k - 14)::text, 2, '0') END`;
const TYPES = `CASE WHEN k = 0 THEN 'local-authority' WHEN k = 1 THEN 'police' WHEN k = 2 THEN 'icb'
    WHEN k <= 4 THEN 'nhs-trust' WHEN k <= 14 THEN 'gp-practice' ELSE 'school' END`;
/** Odd-numbered partnerships have one NHS trust (organisation 4 is missing), even ones two. */
const EXISTS = `NOT (k = 4 AND p % 2 = 1)`;
const ORG_COUNT = 27;
/** Practitioners per organisation: more in the local authority and trusts, one in a GP practice or school. */
const practitioners = (k: string) =>
  `(CASE ${k} WHEN 0 THEN 5 WHEN 1 THEN 3 WHEN 2 THEN 2 WHEN 3 THEN 4 WHEN 4 THEN 4 ELSE 1 END)`;
const orgId = (p: string, k: string) => `md5('o' || ${p} || '.' || ${k})::uuid`;
const userId = (p: string, k: string, role: string, i: string) =>
  `md5('u' || ${p} || '.' || ${k} || '.' || ${role} || '.' || (${i}))::uuid`;
/** Which organisation owns an action, by a hash: the local authority most, then police, ICB, trusts. */
const OWNER_KS = [
  0,
  0,
  0,
  0,
  1,
  1,
  1,
  2,
  2,
  2,
  3,
  3,
  3,
  4,
  4,
  ...Array.from({ length: 22 }, (_, i) => 5 + i),
];

/** Reviews per partnership per year, years covered, recommendations per review. */
export const NATIONAL = { partnerships: 130, years: 10, firstYear: 2016, perYear: 8, recommendations: 5 };

export async function organisations(db: Db, partnerships: number): Promise<void> {
  await db.exec(`
    INSERT INTO organisations (id, name, type)
    SELECT ${orgId('p', 'k')}, 'Partnership ' || lpad(p::text, 3, '0') || ' ' || ${ORGANISATIONS}, ${TYPES}
      FROM generate_series(1, ${partnerships}) p, generate_series(0, ${ORG_COUNT - 1}) k WHERE ${EXISTS};
    -- The ICB commissions the partnership's NHS trusts and GP practices (and oversees their actions).
    UPDATE organisations o SET commissioned_by = ${orgId('p', '2')}
      FROM generate_series(1, ${partnerships}) p, generate_series(3, 14) k WHERE o.id = ${orgId('p', 'k')}`);
}

/**
 * Per partnership: three business-unit staff in the local authority (the first may open family
 * records), a lead for every organisation, and its practitioners. One password hash for everyone.
 */
export async function users(db: Db, partnerships: number, passwordHash: string): Promise<void> {
  const insert = (role: string, count: string, where: string, extra = 'false') =>
    db.query(
      `INSERT INTO users (id, email, name, role, organisation_id, job_title, password_hash, family_records_access)
       SELECT ${userId('p', 'k', `'${role}'`, 'i')},
              'p' || lpad(p::text, 3, '0') || '-o' || lpad(k::text, 2, '0') || '-${role}-' || i || '@national.lantern.test',
              'P' || lpad(p::text, 3, '0') || ' ${role.replace('-', ' ')} ' || lpad(k::text, 2, '0') || '-' || i,
              '${role}', ${orgId('p', 'k')}, 'Synthetic user', $1, ${extra}
         FROM generate_series(1, ${partnerships}) p, generate_series(0, ${ORG_COUNT - 1}) k,
              LATERAL generate_series(1, ${count}) i
        WHERE ${EXISTS} AND ${where}`,
      [passwordHash],
    );
  await insert('business-unit', '3', 'k = 0', 'i = 1');
  await insert('organisation-lead', '1', 'true');
  await insert('practitioner', practitioners('k'), 'true');
}

/**
 * ~8 a partnership a year: five rapid reviews, two LCSPRs (serious case reviews before 2018), one
 * learning review. Everything before the last year is finished (published or closed); in the last
 * year half are still open (awaiting decision, in local review, at final report).
 */
export async function reviews(db: Db, partnerships: number): Promise<void> {
  const last = NATIONAL.firstYear + NATIONAL.years - 1;
  const total = partnerships * NATIONAL.years * NATIONAL.perYear;
  await db.exec(`
    INSERT INTO reviews (id, type, status, subject_ref, age_band, incident_date, aware_date, panel_notified_date,
                         rapid_review_sent_date, lcspr_decision_date, report_sent_date, published_date,
                         panel_response, summary, conclusion, created_by, created_at, updated_at)
    SELECT md5('r' || g)::uuid, type, status, 'P' || lpad(p::text, 3, '0') || '-' || y || '-' || n,
           (ARRAY['unborn','under-1','1-4','5-10','11-15','16-17'])[1 + (g * 7) % 6],
           incident, incident + 1 + p % 4, incident + 5 + p % 4, incident + 26 + p % 4,
           CASE WHEN type <> 'rapid-review' AND status <> 'decision' THEN incident + 40 + p % 4 END,
           CASE WHEN status IN ('published', 'closed') AND type <> 'rapid-review' THEN incident + 210 END,
           CASE WHEN status = 'published' THEN incident + 225 END,
           CASE WHEN status <> 'decision' THEN 'agreed' END,
           'Synthetic review ' || g || ' for the national-scale data.', '',
           ${userId('p', '0', "'business-unit'", '1')}, (incident + 1)::timestamptz, (incident + 225)::timestamptz
      FROM (SELECT g, p, y, n, make_date(y, 1, 1) + ((n - 1) * 45 + p * 7) % 360 AS incident,
                   CASE WHEN n IN (5, 6) AND y < 2018 THEN 'scr' WHEN n IN (5, 6) THEN 'lcspr'
                        WHEN n = 7 THEN 'learning-review' ELSE 'rapid-review' END AS type,
                   CASE WHEN y < ${last} THEN CASE WHEN n IN (5, 6, 7) THEN 'published' ELSE 'closed' END
                        WHEN n = 8 THEN 'decision' WHEN n IN (5, 7) THEN 'local-review'
                        WHEN n = 6 THEN 'final-report' ELSE 'closed' END AS status
              FROM (SELECT g, (g - 1) / ${NATIONAL.years * NATIONAL.perYear} + 1 AS p,
                           ${NATIONAL.firstYear} + ((g - 1) / ${NATIONAL.perYear}) % ${NATIONAL.years} AS y,
                           (g - 1) % ${NATIONAL.perYear} + 1 AS n
                      FROM generate_series(1, ${total}) g) s) r`);
}

/** Five recommendations on every review past its decision; assured for reviews two or more years old. */
export async function recommendations(db: Db): Promise<void> {
  const last = NATIONAL.firstYear + NATIONAL.years - 1;
  await db.exec(`
    INSERT INTO recommendations (id, review_id, number, text, assurance_status, created_at)
    SELECT md5('c' || r.id || '.' || m)::uuid, r.id, m,
           'Partners should make sure that ' || (ARRAY['health visitors','schools','GPs','social workers','the police'])[m]
           || ' share what they know with the lead professional (synthetic recommendation ' || m || ').',
           CASE WHEN extract(year FROM r.incident_date) < ${last - 1} THEN 'assured' ELSE 'open' END,
           coalesce(r.lcspr_decision_date, r.rapid_review_sent_date)::timestamptz
      FROM reviews r, generate_series(1, ${NATIONAL.recommendations}) m
     WHERE r.status <> 'decision'`);
}

/**
 * One to three actions per recommendation (two on average), owned by the partnership's organisations
 * and their practitioners. Status follows the due date against today: long past due almost all
 * closed, recently due mostly closed with some overdue, not yet due mostly in progress.
 */
export async function actions(db: Db): Promise<void> {
  await db.exec(`
    INSERT INTO actions (id, recommendation_id, organisation_id, owner_user_id, description, due_date,
                         original_due_date, status, closed_at, created_at, updated_at)
    SELECT id, rec, ${orgId('p', 'k')}, ${userId('p', 'k', "'practitioner'", `1 + h % ${practitioners('k')}`)},
           'Audit a sample of case records and report what changed (synthetic action ' || a || ')',
           due, due, status, closed_on::timestamptz, base::timestamptz, coalesce(closed_on, base + 60)::timestamptz
      FROM (SELECT *, CASE WHEN status = 'closed' THEN least(due - b % 30, current_date - 1 - b % 20) END AS closed_on
      FROM (SELECT *, CASE
                     WHEN due < current_date - 365 THEN CASE WHEN b < 95 THEN 'closed' WHEN b < 98 THEN 'in-progress'
                                                                ELSE 'awaiting-evidence' END
                     WHEN due < current_date THEN CASE WHEN b < 60 THEN 'closed' WHEN b < 85 THEN 'in-progress'
                                                       WHEN b < 95 THEN 'awaiting-evidence' ELSE 'not-started' END
                     ELSE CASE WHEN b < 5 THEN 'closed' WHEN b < 35 THEN 'not-started'
                               WHEN b < 85 THEN 'in-progress' ELSE 'awaiting-evidence' END END AS status
              FROM (SELECT md5('a' || c.id || '.' || a)::uuid AS id, c.id AS rec, a, h,
                           substr(r.subject_ref, 2, 3)::int AS p,
                           CASE WHEN k = 4 AND substr(r.subject_ref, 2, 3)::int % 2 = 1 THEN 3 ELSE k END AS k,
                           (h * 53 + a * 29) % 100 AS b, base, base + 90 + (h * 17) % 540 AS due
                      FROM recommendations c JOIN reviews r ON r.id = c.review_id,
                           LATERAL (SELECT coalesce(r.lcspr_decision_date, r.rapid_review_sent_date) AS base,
                                           (abs(hashtext(c.id::text)::bigint) % 1000000)::int AS h) x,
                           LATERAL generate_series(1, 1 + h % 3) a,
                           LATERAL (SELECT (ARRAY[${OWNER_KS.join(',')}])[1 + (h + a * 13) % ${OWNER_KS.length}] AS k) o
                   ) s) t) u`);
}

/**
 * The trail an action leaves: started (and a progress note) once under way, a second note while it
 * runs, sent for evidence, and closed by the business unit.
 */
export async function actionUpdates(db: Db): Promise<void> {
  const owner = 'a.owner_user_id';
  const businessUnit = userId(`substr(r.subject_ref, 2, 3)::int`, '0', "'business-unit'", '1');
  const from = `FROM actions a JOIN recommendations c ON c.id = a.recommendation_id JOIN reviews r ON r.id = c.review_id`;
  await db.exec(`
    INSERT INTO action_updates (action_id, author_user_id, kind, from_status, to_status, created_at)
    SELECT a.id, ${owner}, 'status-change', 'not-started', 'in-progress', a.created_at + interval '20 days'
      ${from} WHERE a.status <> 'not-started';
    INSERT INTO action_updates (action_id, author_user_id, kind, note, created_at)
    SELECT a.id, ${owner}, 'progress', 'Audit started; first sample of records reviewed (synthetic).',
           a.created_at + interval '30 days' ${from} WHERE a.status <> 'not-started';
    INSERT INTO action_updates (action_id, author_user_id, kind, note, created_at)
    SELECT a.id, ${owner}, 'progress', 'Second sample reviewed; findings shared with the team (synthetic).',
           a.created_at + interval '50 days' ${from} WHERE a.status IN ('in-progress', 'awaiting-evidence');
    INSERT INTO action_updates (action_id, author_user_id, kind, from_status, to_status, created_at)
    SELECT a.id, ${owner}, 'status-change', 'in-progress', 'awaiting-evidence', a.created_at + interval '55 days'
      ${from} WHERE a.status IN ('awaiting-evidence', 'closed');
    INSERT INTO action_updates (action_id, author_user_id, kind, from_status, to_status, created_at)
    SELECT a.id, ${businessUnit}, 'status-change', 'awaiting-evidence', 'closed', a.closed_at
      ${from} WHERE a.status = 'closed'`);
}

/** Family names from syllables (no real surnames), spread unevenly as surnames are. */
const FIRST = ['Ash', 'Brook', 'Cal', 'Dar', 'El', 'Fen', 'Gar', 'Hol', 'Kir', 'Lan', 'Mor', 'Nor'];
const SECOND = [
  'worth',
  'by',
  'ton',
  'ley',
  'field',
  'wood',
  'well',
  'ham',
  'ford',
  'stead',
  'more',
  'combe',
];
export const FAMILY_NAMES = FIRST.flatMap((a) => SECOND.map((b) => a + b));
const GIVEN = ['Ari', 'Bea', 'Cai', 'Dela', 'Eno', 'Fia', 'Gus', 'Hali', 'Ivo', 'Jua', 'Kea', 'Lio'];

/** People's names for generatePeople: a family shares its family name. */
export const PEOPLE_NAMES = {
  givenName: `(ARRAY['${GIVEN.join("','")}'])[1 + rn % ${GIVEN.length}]`,
  familyName: `(ARRAY['${FAMILY_NAMES.join("','")}'])[1 + floor(${FAMILY_NAMES.length} * power((((rn - 1) / 4 + 1) * 7919 % 10007) / 10007.0, 2))::int]`,
};

/** Mothers are known to their partnership's first NHS trust, babies to one of its GP practices. */
export async function personOrganisations(db: Db, people: number, partnerships: number): Promise<void> {
  const family = '((rn - 1) / 4 + 1)';
  await db.exec(`
    INSERT INTO person_organisations (person_id, organisation_id)
    SELECT md5('p' || rn)::uuid,
           CASE WHEN rn % 4 = 1 THEN ${orgId(`(${family} % ${partnerships} + 1)`, '3')}
                ELSE ${orgId(`(${family} % ${partnerships} + 1)`, `(5 + ${family} % 10)`)} END
      FROM generate_series(1, ${people}) rn WHERE rn % 4 IN (0, 1)`);
}
