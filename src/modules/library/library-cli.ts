import type { Db } from '../../platform/db/index.ts';
import { createAuditRepository } from '../audit/index.ts';
import { readImportSource } from './library-import.ts';
import { createLibraryRepository } from './library.repository.ts';
import { createLibraryService } from './library.service.ts';

/**
 * `lantern library import <folder-or-csv>`: adds each file, printing progress and a summary.
 * A file that fails is listed with its reason; the rest go on. Resolves to the summary counts.
 */
export async function importLibrary(db: Db, source: string, print: (line: string) => void = console.log) {
  const service = createLibraryService({
    db,
    library: createLibraryRepository(),
    audit: createAuditRepository(),
  });
  const { kind, items } = await readImportSource(source);
  if (!items.length) throw new Error(`No .pdf, .docx or .txt files to import in ${source}`);
  const importId = await service.startCommandLineImport(kind, items.length);
  const failures: { item: string; message: string }[] = [];
  let added = 0;
  let n = 0;
  await service.runImport(
    importId,
    items,
    { who: { id: null, label: 'lantern library import' }, addedBy: null },
    (item, outcome) => {
      n += 1;
      if (outcome.error) failures.push({ item, message: outcome.error });
      else added += 1;
      print(`[${n}/${items.length}] ${item}: ${outcome.error ? `not added: ${outcome.error}` : 'added'}`);
    },
  );
  print(`Added ${added} of ${items.length} reviews to the library.`);
  if (failures.length) {
    print(`Not added (${failures.length}):`);
    for (const f of failures) print(`  ${f.item}: ${f.message}`);
  }
  return { importId, added, failed: failures.length, total: items.length };
}
