import type { Queryable } from '../../platform/db/index.ts';
import type {
  DocumentKind,
  Finding,
  PublicationDocument,
  PublicationSettings,
  PublicReport,
  StoredFinding,
} from './publishing.types.ts';

const SELECT_DOCUMENT = `
  SELECT d.id, d.review_id AS "reviewId", d.document, d.version, d.text, d.file_name AS "fileName",
         d.content_type AS "contentType", u.name AS "createdByName", d.created_at AS "createdAt"
    FROM publication_documents d LEFT JOIN users u ON u.id = d.created_by`;

const SELECT_FINDING = `
  SELECT f.id, f.review_id AS "reviewId", f.document, f.document_id AS "documentId", f.kind, f.text,
         f.start_offset AS start, f.end_offset AS "end", f.context_before AS "contextBefore",
         f.context_after AS "contextAfter", f.status, f.reason, u.name AS "decidedByName", f.decided_at AS "decidedAt"
    FROM publication_findings f LEFT JOIN users u ON u.id = f.decided_by`;

/** The current (highest) version of each review's report, joined to its review. */
const CURRENT_REPORT = `
  SELECT DISTINCT ON (d.review_id) d.* FROM publication_documents d
   WHERE d.document = 'report' ORDER BY d.review_id, d.version DESC`;

/** A report anyone may read: the review is published and the check has nothing open on the report. */
const PUBLIC_REPORTS = `
  SELECT r.id AS "reviewId", r.type AS "reviewType", ps.public_title AS "publicTitle",
         extract(year FROM coalesce(r.published_date, r.updated_at::date))::int AS year,
         d.text
    FROM reviews r JOIN (${CURRENT_REPORT}) d ON d.review_id = r.id
    JOIN publication_settings ps ON ps.review_id = r.id AND ps.public_title IS NOT NULL
   WHERE (r.status = 'published' OR ps.published_at IS NOT NULL)
     AND NOT EXISTS (SELECT 1 FROM publication_findings f
                      WHERE f.review_id = r.id AND f.document = 'report' AND f.status = 'open')`;

export interface NewDocument {
  reviewId: string;
  document: DocumentKind;
  text: string;
  file?: { fileName: string; contentType: string; content: Buffer; sha256: string };
  createdBy: string;
}

export interface FindingPlace extends Finding {
  documentId: string;
  contextBefore: string;
  contextAfter: string;
}

