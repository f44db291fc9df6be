import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { ValidationFailed } from '../../platform/errors.ts';

/** One file to import, with the metadata given for it (if any). */
export interface ImportItem {
  /** How the item is named in progress and failure lists: its file name. */
  item: string;
  fileName: string;
  metadata: Record<string, unknown>;
  load(): Promise<Buffer>;
}

const REVIEW_FILE = /\.(pdf|docx|txt)$/i;
export const METADATA_COLUMNS = ['file', 'title', 'area', 'year', 'type', 'age_band', 'outcome', 'url'];

/** A metadata row (CSV columns) as the service's field names; a missing title is the file name. */
export function metadataOf(row: Record<string, string>, fileName: string): Record<string, unknown> {
  const blank = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);
  return {
    title: blank(row.title) ?? path.basename(fileName).replace(/\.[^.]+$/, ''),
    area: blank(row.area),
    year: blank(row.year),
    reviewType: blank(row.type)?.toLowerCase(),
    ageBand: blank(row.age_band)?.toLowerCase(),
    outcome: blank(row.outcome)?.toLowerCase(),
    sourceUrl: blank(row.url),
  };
}

/** Reads a metadata CSV (header row with at least `file`). */
export function parseMetadataCsv(text: string, field = 'metadata'): Record<string, string>[] {
  let rows: Record<string, string>[];
  try {
    rows = parse(text.replace(/^\uFEFF/, ''), {
      columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
    });
  } catch (err) {
    throw new ValidationFailed([
      {
        path: field,
        message: `The metadata file is not a readable CSV: ${err instanceof Error ? err.message : err}`,
      },
    ]);
  }
  if (rows.length && !('file' in rows[0]!))
    throw new ValidationFailed([
      { path: field, message: 'The metadata file must have a "file" column naming each file' },
    ]);
  return rows;
}

/** Only a plain file name in the folder: no paths that climb out of it. */
function insideFolder(folder: string, name: string): string | undefined {
  const full = path.resolve(folder, name);
  return full.startsWith(path.resolve(folder) + path.sep) ? full : undefined;
}

const fromDisk = (folder: string, row: Record<string, string>, fileName: string): ImportItem => ({
  item: fileName,
  fileName,
  metadata: metadataOf(row, fileName),
  async load() {
    const full = insideFolder(folder, fileName);
    if (!full)
      throw new ValidationFailed([
        { path: 'file', message: 'The file must be in the same folder as the CSV' },
      ]);
    try {
      return await readFile(full);
    } catch {
      throw new ValidationFailed([{ path: 'file', message: 'The file was not found' }]);
    }
  },
});

/**
 * What a folder or a CSV holds for import: a folder's review files (metadata from its optional
 * metadata.csv), or the files a CSV's `file` column names, relative to the CSV.
 */
export async function readImportSource(
  source: string,
): Promise<{ kind: 'folder' | 'csv'; items: ImportItem[] }> {
  const info = await stat(source).catch(() => undefined);
  if (!info) throw new Error(`No such folder or file: ${source}`);
  if (info.isDirectory()) {
    const names = (await readdir(source)).filter((n) => REVIEW_FILE.test(n)).sort();
    const csvPath = path.join(source, 'metadata.csv');
    const rows = await readFile(csvPath, 'utf8').then(parseMetadataCsv, () => [] as Record<string, string>[]);
    const byFile = new Map(rows.map((r) => [r.file ?? '', r]));
    return { kind: 'folder', items: names.map((n) => fromDisk(source, byFile.get(n) ?? {}, n)) };
  }
  const rows = parseMetadataCsv(await readFile(source, 'utf8'));
  const folder = path.dirname(source);
  return { kind: 'csv', items: rows.map((r) => fromDisk(folder, r, r.file ?? '')) };
}

/** Items from an uploaded CSV and the files uploaded with it (matched by file name). */
export function uploadedItems(rows: Record<string, string>[], files: Map<string, Buffer>): ImportItem[] {
  const items: ImportItem[] = rows.map((r) => ({
    item: r.file || '(no file named)',
    fileName: r.file ?? '',
    metadata: metadataOf(r, r.file ?? ''),
    async load() {
      const content = files.get(r.file ?? '');
      if (!content)
        throw new ValidationFailed([{ path: 'file', message: 'This file was not among the files uploaded' }]);
      return content;
    },
  }));
  // Files with no row in the CSV are still added, titled by their name.
  const named = new Set(rows.map((r) => r.file));
  for (const [name, content] of files)
    if (!named.has(name))
      items.push({ item: name, fileName: name, metadata: metadataOf({}, name), load: async () => content });
  return items;
}
