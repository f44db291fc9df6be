import { stringify } from 'csv-stringify/sync';
import type { Action } from '../actions/index.ts';
import { COLUMNS, exportRow, rowValues } from './exports.rows.ts';

/**
 * The tracker as CSV. The byte-order mark tells Excel the file is UTF-8, so ’ and £ survive;
 * CRLF line ends are what RFC 4180 and Excel expect. Dates stay 'YYYY-MM-DD', which every
 * spreadsheet reads as a date whatever its locale.
 */
export function trackerCsv(actions: Action[]): Buffer {
  const rows = actions.map((a) => rowValues(exportRow(a)));
  const text = stringify([COLUMNS.map((c) => c.header), ...rows], { bom: true, record_delimiter: 'windows' });
  return Buffer.from(text, 'utf8');
}
