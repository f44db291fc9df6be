import type { Queryable } from '../../platform/db/index.ts';
import type { RequestAsk, RequestFile, RequestStatus, StoredFile } from './requests.types.ts';

/** A request as stored; the service adds what is derived from today's date. */
export interface RequestRow {
  id: string;
  reviewId: string;
  subjectRef: string;
  organisationId: string;
  organisationName: string;
  /** The organisation that commissions the asked one (an ICB over a health provider), if any. */
  commissionedBy: string | null;
  asks: RequestAsk[];
  note: string;
  dueDate: string;
  status: RequestStatus;
  answer: string;
  requestedByName: string;
  sentAt: Date;
  returnedByName: string | null;
  returnedAt: Date | null;
  withdrawnByName: string | null;
  withdrawnAt: Date | null;
  withdrawnReason: string;
  version: number;
}

const SELECT = `
  SELECT q.id, q.review_id AS "reviewId", r.subject_ref AS "subjectRef", q.organisation_id AS "organisationId",
         o.name AS "organisationName", o.commissioned_by AS "commissionedBy", q.asks, q.note, q.due_date AS "dueDate", q.status, q.answer,
         rb.name AS "requestedByName", q.sent_at AS "sentAt", ret.name AS "returnedByName",
         q.returned_at AS "returnedAt", wd.name AS "withdrawnByName", q.withdrawn_at AS "withdrawnAt",
         q.withdrawn_reason AS "withdrawnReason", q.version
    FROM information_requests q
    JOIN reviews r ON r.id = q.review_id
    JOIN organisations o ON o.id = q.organisation_id
    JOIN users rb ON rb.id = q.requested_by
    LEFT JOIN users ret ON ret.id = q.returned_by
    LEFT JOIN users wd ON wd.id = q.withdrawn_by`;

/** Open requests first (soonest due), then the rest, newest first. */
const ORDER = `ORDER BY (q.status = 'sent') DESC, CASE WHEN q.status = 'sent' THEN q.due_date END, q.sent_at DESC, o.name`;

export interface NewRequest {
  reviewId: string;
  organisationId: string;
  asks: RequestAsk[];
  note: string;
  dueDate: string;
  requestedBy: string;
}

