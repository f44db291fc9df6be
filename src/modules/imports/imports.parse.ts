import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { columnLetter, findHeaderRow } from './imports.headers.ts';
import type { Cell, Sheet, SheetRow } from './imports.types.ts';
import { cellText } from './imports.values.ts';

/** A file Lantern cannot read, with a message for the person who chose it. */
export class UnreadableFile extends Error {}

export type FileKind = 'xlsx' | 'csv';

/**
 * Checks the file is what its name says: an XLSX workbook is a zip file (it starts 'PK'); a CSV
 * file is text. A PNG or a text file renamed .xlsx is refused before anything tries to parse it.
 */
export function fileKindOf(fileName: string, bytes: Buffer): FileKind {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  const isZip = bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  if (ext === 'xlsx') {
    if (isZip) return 'xlsx';
    throw new UnreadableFile(
      'The selected file is not an XLSX spreadsheet. Open it in your spreadsheet program and save it as .xlsx or .csv',
    );
  }
  if (ext === 'csv') {
    if (!isZip && decodeText(bytes) !== undefined) return 'csv';
    throw new UnreadableFile('The selected file is not a CSV file. Save the spreadsheet as .csv or .xlsx');
  }
  if (ext === 'xls') {
    throw new UnreadableFile('Lantern cannot read old .xls files. Save the spreadsheet as .xlsx or .csv');
  }
  throw new UnreadableFile('The selected file must be an XLSX or CSV spreadsheet');
}

/** The text of a CSV file: UTF-8 (with or without a byte-order mark), UTF-16 or Windows-1252; undefined if not text. */
export function decodeText(bytes: Buffer): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes.includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    // Excel on Windows saves "CSV" (not "CSV UTF-8") in Windows-1252. Node's own decoder for it
    // treats 0x80–0x9F as Latin-1 control codes, so curly quotes and dashes are mapped here.
    return bytes.toString('latin1').replace(/[\x80-\x9f]/g, (c) => CP1252[c.charCodeAt(0) - 0x80] ?? '');
  }
}

/** Windows-1252's characters for bytes 0x80–0x9F (the five undefined bytes are dropped). */
const CP1252 = [...'€\0‚ƒ„…†‡ˆ‰Š‹Œ\0Ž\0\0‘’“”•–—˜™š›œ\0žŸ'].map((c) => (c === '\0' ? undefined : c));

/** Reads the spreadsheet and finds its header row; throws `UnreadableFile` when it cannot. */
export async function readSheet(kind: FileKind, bytes: Buffer): Promise<Sheet> {
  const sheets = kind === 'csv' ? [{ name: 'CSV', rows: readCsv(bytes) }] : await readWorkbook(bytes);
  for (const { name, rows } of sheets) {
    const sheet = withHeader(name, rows);
    if (sheet) return sheet;
  }
  throw new UnreadableFile(
    'Lantern could not find the row of column headings. Check the file has a row naming its columns, such as Recommendation, Action, Organisation and Due date',
  );
}

/** Rows as read, with which cells are the row's own (not copied from a merged cell above or beside). */
interface RawRow extends SheetRow {
  own: boolean[];
}

function readCsv(bytes: Buffer): RawRow[] {
  const text = decodeText(bytes) ?? '';
  const firstLine = text.split(/\r?\n/).find((line) => line.trim()) ?? '';
  const delimiter = [',', ';', '\t'].reduce((best, d) =>
    firstLine.split(d).length > firstLine.split(best).length ? d : best,
  );
  let records: string[][];
  try {
    records = parseCsv(text, {
      delimiter,
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      trim: true,
    });
  } catch (err) {
    throw new UnreadableFile(`The CSV file could not be read: ${(err as Error).message}`);
  }
  return records.map((cells, i) => ({ number: i + 1, cells, own: cells.map(() => true) }));
}

const MAX_COLUMNS = 100;

async function readWorkbook(bytes: Buffer): Promise<{ name: string; rows: RawRow[] }[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new UnreadableFile('The selected file could not be opened as an XLSX spreadsheet');
  }
  return workbook.worksheets
    .filter((ws) => ws.state === 'visible')
    .map((ws) => {
      const rows: RawRow[] = [];
      const width = Math.min(ws.columnCount, MAX_COLUMNS);
      ws.eachRow((row, number) => {
        const cells: Cell[] = [];
        const own: boolean[] = [];
        for (let c = 1; c <= width; c++) {
          const cell = row.getCell(c);
          // A merged cell repeats its top-left cell's value. Merged down a column (a recommendation
          // beside several actions) each row takes the value; merged across a row (a title) it counts once.
          const isOwn = !cell.isMerged || cell.master.address === cell.address;
          cells.push(isOwn || cell.master.row !== cell.row ? toCell(cell.value) : '');
          own.push(isOwn);
        }
        rows.push({ number, cells, own });
      });
      return { name: ws.name, rows };
    });
}

function toCell(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || value instanceof Date) return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if ('richText' in value)
    return value.richText
      .map((r) => r.text)
      .join('')
      .trim();
  if ('formula' in value || 'sharedFormula' in value)
    return toCell((value as ExcelJS.CellFormulaValue).result ?? null);
  if ('hyperlink' in value) return toCell(value.text as ExcelJS.CellValue);
  return '';
}

const hasOwnContent = (row: RawRow) => row.cells.some((c, i) => row.own[i] && cellText(c) !== '');

/** The sheet below its header row, or undefined when no row looks like a header. */
function withHeader(name: string, rows: RawRow[]): Sheet | undefined {
  const index = findHeaderRow(rows);
  if (index < 0) return undefined;
  const header = rows[index]!;
  const width = Math.max(...rows.map((r) => lastFilled(r.cells)));
  const headers = Array.from(
    { length: width },
    (_, i) => cellText(header.cells[i]) || `Column ${columnLetter(i)}`,
  );
  const title = [
    ...new Set(
      rows
        .slice(0, index)
        .flatMap((r) => r.cells.map(cellText))
        .filter(Boolean),
    ),
  ];
  return {
    name,
    headerRow: header.number,
    headers,
    title: title.join(' '),
    rows: rows
      .slice(index + 1)
      .filter(hasOwnContent)
      .map((r) => ({ number: r.number, cells: r.cells.slice(0, width) })),
  };
}

const lastFilled = (cells: Cell[]) => cells.reduce<number>((last, c, i) => (cellText(c) ? i + 1 : last), 0);
