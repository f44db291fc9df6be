import { londonToday } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { parseOrThrow } from '../../platform/http/forms.ts';
import { auditActorOf, type AuditRepository } from '../audit/index.ts';
import type { DirectoryService } from '../auth/index.ts';
import type { OrganisationsService } from '../organisations/index.ts';
import { columnLetter, guessColumns } from './imports.headers.ts';
import { fileKindOf, readSheet, UnreadableFile } from './imports.parse.ts';
import { actionKey, planImport } from './imports.plan.ts';
import { createImportsRepository, type ImportsRepository } from './imports.repository.ts';
import { createImportRunner } from './imports.runner.ts';
import { MappingSchema } from './imports.schema.ts';
import {
  IMPORT_FIELDS,
  type ImportField,
  type ImportJob,
  type ImportMapping,
  type Sheet,
} from './imports.types.ts';
import { cellText, mentionsScr } from './imports.values.ts';
import { isUuid } from '../../platform/schema.ts';

interface Deps {
  db: Db;
  audit: AuditRepository;
  organisations: OrganisationsService;
  directory: DirectoryService;
  imports?: ImportsRepository;
  today?: () => string;
}

/** What the upload form sends: the file's name and bytes, and whether it was cut off at the size limit. */
export interface Upload {
  fileName: string;
  bytes: Buffer;
  truncated: boolean;
}

export const MAX_UPLOAD_MB = 10;
const fileError = (message: string) => new ValidationFailed([{ path: 'spreadsheet', message }]);

/** A job can be mapped, checked and imported until it has run successfully (or while it runs). */
export const isEditable = (job: ImportJob) => job.status === 'uploaded' || job.status === 'failed';

/**
 * Importing an existing action plan from a spreadsheet: upload, map the columns, check the rows,
 * import the good ones in one transaction. The partnership business unit only.
 */