export function createPublishingRepository() {
  return {
    async current(db: Queryable, reviewId: string, document: DocumentKind) {
      const rows = await db.query<PublicationDocument>(
        `${SELECT_DOCUMENT} WHERE d.review_id = $1 AND d.document = $2 ORDER BY d.version DESC LIMIT 1`,
        [reviewId, document],
      );
      return rows[0];
    },

    /**
     * Share-locks the review for the rest of the transaction. A move to published locks it for update
     * and then asks the publication gate, so it waits for a new version or settings being saved and
     * sees their findings, instead of passing the gate just before they commit.
     */
    async holdReview(tx: Queryable, reviewId: string): Promise<void> {
      await tx.query('SELECT 1 FROM reviews WHERE id = $1 FOR SHARE', [reviewId]);
    },

    async insertDocument(tx: Queryable, d: NewDocument): Promise<string> {
      // Two saves at once must not both take max(version) + 1: the second waits for the first.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('publication_documents:' || $1 || ':' || $2))`, [
        d.reviewId,
        d.document,
      ]);
      const rows = await tx.query<{ id: string }>(
        `INSERT INTO publication_documents (review_id, document, version, text, file_name, content_type, content, sha256, created_by)
         VALUES ($1, $2, (SELECT coalesce(max(version), 0) + 1 FROM publication_documents WHERE review_id = $1 AND document = $2),
                 $3, $4, $5, $6, $7, $8) RETURNING id`,
        [
          d.reviewId,
          d.document,
          d.text,
          d.file?.fileName ?? null,
          d.file?.contentType ?? null,
          d.file?.content ?? null,
          d.file?.sha256 ?? null,
          d.createdBy,
        ],
      );
      return rows[0]!.id;
    },

    async file(db: Queryable, reviewId: string, documentId: string) {
      const rows = await db.query<{ fileName: string; contentType: string; content: Uint8Array }>(
        `SELECT file_name AS "fileName", content_type AS "contentType", content FROM publication_documents
          WHERE id = $1 AND review_id = $2 AND content IS NOT NULL`,
        [documentId, reviewId],
      );
      const row = rows[0];
      return row && { ...row, content: Buffer.from(row.content) };
    },

    /** The saved settings, or undefined when the business unit has not saved any yet. */
    async settings(db: Queryable, reviewId: string): Promise<PublicationSettings | undefined> {
      const rows = await db.query<PublicationSettings & { saved: boolean }>(
        `SELECT allowed, briefing_id AS "briefingId", public_title AS "publicTitle", updated_by IS NOT NULL AS saved
           FROM publication_settings WHERE review_id = $1`,
        [reviewId],
      );
      const row = rows[0];
      return row?.saved
        ? { allowed: row.allowed, briefingId: row.briefingId, publicTitle: row.publicTitle }
        : undefined;
    },

    async saveSettings(tx: Queryable, reviewId: string, s: PublicationSettings, by: string) {
      await tx.query(
        `INSERT INTO publication_settings (review_id, allowed, briefing_id, public_title, updated_by) VALUES ($1, $2::jsonb, $3, $4, $5)
         ON CONFLICT (review_id) DO UPDATE SET allowed = EXCLUDED.allowed, briefing_id = EXCLUDED.briefing_id,
                                               public_title = EXCLUDED.public_title,
                                               updated_by = EXCLUDED.updated_by, updated_at = now()`,
        [reviewId, JSON.stringify(s.allowed), s.briefingId, s.publicTitle, by],
      );
    },

    /** Remembers that the review's report was published (the first time only). */
    async markPublished(db: Queryable, reviewId: string) {
      await db.query(
        `INSERT INTO publication_settings (review_id, published_at) VALUES ($1, now())
         ON CONFLICT (review_id) DO UPDATE SET published_at = coalesce(publication_settings.published_at, now())`,
        [reviewId],
      );
    },

    async findings(db: Queryable, reviewId: string): Promise<StoredFinding[]> {
      return db.query<StoredFinding>(
        `${SELECT_FINDING} WHERE f.review_id = $1 ORDER BY f.document, f.status, f.start_offset, f.created_at`,
        [reviewId],
      );
    },

    async finding(db: Queryable, reviewId: string, id: string): Promise<StoredFinding | undefined> {
      return (
        await db.query<StoredFinding>(`${SELECT_FINDING} WHERE f.review_id = $1 AND f.id = $2`, [
          reviewId,
          id,
        ])
      )[0];
    },

    /** Findings still standing (open or accepted) on a document: what a new check is matched against. */
    async standing(tx: Queryable, reviewId: string, document: DocumentKind): Promise<StoredFinding[]> {
      return tx.query<StoredFinding>(
        `${SELECT_FINDING} WHERE f.review_id = $1 AND f.document = $2 AND f.status <> 'fixed' ORDER BY f.start_offset`,
        [reviewId, document],
      );
    },

    async insertFinding(tx: Queryable, reviewId: string, document: DocumentKind, f: FindingPlace) {
      await tx.query(
        `INSERT INTO publication_findings (review_id, document, document_id, kind, text, start_offset, end_offset, context_before, context_after)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [reviewId, document, f.documentId, f.kind, f.text, f.start, f.end, f.contextBefore, f.contextAfter],
      );
    },

    /** The finding is still there in the new version: move it to where it now is. */
    async moveFinding(tx: Queryable, id: string, f: FindingPlace) {
      await tx.query(
        `UPDATE publication_findings SET document_id = $2, start_offset = $3, end_offset = $4, context_before = $5, context_after = $6
          WHERE id = $1`,
        [id, f.documentId, f.start, f.end, f.contextBefore, f.contextAfter],
      );
    },

    async markFixed(tx: Queryable, ids: string[], by: string) {
      if (!ids.length) return;
      await tx.query(
        `UPDATE publication_findings SET status = 'fixed', decided_by = $2, decided_at = now()
          WHERE id = ANY($1::uuid[]) AND status = 'open'`,
        [ids, by],
      );
    },

    async accept(tx: Queryable, id: string, reason: string, by: string): Promise<boolean> {
      const rows = await tx.query(
        `UPDATE publication_findings SET status = 'accepted', reason = $2, decided_by = $3, decided_at = now()
          WHERE id = $1 AND status = 'open' RETURNING id`,
        [id, reason, by],
      );
      return rows.length > 0;
    },

    async openCounts(db: Queryable, reviewId: string) {
      const rows = await db.query<{ document: DocumentKind; open: number }>(
        `SELECT document, count(*)::int AS open FROM publication_findings
          WHERE review_id = $1 AND status = 'open' GROUP BY document`,
        [reviewId],
      );
      return Object.fromEntries(rows.map((r) => [r.document, r.open])) as Partial<
        Record<DocumentKind, number>
      >;
    },

    async publicReports(db: Queryable): Promise<PublicReport[]> {
      return db.query<PublicReport>(`${PUBLIC_REPORTS} ORDER BY year DESC, ps.public_title`);
    },

    /** The current press statement of a public report, only when the check has nothing open on it. */
    async publicPressStatement(db: Queryable, reviewId: string): Promise<string | undefined> {
      const rows = await db.query<{ text: string }>(
        `SELECT d.text FROM publication_documents d
          WHERE d.review_id = $1 AND d.document = 'press-statement'
            AND NOT EXISTS (SELECT 1 FROM publication_findings f
                             WHERE f.review_id = d.review_id AND f.document = 'press-statement' AND f.status = 'open')
          ORDER BY d.version DESC LIMIT 1`,
        [reviewId],
      );
      return rows[0]?.text;
    },

    async publicReport(db: Queryable, reviewId: string): Promise<PublicReport | undefined> {
      return (await db.query<PublicReport>(`${PUBLIC_REPORTS} AND r.id = $1`, [reviewId]))[0];
    },
  };
}
export type PublishingRepository = ReturnType<typeof createPublishingRepository>;
