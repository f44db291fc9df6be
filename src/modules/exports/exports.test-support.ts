import { randomUUID } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import {
  createAction,
  createOrganisation,
  createRecommendation,
  createReview,
  createUser,
} from '../../../test/factories.ts';
import type { Db } from '../../platform/db/index.ts';

/** Text no other test uses, so a file can be searched for it. */
export const unique = (text: string) => `${text} ${randomUUID().slice(0, 8)}`;
/** A child's reference no other test uses (at most 20 characters). */
export const uniqueRef = () => `Child ${randomUUID().slice(0, 6).toUpperCase()}`;

/** The rows of a CSV download, the byte-order mark checked and removed. */
export function csvRows(body: Buffer): string[][] {
  if (!body.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])))
    throw new Error('No UTF-8 byte-order mark');
  return parse(body.subarray(3).toString('utf8'), { record_delimiter: '\r\n' }) as string[][];
}

export async function loadWorkbook(body: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  return workbook;
}

/** A worksheet's rows as plain values (dates as 'YYYY-MM-DD'), header first. */
export function sheetValues(sheet: ExcelJS.Worksheet): unknown[][] {
  const rows: unknown[][] = [];
  sheet.eachRow((row) => {
    const values = (row.values as unknown[]).slice(1);
    rows.push(values.map((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v)));
  });
  return rows;
}

/**
 * The text a PDF draws, in order: its content streams inflated, and the hex strings of each text
 * operator decoded as Windows-1252 (the built-in fonts' encoding), joined with single spaces.
 */
export function textOfPdf(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const decoder = new TextDecoder('windows-1252');
  const parts: string[] = [];
  // Each stream is read by its /Length, not by looking for "endstream": compressed bytes may hold anything.
  for (const stream of raw.matchAll(/\/Length (\d+)[^>]*>>\s*stream\r?\n/g)) {
    const start = stream.index + stream[0].length;
    const body = raw.slice(start, start + Number(stream[1]));
    let content: string;
    try {
      content = inflateSync(Buffer.from(body, 'latin1')).toString('latin1');
    } catch {
      content = body;
    }
    for (const op of content.matchAll(/\[([^\]]*)\]\s*TJ/g)) {
      const hex = [...op[1]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]).join('');
      parts.push(decoder.decode(Buffer.from(hex, 'hex')));
    }
  }
  return parts.join(' ').replace(/\s+/g, ' ');
}

export const HEADER = [
  'Review',
  'Recommendation',
  'Action',
  'Organisation',
  'Named owner',
  'Status',
  'Original due date',
  'Current due date',
  'Times moved',
  'Overdue',
  'Repeats',
];
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * An organisation with two reviews under the same child's reference, each with one action: the
 * first overdue, in progress and with a named owner; the second not started.
 */
export async function twoReviews(db: Db) {
  const org = await createOrganisation(db, 'nhs-trust', unique('St Mary’s £ Trust'));
  const owner = await createUser(db, 'practitioner', org.id);
  const ref = uniqueRef();
  const first = await createReview(db, { subjectRef: ref });
  const second = await createReview(db, { subjectRef: ref });
  const firstRec = await createRecommendation(db, first.id);
  await createAction(db, {
    recommendationId: firstRec.id,
    organisationId: org.id,
    ownerUserId: owner.id,
    description: 'Audit safer-sleep records – the ’s and £s',
    status: 'in-progress',
    dueDate: '2021-03-01',
  });
  const secondRec = await createRecommendation(db, second.id);
  await createAction(db, { recommendationId: secondRec.id, organisationId: org.id });
  return { org, ref, first, second };
}