export function createImportsService({
  db,
  audit,
  organisations,
  directory,
  imports = createImportsRepository(),
  today = londonToday,
}: Deps) {
  function assertBusinessUnit(actor: Actor): void {
    if (actor.role !== 'business-unit')
      throw new Forbidden('Only the partnership business unit can import action plans');
  }

  async function findJob(actor: Actor, id: string): Promise<ImportJob> {
    assertBusinessUnit(actor);
    const job = isUuid(id) ? await imports.findJob(db, id) : undefined;
    if (!job) throw new NotFound('Import');
    return job;
  }

  async function sheetOf(job: ImportJob): Promise<Sheet> {
    const bytes = await imports.content(db, job.id);
    return readSheet(fileKindOf(job.fileName, bytes), bytes);
  }

  async function planFor(actor: Actor, job: ImportJob, onProgress?: (done: number) => Promise<void>) {
    if (!job.mapping) throw new Conflict('Choose the columns before checking the rows');
    const sheet = await sheetOf(job);
    const [orgs, users, existing] = await Promise.all([
      organisations.list(actor),
      directory.listActive(),
      imports.existing(db),
    ]);
    return planImport({
      sheet,
      mapping: job.mapping,
      directory: { organisations: orgs, users },
      existing: {
        reviews: existing.reviews,
        recommendations: existing.recommendations,
        actionKeys: new Set(
          existing.actions.map((a) => actionKey(a.recommendationId, a.organisationId, a.description)),
        ),
      },
      today: today(),
      onProgress,
    });
  }

  const runner = createImportRunner({ db, imports, audit, today, planFor });

  return {
    /** Throws Forbidden unless the actor may import (the upload form is shown only to them). */
    assertCanImport: assertBusinessUnit,

    async list(actor: Actor): Promise<ImportJob[]> {
      assertBusinessUnit(actor);
      return imports.listJobs(db);
    },

    /** The job and, while it runs in this instance, how far it has got. */
    async get(actor: Actor, id: string) {
      const job = await findJob(actor, id);
      return { job, progress: runner.progressOf(id) };
    },

    /** Keeps an uploaded spreadsheet once its type is checked and its header row found. */
    async upload(actor: Actor, upload: Upload | undefined): Promise<ImportJob> {
      assertBusinessUnit(actor);
      if (!upload || (!upload.fileName && upload.bytes.length === 0))
        throw fileError('Select a spreadsheet to import');
      if (upload.truncated) throw fileError(`The selected file must be smaller than ${MAX_UPLOAD_MB} MB`);
      if (upload.bytes.length === 0) throw fileError('The selected file is empty');
      let sheet: Sheet;
      try {
        sheet = await readSheet(fileKindOf(upload.fileName, upload.bytes), upload.bytes);
      } catch (err) {
        if (err instanceof UnreadableFile) throw fileError(err.message);
        throw err;
      }
      const fileName = upload.fileName.replace(/^.*[\\/]/, '').slice(0, 200);
      const id = await db.transaction(async (tx) => {
        const newId = await imports.insertJob(tx, {
          createdBy: actor.id,
          fileName,
          content: upload.bytes,
          totalRows: sheet.rows.length,
        });
        await audit.insert(tx, auditActorOf(actor), {
          event: 'import.uploaded',
          subjectType: 'import-job',
          subjectId: newId,
          details: { fileName, rows: sheet.rows.length, bytes: upload.bytes.length },
        });
        return newId;
      });
      return (await imports.findJob(db, id))!;
    },

    /** The header row, the first rows and the saved (or else guessed) mapping. */
    async mapping(actor: Actor, id: string) {
      const job = await findJob(actor, id);
      const sheet = await sheetOf(job);
      const mapping: ImportMapping = job.mapping ?? {
        columns: guessColumns(sheet.headers),
        defaultReviewType: mentionsScr(`${job.fileName} ${sheet.title}`) ? 'scr' : 'lcspr',
      };
      const preview = sheet.rows.slice(0, 5).map((r) => ({
        number: r.number,
        cells: sheet.headers.map((_, i) => cellText(r.cells[i])),
      }));
      const columns = sheet.headers.map((header, i) => ({
        value: String(i),
        text: `Column ${columnLetter(i)}: ${header}`,
      }));
      return { job, sheet, preview, mapping, columns };
    },

    async saveMapping(actor: Actor, id: string, input: unknown): Promise<ImportJob> {
      const job = await findJob(actor, id);
      if (!isEditable(job)) throw new Conflict('This import has already run');
      const data = parseOrThrow(MappingSchema, input);
      const sheet = await sheetOf(job);
      const columns: Partial<Record<ImportField, number>> = {};
      const errors = [];
      for (const field of IMPORT_FIELDS) {
        const column = data[field];
        if (column === undefined) continue;
        if (column >= sheet.headers.length)
          errors.push({ path: field, message: 'Select a column from the list' });
        columns[field] = column;
      }
      if (errors.length) throw new ValidationFailed(errors);
      await imports.saveMapping(db, id, { columns, defaultReviewType: data.defaultReviewType });
      return (await imports.findJob(db, id))!;
    },

    /** What importing would do now: the rows that cannot be imported and why, and what would be created. */
    async check(actor: Actor, id: string) {
      const job = await findJob(actor, id);
      return { job, plan: await planFor(actor, job) };
    },

    /** Starts importing in the background; the job page shows its progress and result. */
    async startImport(actor: Actor, id: string): Promise<ImportJob> {
      const job = await findJob(actor, id);
      if (!job.mapping) throw new Conflict('Choose the columns before importing');
      if (!(await runner.start(actor, job)))
        throw new Conflict('This import is already running or has finished');
      return job;
    },

    /** Resolves when an import running in this instance has finished: for tests and shutdown. */
    settled: (id: string) => runner.settled(id),
  };
}
export type ImportsService = ReturnType<typeof createImportsService>;
