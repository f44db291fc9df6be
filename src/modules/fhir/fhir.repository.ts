import type { Queryable } from '../../platform/db/index.ts';

/** An active flag as the FHIR API shows it. */
export interface ActiveFlag {
  id: string;
  typeCode: string;
  typeName: string;
  meaning: string;
  raisedAt: string;
  author: string;
  /** Raised on the mother and shown on her baby (types shown on babies). */
  onMother: boolean;
}

/** What one system-token search found, after it was written to the audit log. */
export interface SystemSearch {
  organisationId: string;
  organisationName: string;
  personId: string | null;
  familyId: string | null;
  involved: boolean;
  /** This organisation already looked this person up in the last 24 hours (before this call). */
  seenToday: boolean;
  flags: ActiveFlag[];
}

// The person's own active flags and, for a baby, the mother's active flags of types shown on
// babies — the same rule as the record's flag banner, without the "visible after ending" period.
const FLAGS_OF_P = `
  SELECT f.id, f.type_code AS "typeCode", ft.name AS "typeName", ft.meaning, f.raised_at AS "raisedAt",
         o.name AS author, f.person_id <> p.id AS "onMother", ft.sort_order
    FROM p JOIN flags f ON f.person_id IN (p.id, p.mother_id) AND f.ended_at IS NULL
    JOIN flag_types ft ON ft.code = f.type_code
    JOIN organisations o ON o.id = f.raised_by_organisation
   WHERE f.person_id = p.id OR ft.show_on_babies`;

const FLAGS_JSON = `coalesce(json_agg(f ORDER BY f.sort_order, f."raisedAt" DESC), '[]'::json)`;

/**
 * One round trip for a system-token call: checks the token, finds the person and their active
 * flags, notes the token's use (at most once a minute), and writes the audit row. No row back
 * means the token is unknown or revoked (and nothing was written).
 */
const SYSTEM_SEARCH = `
WITH tok AS (
  SELECT t.id, t.name, t.organisation_id, o.name AS org_name
    FROM system_tokens t JOIN organisations o ON o.id = t.organisation_id
   WHERE t.token_hash = $1 AND t.revoked_at IS NULL
),
p AS (SELECT id, family_id, mother_id FROM people WHERE nhs_number = $2 AND EXISTS (SELECT 1 FROM tok)),
f AS (${FLAGS_OF_P}),
inv AS (
  SELECT EXISTS (
    SELECT 1 FROM p JOIN people m ON m.family_id = p.family_id
      JOIN person_organisations po ON po.person_id = m.id
      JOIN tok ON tok.organisation_id = po.organisation_id) AS yes
),
touch AS (
  UPDATE system_tokens SET last_used_at = now()
   WHERE id = (SELECT id FROM tok) AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')
  RETURNING 1
),
logged AS (
  INSERT INTO audit_events (actor_user_id, actor_label, event, subject_type, subject_id, correlation_id, details)
  SELECT NULL, left('System token "' || tok.name || '" of ' || tok.org_name, 200), 'fhir.flag-search', 'person',
         (SELECT id::text FROM p), $3,
         jsonb_build_object('organisationId', tok.organisation_id, 'organisation', tok.org_name,
           'tokenId', tok.id, 'found', EXISTS (SELECT 1 FROM p), 'flags', (SELECT count(*)::int FROM f),
           'involved', (SELECT yes FROM inv))
    FROM tok
  RETURNING 1
)
SELECT tok.organisation_id AS "organisationId", tok.org_name AS "organisationName",
       (SELECT id FROM p) AS "personId", (SELECT family_id FROM p) AS "familyId",
       (SELECT yes FROM inv) AS involved,
       -- Looked for only when the involved organisations would be told (lazily: not on the hot path).
       CASE WHEN (SELECT yes FROM inv) OR NOT EXISTS (SELECT 1 FROM p) THEN false ELSE EXISTS (
         SELECT 1 FROM p, audit_events a
          WHERE a.subject_type = 'person' AND a.subject_id = p.id::text AND a.at > now() - interval '1 day'
            AND a.event = 'fhir.flag-search' AND a.details->>'organisationId' = tok.organisation_id::text)
       END AS "seenToday",
       (SELECT ${FLAGS_JSON} FROM f) AS flags,
       (SELECT count(*)::int FROM logged) + (SELECT count(*)::int FROM touch) AS writes
  FROM tok`;

const FLAGS_BY_PERSON = `
WITH p AS (SELECT id, mother_id FROM people WHERE id = $1), f AS (${FLAGS_OF_P})
SELECT ${FLAGS_JSON} AS flags FROM f`;

const FLAGS_BY_NHS_NUMBER = `
WITH p AS (SELECT id, mother_id FROM people WHERE nhs_number = $1), f AS (${FLAGS_OF_P})
SELECT (SELECT id FROM p) AS "personId", (SELECT ${FLAGS_JSON} FROM f) AS flags`;

/** json_agg gives timestamps as text; both engines then agree. */
const parseFlags = (value: unknown): ActiveFlag[] =>
  (typeof value === 'string' ? JSON.parse(value) : (value as ActiveFlag[])).map((f: ActiveFlag) => ({
    id: f.id,
    typeCode: f.typeCode,
    typeName: f.typeName,
    meaning: f.meaning,
    raisedAt: new Date(f.raisedAt).toISOString(),
    author: f.author,
    onMother: f.onMother,
  }));

export function createFhirRepository() {
  return {
    async systemSearch(
      db: Queryable,
      q: { tokenHash: string; nhsNumber: string; correlationId: string },
    ): Promise<SystemSearch | undefined> {
      const rows = await db.query<SystemSearch>(SYSTEM_SEARCH, [q.tokenHash, q.nhsNumber, q.correlationId], {
        prepare: 'fhir_system_flag_search',
      });
      const row = rows[0];
      return row && { ...row, flags: parseFlags(row.flags) };
    },

    async activeFlags(db: Queryable, personId: string): Promise<ActiveFlag[]> {
      const rows = await db.query<{ flags: unknown }>(FLAGS_BY_PERSON, [personId], {
        prepare: 'fhir_flags_by_person',
      });
      return parseFlags(rows[0]?.flags ?? []);
    },

    /** The same indexed lookup with no token and no audit: the benchmark's bare route. */
    async flagsByNhsNumber(
      db: Queryable,
      nhsNumber: string,
    ): Promise<{ personId: string | null; flags: ActiveFlag[] }> {
      const rows = await db.query<{ personId: string | null; flags: unknown }>(
        FLAGS_BY_NHS_NUMBER,
        [nhsNumber],
        { prepare: 'fhir_flags_by_nhs_number' },
      );
      return { personId: rows[0]?.personId ?? null, flags: parseFlags(rows[0]?.flags ?? []) };
    },
  };
}
export type FhirRepository = ReturnType<typeof createFhirRepository>;

/** The live system token with this hash, with its organisation. */
export async function findSystemToken(
  db: Queryable,
  tokenHash: string,
): Promise<{ id: string; name: string; organisationId: string; organisationName: string } | undefined> {
  const rows = await db.query<{ id: string; name: string; organisationId: string; organisationName: string }>(
    `SELECT t.id, t.name, t.organisation_id AS "organisationId", o.name AS "organisationName"
       FROM system_tokens t JOIN organisations o ON o.id = t.organisation_id
      WHERE t.token_hash = $1 AND t.revoked_at IS NULL`,
    [tokenHash],
  );
  return rows[0];
}
