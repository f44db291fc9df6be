import type { Db } from '../../platform/db/index.ts';
import { Forbidden, ValidationFailed } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { auditActorOf, type AuditActor, type AuditRepository } from '../audit/index.ts';
import { parseBankHolidayFile } from './bank-holiday-file.ts';
import type { ClocksRepository, ImportRecord } from './clocks.repository.ts';
import type { ClocksService } from './clocks.service.ts';
import { byYear, planImport, type ImportSummary } from './holiday-calendar.ts';

interface Deps {
  db: Db;
  clocks: ClocksRepository;
  clocksService: ClocksService;
  audit: AuditRepository;
}

/** A file to import: its name (kept as the import's source) and its bytes. */
export interface HolidayFile {
  fileName: string;
  content: Buffer;
}

export interface ImportResult {
  importId: number;
  years: number[];
  summary: ImportSummary;
}

const assertBusinessUnit = (actor: Actor) => {
  if (actor.role !== 'business-unit')
    throw new Forbidden('Only the partnership business unit can manage bank holidays');
};

export function createBankHolidaysService({ db, clocks, clocksService, audit }: Deps) {
  /**
   * Imports a file for anyone: a signed-in administrator or the command line. Everything happens
   * in one transaction, with the import table locked, so two imports never plan from the same state.
   */
  async function importAs(
    who: { userId: string | null; audit: AuditActor },
    file: HolidayFile | undefined,
  ): Promise<ImportResult> {
    if (!file) throw new ValidationFailed([{ path: 'file', message: 'Choose a bank holidays file' }]);
    const incoming = parseBankHolidayFile(file.content);
    return db.transaction(async (tx) => {
      await tx.query('LOCK TABLE bank_holiday_imports IN EXCLUSIVE MODE');
      const { summary, years, errors } = planImport(await clocksService.holidays(tx), incoming);
      if (errors.length) throw new ValidationFailed(errors.map((message) => ({ path: 'file', message })));
      const source = file.fileName.slice(0, 200) || 'bank-holidays.json';
      const importId = await clocks.insertImport(
        tx,
        { source, years, summary, userId: who.userId, label: who.audit.label },
        incoming,
      );
      await audit.insert(tx, who.audit, {
        event: 'bank-holidays.imported',
        subjectType: 'bank-holidays',
        subjectId: String(importId),
        after: summary,
        details: { source, years },
      });
      return { importId, years, summary };
    });
  }

  return {
    /** The holidays in force by year and the last import, for the settings page (business unit). */
    async overview(actor: Actor) {
      assertBusinessUnit(actor);
      const [holidays, latest] = await Promise.all([clocksService.holidays(), clocks.latestImport(db)]);
      return { years: byYear(holidays), latest: latest as ImportRecord | null };
    },

    async import(actor: Actor, file: HolidayFile | undefined): Promise<ImportResult> {
      assertBusinessUnit(actor);
      return importAs({ userId: actor.id, audit: auditActorOf(actor) }, file);
    },

    /** The command line's import: no signed-in user, so the audit log names the command. */
    async importFromCommandLine(file: HolidayFile): Promise<ImportResult> {
      return importAs(
        { userId: null, audit: { id: null, label: 'lantern holidays import (command line)' } },
        file,
      );
    },
  };
}
export type BankHolidaysService = ReturnType<typeof createBankHolidaysService>;
