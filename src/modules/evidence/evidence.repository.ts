import type { Queryable } from '../../platform/db/index.ts';
import type { Evidence, EvidenceFile, EvidenceStatus, EvidenceVersion } from './evidence.types.ts';

export interface NewVersion {
  evidenceId: string;
  text: string;
  file?: EvidenceFile & { sha256: string };
  effectiveDate: string;
  uploadedBy: string;
}

export function createEvidenceRepository() {
  async function versionsOf(
    db: Queryable,
    evidenceIds: string[],
  ): Promise<(EvidenceVersion & { evidenceId: string })[]> {
    if (evidenceIds.length === 0) return [];
    return db.query(
      `SELECT v.evidence_id AS "evidenceId", v.version_number AS "versionNumber", v.text, v.file_name AS "fileName",
              v.content_type AS "contentType", v.size_bytes AS "sizeBytes", v.effective_date AS "effectiveDate",
              u.name AS "uploadedByName", v.uploaded_at AS "uploadedAt"
         FROM evidence_versions v JOIN users u ON u.id = v.uploaded_by
        WHERE v.evidence_id = ANY($1::uuid[]) ORDER BY v.version_number DESC`,
      [evidenceIds],
    );
  }

  const SELECT = `
    SELECT e.id, e.action_id AS "actionId", e.title, e.status, e.review_note AS "reviewNote",
           r.name AS "reviewedByName", e.reviewed_at AS "reviewedAt", c.name AS "createdByName",
           e.created_at AS "createdAt", e.version
      FROM evidence e JOIN users c ON c.id = e.created_by LEFT JOIN users r ON r.id = e.reviewed_by`;

  async function withVersions(db: Queryable, rows: Omit<Evidence, 'versions'>[]): Promise<Evidence[]> {
    const versions = await versionsOf(
      db,
      rows.map((r) => r.id),
    );
    return rows.map((r) => ({ ...r, versions: versions.filter((v) => v.evidenceId === r.id) }));
  }

  return {
    async listForAction(db: Queryable, actionId: string): Promise<Evidence[]> {
      return withVersions(
        db,
        await db.query(`${SELECT} WHERE e.action_id = $1 ORDER BY e.created_at DESC, e.id`, [actionId]),
      );
    },

    async find(db: Queryable, id: string): Promise<Evidence | undefined> {
      const rows = await db.query<Omit<Evidence, 'versions'>>(`${SELECT} WHERE e.id = $1`, [id]);
      return rows[0] ? (await withVersions(db, rows))[0] : undefined;
    },

    async lock(tx: Queryable, id: string): Promise<{ version: number; status: EvidenceStatus } | undefined> {
      const rows = await tx.query<{ version: number; status: EvidenceStatus }>(
        'SELECT version, status FROM evidence WHERE id = $1 FOR UPDATE',
        [id],
      );
      return rows[0];
    },

    async insert(tx: Queryable, e: { actionId: string; title: string; createdBy: string }): Promise<string> {
      const rows = await tx.query<{ id: string }>(
        'INSERT INTO evidence (action_id, title, created_by) VALUES ($1, $2, $3) RETURNING id',
        [e.actionId, e.title, e.createdBy],
      );
      return rows[0]!.id;
    },

    async insertVersion(tx: Queryable, v: NewVersion): Promise<number> {
      const rows = await tx.query<{ versionNumber: number }>(
        `INSERT INTO evidence_versions (evidence_id, version_number, text, file_name, content_type, size_bytes, sha256, content, effective_date, uploaded_by)
         VALUES ($1, (SELECT coalesce(max(version_number), 0) + 1 FROM evidence_versions WHERE evidence_id = $1),
                 $2, $3, $4, $5, $6, $7, $8, $9)
         RETURNING version_number AS "versionNumber"`,
        [
          v.evidenceId,
          v.text,
          v.file?.fileName ?? null,
          v.file?.contentType ?? null,
          v.file?.content.length ?? null,
          v.file?.sha256 ?? null,
          v.file?.content ?? null,
          v.effectiveDate,
          v.uploadedBy,
        ],
      );
      return rows[0]!.versionNumber;
    },

    /** A new version goes back to the business unit as submitted. */
    async resubmit(tx: Queryable, id: string): Promise<void> {
      await tx.query(
        `UPDATE evidence SET status = 'submitted', review_note = '', reviewed_by = NULL, reviewed_at = NULL, version = version + 1
          WHERE id = $1`,
        [id],
      );
    },

    async setVerdict(
      tx: Queryable,
      id: string,
      v: { status: EvidenceStatus; note: string; reviewedBy: string },
    ): Promise<void> {
      await tx.query(
        `UPDATE evidence SET status = $2, review_note = $3, reviewed_by = $4, reviewed_at = now(), version = version + 1 WHERE id = $1`,
        [id, v.status, v.note, v.reviewedBy],
      );
    },

    async file(db: Queryable, id: string, versionNumber: number): Promise<EvidenceFile | undefined> {
      const rows = await db.query<EvidenceFile>(
        `SELECT file_name AS "fileName", content_type AS "contentType", content FROM evidence_versions
          WHERE evidence_id = $1 AND version_number = $2 AND content IS NOT NULL`,
        [id, versionNumber],
      );
      const row = rows[0];
      return row ? { ...row, content: Buffer.from(row.content) } : undefined;
    },
  };
}
export type EvidenceRepository = ReturnType<typeof createEvidenceRepository>;
