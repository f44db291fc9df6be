import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../../platform/db/index.ts';
import { ValidationFailed } from '../../platform/errors.ts';
import { createAuditRepository } from '../audit/index.ts';
import { MAX_FILE_BYTES } from './bank-holiday-file.ts';
import { createBankHolidaysService } from './bank-holidays.service.ts';
import { createClocksRepository } from './clocks.repository.ts';
import { createClocksService } from './clocks.service.ts';
import type { ImportSummary } from './holiday-calendar.ts';

/** Says what an import changed, in the words the settings page uses. */
export function describeImport(summary: ImportSummary): string[] {
  const list = (items: { date: string; title: string }[]) => items.map((h) => `  ${h.date}  ${h.title}`);
  return [
    summary.yearsReplaced.length ? `Years replaced: ${summary.yearsReplaced.join(', ')}` : '',
    summary.yearsAdded.length ? `Years added: ${summary.yearsAdded.join(', ')}` : '',
    summary.confirmed ? `Provisional dates now published: ${summary.confirmed}` : '',
    summary.added.length ? `Dates added (${summary.added.length}):` : 'No dates added.',
    ...list(summary.added),
    summary.removed.length ? `Dates removed (${summary.removed.length}):` : 'No dates removed.',
    ...list(summary.removed),
  ].filter(Boolean);
}

/**
 * `lantern holidays import <file>`: imports an official bank-holidays file and returns the lines
 * to print. Throws an Error whose message says what is wrong with the file.
 */
export async function importHolidaysFromFile(db: Db, file: string | undefined): Promise<string[]> {
  if (!file) throw new Error('Name the file to import: lantern holidays import <file>');
  let content: Buffer;
  try {
    // Size first, so a huge file is refused without reading it all.
    if (statSync(file).size > MAX_FILE_BYTES) throw new Error('The file must be 5 MB or smaller');
    content = readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(
      code ? `Cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code}` : (err as Error).message,
    );
  }
  const clocks = createClocksRepository();
  const service = createBankHolidaysService({
    db,
    clocks,
    clocksService: createClocksService({ db, clocks }),
    audit: createAuditRepository(),
  });
  try {
    const result = await service.importFromCommandLine({ fileName: path.basename(file), content });
    return [
      `Imported bank holidays from ${file} (import ${result.importId}).`,
      ...describeImport(result.summary),
    ];
  } catch (err) {
    if (err instanceof ValidationFailed)
      throw new Error(`${file} was not imported:\n${err.fields.map((f) => `  - ${f.message}`).join('\n')}`);
    throw err;
  }
}