export function createRequestsRepository() {
  return {
    async find(db: Queryable, id: string): Promise<RequestRow | undefined> {
      return (await db.query<RequestRow>(`${SELECT} WHERE q.id = $1`, [id]))[0];
    },

    async listForReview(db: Queryable, reviewId: string, organisationId?: string): Promise<RequestRow[]> {
      const params: unknown[] = [reviewId];
      let where = 'q.review_id = $1';
      if (organisationId) {
        params.push(organisationId);
        where += ' AND (q.organisation_id = $2 OR o.commissioned_by = $2)';
      }
      return db.query<RequestRow>(`${SELECT} WHERE ${where} ${ORDER}`, params);
    },

    /**
     * Every request, or one organisation's and those of the organisations it commissions, for the
     * requests page.
     */
    async list(db: Queryable, organisationId?: string): Promise<RequestRow[]> {
      const params = organisationId ? [organisationId] : [];
      const where = organisationId ? 'WHERE (q.organisation_id = $1 OR o.commissioned_by = $1)' : '';
      return db.query<RequestRow>(`${SELECT} ${where} ${ORDER} LIMIT 500`, params);
    },

    /** Organisations with an open request for the review: they cannot be asked again until it closes. */
    async openOrganisationIds(db: Queryable, reviewId: string): Promise<string[]> {
      const rows = await db.query<{ id: string }>(
        `SELECT organisation_id AS id FROM information_requests WHERE review_id = $1 AND status = 'sent'`,
        [reviewId],
      );
      return rows.map((r) => r.id);
    },

    async insert(tx: Queryable, r: NewRequest): Promise<string> {
      const rows = await tx.query<{ id: string }>(
        `INSERT INTO information_requests (review_id, organisation_id, asks, note, due_date, requested_by)
         VALUES ($1, $2, $3::text[], $4, $5, $6) RETURNING id`,
        [r.reviewId, r.organisationId, r.asks, r.note, r.dueDate, r.requestedBy],
      );
      return rows[0]!.id;
    },

    async lock(tx: Queryable, id: string): Promise<{ status: RequestStatus; version: number } | undefined> {
      const rows = await tx.query<{ status: RequestStatus; version: number }>(
        'SELECT status, version FROM information_requests WHERE id = $1 FOR UPDATE',
        [id],
      );
      return rows[0];
    },

    async saveAnswer(tx: Queryable, id: string, answer: string): Promise<void> {
      await tx.query('UPDATE information_requests SET answer = $2, version = version + 1 WHERE id = $1', [
        id,
        answer,
      ]);
    },

    async markReturned(tx: Queryable, id: string, userId: string): Promise<void> {
      await tx.query(
        `UPDATE information_requests SET status = 'returned', returned_by = $2, returned_at = now(), version = version + 1
          WHERE id = $1`,
        [id, userId],
      );
    },

    async markWithdrawn(tx: Queryable, id: string, userId: string, reason: string): Promise<void> {
      await tx.query(
        `UPDATE information_requests
            SET status = 'withdrawn', withdrawn_by = $2, withdrawn_at = now(), withdrawn_reason = $3, version = version + 1
          WHERE id = $1`,
        [id, userId, reason],
      );
    },

    async files(db: Queryable, requestId: string): Promise<RequestFile[]> {
      return db.query<RequestFile>(
        `SELECT f.id, f.file_name AS "fileName", f.content_type AS "contentType", f.size_bytes AS "sizeBytes",
                u.name AS "uploadedByName", f.uploaded_at AS "uploadedAt"
           FROM information_request_files f JOIN users u ON u.id = f.uploaded_by
          WHERE f.request_id = $1 ORDER BY f.uploaded_at, f.id`,
        [requestId],
      );
    },

    async insertFile(
      tx: Queryable,
      f: StoredFile & { requestId: string; sha256: string; uploadedBy: string },
    ): Promise<string> {
      const rows = await tx.query<{ id: string }>(
        `INSERT INTO information_request_files (request_id, file_name, content_type, size_bytes, sha256, content, uploaded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [f.requestId, f.fileName, f.contentType, f.content.length, f.sha256, f.content, f.uploadedBy],
      );
      return rows[0]!.id;
    },

    async file(db: Queryable, requestId: string, fileId: string): Promise<StoredFile | undefined> {
      const rows = await db.query<StoredFile>(
        `SELECT file_name AS "fileName", content_type AS "contentType", content
           FROM information_request_files WHERE request_id = $1 AND id = $2`,
        [requestId, fileId],
      );
      const row = rows[0];
      return row ? { ...row, content: Buffer.from(row.content) } : undefined;
    },

    /** Active organisation leads of an organisation: who is told of a request and reminded of it. */
    async leadsOf(db: Queryable, organisationId: string): Promise<string[]> {
      const rows = await db.query<{ id: string }>(
        `SELECT id FROM users WHERE organisation_id = $1 AND role = 'organisation-lead' AND active ORDER BY name`,
        [organisationId],
      );
      return rows.map((r) => r.id);
    },

    async isReviewer(db: Queryable, reviewId: string, userId: string): Promise<boolean> {
      const rows = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM review_reviewers WHERE review_id = $1 AND user_id = $2',
        [reviewId, userId],
      );
      return rows[0]!.n > 0;
    },

    /** Open requests, for the reminders job. */
    async open(db: Queryable) {
      return db.query<{
        id: string;
        reviewId: string;
        subjectRef: string;
        organisationId: string;
        dueDate: string;
      }>(
        `SELECT q.id, q.review_id AS "reviewId", r.subject_ref AS "subjectRef",
                q.organisation_id AS "organisationId", q.due_date AS "dueDate"
           FROM information_requests q JOIN reviews r ON r.id = q.review_id
          WHERE q.status = 'sent' ORDER BY q.due_date, q.id`,
      );
    },
  };
}
export type RequestsRepository = ReturnType<typeof createRequestsRepository>;
