import type { Queryable } from '../../platform/db/index.ts';
import type { ActionStatus } from '../actions/index.ts';
import type { ReviewStatus, ReviewType } from '../reviews/index.ts';
import type { ImportJob, ImportMapping, ImportStatus, RowProblem } from './imports.types.ts';

const JOB_COLUMNS = `
  j.id, j.created_by AS "createdBy", u.name AS "createdByName", j.file_name AS "fileName", j.mapping,
  j.status, j.total_rows AS "totalRows", j.processed_rows AS "processedRows",
  j.imported_rows AS "importedRows", j.problems, j.created_at AS "createdAt", j.finished_at AS "finishedAt"`;

export interface NewReview {
  id: string;
  type: ReviewType;
  status: ReviewStatus;
  subjectRef: string;
  /** Used for the incident, aware and (for an LCSPR) decision dates, which an action plan does not give. */
  date: string;
  lcsprDecisionDate: string | null;
  summary: string;
}
export interface NewRecommendation {
  id: string;
  reviewId: string;
  number: number;
  text: string;
}
export interface NewAction {
  id: string;
  recommendationId: string;
  organisationId: string;
  ownerUserId: string | null;
  description: string;
  dueDate: string;
  status: ActionStatus;
}

/**
 * SQL for spreadsheet imports. A deliberate exception to "one repository per table": the bulk
 * inserts into reviews, recommendations and actions live here, because an import writes thousands
 * of rows in one transaction and the other modules' one-row-at-a-time methods would hold the
 * (embedded, single-connection) database for many seconds. The rows are checked by the import's
 * own rules first (imports.rows.ts), which follow the same rules as the reviews and actions forms.
 */
export function createImportsRepository() {
  return {
    async insertJob(
      db: Queryable,
      job: { createdBy: string; fileName: string; content: Buffer; totalRows: number },
    ): Promise<string> {
      const rows = await db.query<{ id: string }>(
        `INSERT INTO import_jobs (created_by, file_name, content, total_rows) VALUES ($1, $2, $3, $4) RETURNING id`,
        [job.createdBy, job.fileName, job.content, job.totalRows],
      );
      return rows[0]!.id;
    },

    async listJobs(db: Queryable, limit = 100): Promise<ImportJob[]> {
      return db.query<ImportJob>(
        `SELECT ${JOB_COLUMNS} FROM import_jobs j JOIN users u ON u.id = j.created_by
          ORDER BY j.created_at DESC, j.id LIMIT $1`,
        [limit],
      );
    },

    async findJob(db: Queryable, id: string): Promise<ImportJob | undefined> {
      const rows = await db.query<ImportJob>(
        `SELECT ${JOB_COLUMNS} FROM import_jobs j JOIN users u ON u.id = j.created_by WHERE j.id = $1`,
        [id],
      );
      return rows[0];
    },

    async content(db: Queryable, id: string): Promise<Buffer> {
      const rows = await db.query<{ content: Uint8Array }>('SELECT content FROM import_jobs WHERE id = $1', [
        id,
      ]);
      return Buffer.from(rows[0]!.content);
    },

    async saveMapping(db: Queryable, id: string, mapping: ImportMapping): Promise<void> {
      await db.query('UPDATE import_jobs SET mapping = $2 WHERE id = $1', [id, JSON.stringify(mapping)]);
    },

    /** Marks the job as importing, unless it is already importing or done: true if this call did. */
    async claim(db: Queryable, id: string): Promise<boolean> {
      const rows = await db.query(
        `UPDATE import_jobs SET status = 'importing', processed_rows = 0, imported_rows = 0, problems = '[]',
                finished_at = NULL
          WHERE id = $1 AND status IN ('uploaded', 'failed') AND mapping IS NOT NULL RETURNING id`,
        [id],
      );
      return rows.length > 0;
    },

    async recordProgress(db: Queryable, id: string, processedRows: number): Promise<void> {
      await db.query('UPDATE import_jobs SET processed_rows = $2 WHERE id = $1', [id, processedRows]);
    },

    async finish(
      db: Queryable,
      id: string,
      result: { status: ImportStatus; totalRows: number; importedRows: number; problems: RowProblem[] },
    ): Promise<void> {
      await db.query(
        `UPDATE import_jobs SET status = $2, total_rows = $3, processed_rows = $3, imported_rows = $4,
                problems = $5, finished_at = now() WHERE id = $1`,
        [id, result.status, result.totalRows, result.importedRows, JSON.stringify(result.problems)],
      );
    },

    /** The reviews, recommendations and actions an import may add to. */
    async existing(db: Queryable) {
      const reviews = await db.query<{ id: string; subjectRef: string; type: ReviewType }>(
        'SELECT id, subject_ref AS "subjectRef", type FROM reviews ORDER BY created_at',
      );
      const recommendations = await db.query<{ id: string; reviewId: string; number: number; text: string }>(
        'SELECT id, review_id AS "reviewId", number, text FROM recommendations',
      );
      const actions = await db.query<{
        recommendationId: string;
        organisationId: string;
        description: string;
      }>(
        `SELECT recommendation_id AS "recommendationId", organisation_id AS "organisationId", description FROM actions`,
      );
      return { reviews, recommendations, actions };
    },

    async insertReviews(tx: Queryable, rows: NewReview[], createdBy: string): Promise<void> {
      if (!rows.length) return;
      await tx.query(
        `INSERT INTO reviews (id, type, status, subject_ref, incident_date, aware_date, lcspr_decision_date, summary, created_by)
         SELECT x.id, x.type, x.status, x."subjectRef", x.date, x.date, x."lcsprDecisionDate", x.summary, $2
           FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, type text, status text, "subjectRef" text, date date,
                                                   "lcsprDecisionDate" date, summary text)`,
        [JSON.stringify(rows), createdBy],
      );
    },

    async insertRecommendations(tx: Queryable, rows: NewRecommendation[]): Promise<void> {
      if (!rows.length) return;
      await tx.query(
        `INSERT INTO recommendations (id, review_id, number, text)
         SELECT x.id, x."reviewId", x.number, x.text
           FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, "reviewId" uuid, number int, text text)`,
        [JSON.stringify(rows)],
      );
    },

    /** Actions as the spreadsheet gives them: the original due date is the due date; closed ones are closed now. */
    async insertActions(tx: Queryable, rows: NewAction[]): Promise<void> {
      if (!rows.length) return;
      await tx.query(
        `INSERT INTO actions (id, recommendation_id, organisation_id, owner_user_id, description, due_date,
                              original_due_date, status, closed_at)
         SELECT x.id, x."recommendationId", x."organisationId", x."ownerUserId", x.description, x."dueDate",
                x."dueDate", x.status, CASE WHEN x.status = 'closed' THEN now() END
           FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, "recommendationId" uuid, "organisationId" uuid,
                                                   "ownerUserId" uuid, description text, "dueDate" date, status text)`,
        [JSON.stringify(rows)],
      );
    },
  };
}
export type ImportsRepository = ReturnType<typeof createImportsRepository>;
