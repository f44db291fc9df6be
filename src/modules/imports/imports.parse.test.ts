import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixture } from '../../../test/fixtures/imports/helpers.ts';
import { columnLetter, findHeaderRow, guessColumns, headerScore } from './imports.headers.ts';
import { decodeText, fileKindOf, readSheet, UnreadableFile } from './imports.parse.ts';
import { cellText } from './imports.values.ts';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const rowsOf = (...rows: string[][]) => rows.map((cells, i) => ({ number: i + 1, cells }));

describe('fileKindOf', () => {
  it('accepts an XLSX that is a zip and a CSV that is text', () => {
    assert.equal(fileKindOf('plan.xlsx', fixture('messy-action-plan.xlsx')), 'xlsx');
    assert.equal(fileKindOf('PLAN.CSV', Buffer.from('a,b,c\n')), 'csv');
  });

  it('refuses a text file renamed .xlsx, a PNG, a zip renamed .csv and other kinds', () => {
    assert.throws(() => fileKindOf('plan.xlsx', Buffer.from('Review,Action\n')), /not an XLSX spreadsheet/);
    assert.throws(() => fileKindOf('plan.csv', PNG), /not a CSV file/);
    assert.throws(() => fileKindOf('plan.xlsx', PNG), UnreadableFile);
    assert.throws(() => fileKindOf('plan.csv', fixture('messy-action-plan.xlsx')), /not a CSV file/);
    assert.throws(() => fileKindOf('plan.xls', Buffer.from('x')), /old \.xls files/);
    assert.throws(() => fileKindOf('plan.png', PNG), /must be an XLSX or CSV/);
  });
});

describe('decodeText', () => {
  it('reads UTF-8 with a byte-order mark, UTF-16 and Windows-1252', () => {
    assert.equal(decodeText(Buffer.from('\ufeffChildren’s', 'utf8')), 'Children’s');
    assert.equal(
      decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Child Q', 'utf16le')])),
      'Child Q',
    );
    assert.equal(decodeText(Buffer.from([0x43, 0x92, 0x73, 0x20, 0x96])), 'C’s –');
    assert.equal(decodeText(PNG), undefined);
  });
});

describe('findHeaderRow and guessColumns', () => {
  it('skips a title row and finds the row naming the columns', () => {
    const rows = rowsOf(
      ['Brookvale LCSPR Child B: action plan', '', ''],
      ['', '', ''],
      ['Rec No.', 'Action', 'Lead agency', 'Target date'],
      ['1', 'Audit records', 'Brookvale Police', '31/03/2024'],
    );
    assert.equal(findHeaderRow(rows), 2);
  });

  it('falls back to the first row with three filled cells when no heading is known', () => {
    assert.equal(findHeaderRow(rowsOf(['Plan'], ['Alpha', 'Beta', 'Gamma'], ['1', '2', '3'])), 1);
    assert.equal(findHeaderRow(rowsOf(['Plan'], ['x'])), -1);
  });

  it('scores exact headings above headings that only contain a known word', () => {
    assert.equal(headerScore('Due date', 'dueDate'), 3);
    assert.equal(headerScore('Revised due date', 'dueDate'), 2);
    assert.equal(headerScore('Lead agency', 'organisation'), 3);
    assert.equal(headerScore('Comments', 'description'), 0);
  });

  it('guesses each field from the headings, using each column once', () => {
    const headers = [
      'Review ref',
      'Rec No.',
      'Recommendation',
      'Action',
      'Lead agency',
      'Action owner',
      'Target date',
      'RAG',
    ];
    assert.deepEqual(guessColumns(headers), {
      reviewRef: 0,
      recommendationNumber: 1,
      recommendationText: 2,
      description: 3,
      organisation: 4,
      owner: 5,
      dueDate: 6,
      status: 7,
    });
    assert.deepEqual(guessColumns(['Comments', 'Notes']), {});
  });

  it('names columns as spreadsheets do', () => {
    assert.deepEqual([0, 7, 25, 26, 27].map(columnLetter), ['A', 'H', 'Z', 'AA', 'AB']);
  });
});

describe('readSheet', () => {
  it('reads the messy XLSX: header under a merged title, blank rows skipped, merged recommendation filled down', async () => {
    const sheet = await readSheet('xlsx', fixture('messy-action-plan.xlsx'));
    assert.equal(sheet.name, 'Action plan');
    assert.equal(sheet.headerRow, 3);
    assert.equal(sheet.headers[4], 'Lead agency', 'headings are trimmed');
    assert.match(sheet.title, /LCSPR Child B/);
    assert.deepEqual(
      sheet.rows.map((r) => r.number),
      [4, 5, 7, 8, 9, 10, 11, 13, 14, 16],
    );
    const row5 = sheet.rows[1]!;
    assert.equal(
      cellText(row5.cells[2]),
      cellText(sheet.rows[0]!.cells[2]),
      'merged down: row 5 has row 4’s recommendation',
    );
    assert.equal(row5.cells[6], 45473, 'an Excel serial number stays a number');
    assert.ok(sheet.rows[2]!.cells[6] instanceof Date, 'a real Excel date is a Date');
    assert.deepEqual(
      sheet.rows[9]!.cells.slice(1).filter(Boolean),
      [],
      'a footnote merged across counts once',
    );
  });

  it('reads the old SCR plan saved by Excel as Windows-1252 CSV', async () => {
    const sheet = await readSheet('csv', fixture('scr-action-plan.csv'));
    assert.equal(sheet.headerRow, 3);
    assert.match(sheet.title, /Serious Case Review Child F/);
    assert.equal(sheet.rows.length, 6);
    assert.equal(sheet.rows[0]!.cells[4], 'Brookvale Council Children’s Services');
    assert.equal(sheet.rows[0]!.cells[3], 'Add "sleeping away from home" to the safer-sleep checklist');
  });

  it('reads semicolon-separated CSV and says when no header row can be found', async () => {
    const sheet = await readSheet(
      'csv',
      Buffer.from('Review;Action;Organisation;Due date\nNS;Audit;Brookvale Police;31/03/2024\n'),
    );
    assert.deepEqual(sheet.headers, ['Review', 'Action', 'Organisation', 'Due date']);
    await assert.rejects(
      readSheet('csv', Buffer.from('just a note\n')),
      /could not find the row of column headings/,
    );
  });

  it('refuses a zip that is not a workbook', async () => {
    const zip = Buffer.from('504b0304' + '00'.repeat(40), 'hex');
    await assert.rejects(readSheet('xlsx', zip), /could not be opened as an XLSX spreadsheet/);
  });
});
