import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import {
  createAction,
  createOrganisation,
  createRecommendation,
  createReview,
  createUser,
  TEST_PASSWORD,
} from '../../../test/factories.ts';
import { buildTestApp, signInAsApi, type TestContext } from '../../../test/test-app.ts';
import {
  csvRows,
  HEADER,
  loadWorkbook,
  sheetValues,
  twoReviews,
  unique,
  XLSX,
} from './exports.test-support.ts';

const fillOf = (cell: ExcelJS.Cell) => (cell.fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb;

describe('GET /api/v1/actions/export?format=xlsx', () => {
  let ctx: TestContext;
  let api: Awaited<ReturnType<typeof signInAsApi>>;
  before(async () => {
    ctx = await buildTestApp();
    const user = await createUser(ctx.db, 'business-unit');
    api = await signInAsApi(ctx.app, user.email, TEST_PASSWORD);
  });
  after(() => ctx.close());

  it('builds a board-ready workbook: a sheet per review, bold frozen header, colours and words', async () => {
    const { org, ref } = await twoReviews(ctx.db);

    const response = await api.get(`/api/v1/actions/export?format=xlsx&organisationId=${org.id}`);

    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], XLSX);
    assert.match(String(response.headers['content-disposition']), /filename="action-tracker-[\d-]+\.xlsx"/);
    const workbook = await loadWorkbook(response.rawPayload);
    assert.deepEqual(workbook.worksheets.map((s) => s.name).sort(), [ref, `${ref} (2)`]);
    const sheets = workbook.worksheets.map((s) => ({ sheet: s, values: sheetValues(s) }));
    const { sheet, values } = sheets.find((s) => s.values[1]![5] === 'In progress')!;
    assert.deepEqual(values[0], HEADER);
    assert.deepEqual(values[1], [
      ref,
      1,
      'Audit safer-sleep records – the ’s and £s',
      org.name,
      'Test practitioner',
      'In progress',
      '2021-03-01',
      '2021-03-01',
      0,
      'Yes',
      'Does not repeat',
    ]);
    assert.equal(sheet.getRow(1).getCell(1).font?.bold, true);
    assert.deepEqual(sheet.views[0], { ...sheet.views[0], state: 'frozen', ySplit: 1 });
    assert.equal(fillOf(sheet.getRow(2).getCell(6)), 'FFBBD4EA', 'in progress is blue');
    assert.equal(fillOf(sheet.getRow(2).getCell(8)), 'FFF4CDC6', 'an overdue due date is light red');
    assert.equal(sheet.getRow(2).getCell(8).numFmt, 'dd/mm/yyyy');
    assert.equal(sheet.getColumn(3).width, 60);
    assert.ok(sheet.autoFilter, 'autofilter on');
    const other = sheets.find((s) => s.sheet !== sheet)!;
    assert.equal(other.values[1]![5], 'Not started');
    assert.equal(fillOf(other.sheet.getRow(2).getCell(6)), 'FFE5E6E7', 'not started is grey');
    assert.equal(fillOf(other.sheet.getRow(2).getCell(8)), undefined, 'a due date in time has no fill');
  });

  it('starts with an apostrophe any text a spreadsheet would run as a formula, in CSV and XLSX', async () => {
    const org = await createOrganisation(ctx.db, 'other', `=cmd|'/c calc'!A0 ${unique('Org')}`);
    const review = await createReview(ctx.db, { subjectRef: '@Child' });
    const rec = await createRecommendation(ctx.db, review.id);
    const dangerous = ['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1'];
    for (const description of dangerous) {
      await createAction(ctx.db, { recommendationId: rec.id, organisationId: org.id, description });
    }

    const csv = csvRows(
      (await api.get(`/api/v1/actions/export?format=csv&reviewId=${review.id}`)).rawPayload,
    );
    const xlsx = await loadWorkbook(
      (await api.get(`/api/v1/actions/export?format=xlsx&reviewId=${review.id}`)).rawPayload,
    );
    const sheetRows = sheetValues(xlsx.worksheets[0]!);

    for (const rows of [csv.slice(1), sheetRows.slice(1)]) {
      // XML turns a stored CR into LF when the workbook is read back; the apostrophe is what matters.
      const cells = rows.map((r) => String(r[2]).replace(/\n/g, '\r'));
      assert.deepEqual(cells.sort(), dangerous.map((d) => `'${d}`).sort());
      for (const row of rows) {
        assert.equal(row[0], "'@Child");
        assert.equal(row[3], `'${org.name}`);
      }
    }
    assert.equal(
      xlsx.worksheets[0]!.getRow(2).getCell(3).type,
      ExcelJS.ValueType.String,
      'text, not a formula',
    );
  });
});
