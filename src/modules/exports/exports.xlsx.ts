import ExcelJS from 'exceljs';
import type { Action } from '../actions/index.ts';
import type { Recommendation } from '../reviews/index.ts';
import {
  COLUMNS,
  dayOf,
  exportRow,
  inPlanOrder,
  OVERDUE_FILL,
  rowValues,
  safeText,
  sheetNames,
  STATUS_FILLS,
} from './exports.rows.ts';

const STATUS_COLUMN = 6;
const ORIGINAL_DUE_COLUMN = 7;
const DUE_COLUMN = 8;
const OVERDUE_COLUMN = 10;
const BRITISH_DATE = 'dd/mm/yyyy';

const solid = (argb: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });

function newWorkbook(title: string): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Lantern';
  workbook.title = title;
  workbook.created = new Date();
  return workbook;
}

/** A sheet ready for a board pack: bold frozen header, set widths, printed landscape on one page wide. */
function addSheet(
  workbook: ExcelJS.Workbook,
  name: string,
  columns: readonly { header: string; width: number }[],
) {
  const sheet = workbook.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: 1 }],
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'top', wrapText: true };
  sheet.pageSetup.printTitlesRow = '1:1';
  return sheet;
}

function finishSheet(sheet: ExcelJS.Worksheet, columnCount: number) {
  sheet.autoFilter = {
    from: { row: 1, column: 1 },
    to: { row: Math.max(1, sheet.rowCount), column: columnCount },
  };
}

/**
 * One row per action. Status and overdue are shown in words as well as colour, so the sheet still
 * reads when printed in black and white or by someone who cannot tell the colours apart.
 */
function addActionRows(sheet: ExcelJS.Worksheet, actions: Action[]) {
  for (const action of actions) {
    const row = sheet.addRow(rowValues(exportRow(action)));
    row.alignment = { vertical: 'top', wrapText: true };
    for (const column of [ORIGINAL_DUE_COLUMN, DUE_COLUMN]) {
      const cell = row.getCell(column);
      cell.value = dayOf(String(cell.value));
      cell.numFmt = BRITISH_DATE;
    }
    row.getCell(STATUS_COLUMN).fill = solid(STATUS_FILLS[action.status]);
    if (action.overdue) {
      row.getCell(DUE_COLUMN).fill = solid(OVERDUE_FILL);
      row.getCell(OVERDUE_COLUMN).fill = solid(OVERDUE_FILL);
      row.getCell(OVERDUE_COLUMN).font = { bold: true };
    }
  }
}

function addActionSheet(workbook: ExcelJS.Workbook, name: string, actions: Action[]) {
  const sheet = addSheet(workbook, name, COLUMNS);
  addActionRows(sheet, actions);
  finishSheet(sheet, COLUMNS.length);
}

async function toBuffer(workbook: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The tracker as a workbook with one worksheet per review, named by the child's reference, in the order given. */
export async function trackerWorkbook(actions: Action[]): Promise<Buffer> {
  const workbook = newWorkbook('Action tracker');
  const byReview = new Map<string, Action[]>();
  for (const action of actions) {
    // A forum action has no review: it gets a sheet for its forum meeting.
    const key = action.reviewId ?? action.forumMeetingId ?? '';
    byReview.set(key, [...(byReview.get(key) ?? []), action]);
  }
  const groups = [...byReview.values()];
  const names = sheetNames(groups.map((g) => g[0]!.subjectRef ?? g[0]!.origin));
  groups.forEach((group, i) => addActionSheet(workbook, names[i]!, group));
  // A workbook needs at least one sheet: an empty export still opens, with its header.
  if (groups.length === 0) addActionSheet(workbook, 'Actions', []);
  return toBuffer(workbook);
}

const RECOMMENDATION_COLUMNS = [
  { header: 'Recommendation', width: 16 },
  { header: 'Text', width: 80 },
  { header: 'Actions', width: 10 },
  { header: 'Open', width: 10 },
  { header: 'Overdue', width: 10 },
] as const;

/** A review's action plan: its recommendations on one sheet, their actions on the next. */
export async function actionPlanWorkbook(plan: {
  subjectRef: string;
  recommendations: Recommendation[];
  actions: Action[];
}): Promise<Buffer> {
  const workbook = newWorkbook(`Action plan: review ${plan.subjectRef}`);
  const sheet = addSheet(workbook, 'Recommendations', RECOMMENDATION_COLUMNS);
  for (const recommendation of plan.recommendations) {
    const actions = plan.actions.filter((a) => a.recommendationId === recommendation.id);
    const row = sheet.addRow([
      recommendation.number,
      safeText(recommendation.text),
      actions.length,
      actions.filter((a) => a.status !== 'closed').length,
      actions.filter((a) => a.overdue).length,
    ]);
    row.alignment = { vertical: 'top', wrapText: true };
  }
  finishSheet(sheet, RECOMMENDATION_COLUMNS.length);
  const [actionsSheet] = sheetNames(['Recommendations', plan.subjectRef]).slice(1);
  addActionSheet(workbook, actionsSheet!, inPlanOrder(plan.actions));
  return toBuffer(workbook);
}
