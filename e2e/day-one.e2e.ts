/**
 * Day one without the spreadsheet: every page the feature added, driven in a real browser the way
 * the people who rely on it use it, with axe (WCAG 2.2 AA) on each page and each error re-render.
 * Evidence, the tracker's counts and downloads, a review's action plan and publication decision,
 * assurance, importing a spreadsheet, accounts and one-time links, the audit log, organisations
 * and feedback.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Browser, Locator, Page } from 'playwright-core';
import { checkAccessibility, launchBrowser, newPage, signIn, submitAndWait } from './support/browser.ts';
import {
  bodyRows,
  download,
  errorSummaryLinks,
  fieldError,
  fillDate,
  h1Of,
  isoOf,
  londonToday,
  navLink,
  successMessage,
  summaryValue,
  textOf,
  type Day,
} from './support/pages.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { stepper } from './support/steps.ts';

const MANAGER = 'manager@demo.lantern.test';
const MANAGER_NAME = 'Priya Lomax';
const TRUST_LEAD = 'trust.lead@demo.lantern.test';
const TRUST = 'Brookvale Hospitals NHS Trust';

/** Demo data (src/demo/seed-reviews.ts): the trust's action whose evidence was returned. */
const SAFER_SLEEP_ACTION =
  'Update the maternity safer-sleep checklist to record each parent and carer advised.';
const RETURNED_EVIDENCE = 'Draft safer-sleep checklist';
const RETURN_NOTE = 'This is the draft: please send the checklist as approved and in use on the wards.';
/** Another of the trust's actions, with no evidence yet. */
const BEREAVEMENT_ACTION = /^Revise the bereavement care pathway/;

/** The smallest file a PDF check accepts: its signature and an end-of-file marker. */
const PDF_BYTES = Buffer.from('%PDF-1.4\n%%EOF\n');
const NEW_VERSION_TEXT =
  'The checklist as approved by the maternity governance group and in use on every ward.';

const MESSY_PLAN = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'test',
  'fixtures',
  'imports',
  'messy-action-plan.xlsx',
);

/** A fictional newcomer, invited in journey 6. */
const NEWCOMER = { name: 'Robin Ashcombe', email: 'robin.ashcombe@example.test' };
const NEWCOMER_PASSWORD = 'harbour kettle meadow';

const CSV_HEADER = [
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

// ---- small readers for this file's pages ----

/** The tracker's table of actions (its caption counts them: "3 actions"). */
function trackerTable(page: Page): Locator {
  return page.getByRole('table', { name: /^\d+ actions?\b/ });
}

/** The number in the tracker table's caption: every action that matches, on every page. */
async function trackerTotal(page: Page): Promise<number> {
  const caption = await textOf(trackerTable(page).locator('caption'));
  return Number(/^(\d+) actions?\b/.exec(caption)?.[1]);
}

/** The text of column `index` (0 first) of each body row of `table`. */
function columnOf(table: Locator, index: number): Promise<string[]> {
  return bodyRows(table).evaluateAll(
    (rows, i) =>
      rows.map((r) => ((r as HTMLTableRowElement).cells[i]?.textContent ?? '').replace(/\s+/g, ' ').trim()),
    index,
  );
}

/** The option a select shows as chosen. */
function chosenOption(select: Locator): Promise<string> {
  return select.evaluate((el: HTMLSelectElement) => el.selectedOptions[0]?.text.trim() ?? '');
}

/** A downloaded XLSX file, opened: it must be a zip archive that ExcelJS can read. */
async function workbookOf(content: Buffer): Promise<ExcelJS.Workbook> {
  assert.equal(content.subarray(0, 2).toString('latin1'), 'PK', 'an XLSX file is a zip archive');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(content as unknown as ArrayBuffer);
  return workbook;
}

function rowValues(sheet: ExcelJS.Worksheet, rowNumber: number): string[] {
  return (sheet.getRow(rowNumber).values as unknown[]).slice(1).map((v) => String(v ?? ''));
}

function addDays(date: Day, days: number): Day {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** A page in its own context, signed in as `email`. */
async function signedIn(email: string, password?: string): Promise<Page> {
  const page = await newPage(browser);
  await signIn(page, server.baseUrl, email, password);
  assert.match(await h1Of(page), /^Welcome/, `${email} did not reach Home`);
  return page;
}

async function closeAll(...pages: (Page | undefined)[]): Promise<void> {
  for (const page of pages) await page?.context().close();
}

// One server and browser for the file. The journeys run in order and each leaves the demo data as
// the next expects: journey 1 closes the safer-sleep action before the tracker is read.
let server: RunningServer;
let browser: Browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('1. evidence: returned evidence is sent again with a file, and accepting it closes the action', () => {
  const step = stepper();
  let lead: Page | undefined;
  let manager: Page | undefined;
  after(() => closeAll(lead, manager));

  step('an empty "Add evidence" form names what is missing', async () => {
    lead = await signedIn(TRUST_LEAD);
    await submitAndWait(lead, navLink(lead, 'Action tracker'));
    await submitAndWait(lead, trackerTable(lead).getByRole('link', { name: BEREAVEMENT_ACTION }));
    assert.equal(await h1Of(lead), `Action for ${TRUST}`);
    assert.ok(await lead.getByText('No evidence yet.').isVisible());

    await submitAndWait(lead, lead.getByRole('button', { name: 'Add evidence', exact: true }));
    assert.equal(await h1Of(lead), 'Add evidence');
    await checkAccessibility(lead, 'add evidence');

    await submitAndWait(lead, lead.getByRole('button', { name: 'Submit evidence', exact: true }));
    assert.equal(await h1Of(lead), 'Add evidence');
    assert.deepEqual(await errorSummaryLinks(lead), [
      'Enter a title for the evidence',
      'Enter the date the evidence takes effect',
    ]);
    assert.equal(
      await fieldError(lead.getByLabel('Title', { exact: true })),
      'Enter a title for the evidence',
    );
    await checkAccessibility(lead, 'add evidence, with errors');
  });

  let evidenceUrl = '';

  step("the trust's lead reads why the evidence came back and sends a new version with a PDF", async () => {
    const page = lead!;
    await submitAndWait(page, navLink(page, 'Action tracker'));
    await submitAndWait(page, trackerTable(page).getByRole('link', { name: SAFER_SLEEP_ACTION }));
    const evidence = page.getByRole('table', { name: 'Evidence submitted for this action' });
    const row = bodyRows(evidence).filter({ has: page.getByRole('link', { name: RETURNED_EVIDENCE }) });
    assert.equal(await textOf(row.getByRole('cell').last()), 'Returned');

    await submitAndWait(page, row.getByRole('link', { name: RETURNED_EVIDENCE }));
    evidenceUrl = page.url();
    assert.equal(await h1Of(page), RETURNED_EVIDENCE);
    assert.equal(await textOf(summaryValue(page, 'Status')), 'Returned');
    assert.ok(await page.getByText(`Returned by ${MANAGER_NAME}: ${RETURN_NOTE}`).isVisible());
    assert.equal(await page.getByRole('heading', { name: 'Check this evidence' }).count(), 0);
    await checkAccessibility(page, 'returned evidence');

    await page.getByLabel('Describe the evidence', { exact: true }).fill(NEW_VERSION_TEXT);
    await page.getByLabel('Attach a file (optional)', { exact: true }).setInputFiles({
      name: 'checklist.pdf',
      mimeType: 'application/pdf',
      buffer: PDF_BYTES,
    });
    await fillDate(page, 'Date the evidence takes effect', londonToday());
    await submitAndWait(page, page.getByRole('button', { name: 'Submit new version', exact: true }));

    assert.equal(page.url(), evidenceUrl);
    assert.equal(await successMessage(page), 'New version submitted');
    assert.equal(await textOf(summaryValue(page, 'Status')), 'Submitted');
    assert.equal(await page.getByText(RETURN_NOTE).count(), 0, 'the return note still shows');
    const latest = page
      .locator('.govuk-summary-card')
      .filter({ has: page.getByRole('heading', { name: 'Version 2 (latest)', exact: true }) });
    assert.equal(await textOf(summaryValue(latest, 'Description')), NEW_VERSION_TEXT);
    assert.equal(await textOf(summaryValue(latest, 'File')), 'checklist.pdf (1 KB)');
    await checkAccessibility(page, 'evidence with a new version');

    // The file comes back exactly as it went up, as a download.
    const file = await download(page, latest.getByRole('link', { name: 'checklist.pdf', exact: true }));
    assert.equal(file.fileName, 'checklist.pdf');
    assert.deepEqual(file.content, PDF_BYTES);
  });

  step(
    'the business unit finds it awaiting evidence, must give a reason to return it, and accepts it',
    async () => {
      manager = await signedIn(MANAGER);
      const page = manager;
      await submitAndWait(page, navLink(page, 'Action tracker'));
      await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Awaiting evidence' });
      await submitAndWait(page, page.getByRole('button', { name: 'Apply filters', exact: true }));
      await submitAndWait(page, trackerTable(page).getByRole('link', { name: SAFER_SLEEP_ACTION }));
      assert.equal(await textOf(summaryValue(page, 'Status')), 'Awaiting evidence Overdue');
      await submitAndWait(page, page.getByRole('link', { name: RETURNED_EVIDENCE, exact: true }));
      assert.equal(page.url(), evidenceUrl);
      assert.equal(await page.getByRole('heading', { name: 'Check this evidence' }).count(), 1);
      await checkAccessibility(page, 'evidence to check (manager)');

      const decision = page.getByRole('group', { name: 'Does it show the action is done?' });
      await decision
        .getByRole('radio', { name: 'No: return it to the organisation with a reason', exact: true })
        .check();
      await submitAndWait(page, page.getByRole('button', { name: 'Save decision', exact: true }));
      assert.deepEqual(await errorSummaryLinks(page), ['Say why the evidence is being returned']);
      assert.equal(
        await fieldError(page.getByLabel('Note (needed when you return it)', { exact: true })),
        'Say why the evidence is being returned',
      );
      await checkAccessibility(page, 'evidence to check, with errors');

      await decision.getByRole('radio', { name: 'Yes: accept it and close the action', exact: true }).check();
      await submitAndWait(page, page.getByRole('button', { name: 'Save decision', exact: true }));
      assert.equal(await h1Of(page), `Action for ${TRUST}`);
      assert.equal(await successMessage(page), 'Evidence accepted and the action closed');
      assert.equal(await textOf(summaryValue(page, 'Status')), 'Closed');
      const row = bodyRows(page.getByRole('table', { name: 'Evidence submitted for this action' })).filter({
        has: page.getByRole('link', { name: RETURNED_EVIDENCE }),
      });
      assert.equal(await textOf(row.getByRole('cell').last()), 'Accepted');
      assert.equal(await page.getByRole('button', { name: 'Add evidence' }).count(), 0);
      await checkAccessibility(page, 'action closed by accepting evidence');
    },
  );
});

describe('2. the tracker: red, amber and green counts, sorting, and downloads of what it shows', () => {
  const step = stepper();
  let page: Page | undefined;
  after(() => closeAll(page));

  step('the counts table explains itself and adds up', async () => {
    page = await signedIn(MANAGER);
    await submitAndWait(page, navLink(page, 'Action tracker'));
    assert.equal(await h1Of(page), 'Action tracker');
    const counts = page.getByRole('table', { name: /^Number of open actions by red, amber and green/ });
    assert.deepEqual(
      (await counts.getByRole('columnheader').allInnerTexts()).map((t) => t.trim()),
      [
        'Organisation',
        'Red (overdue)',
        'Amber (due in 30 days)',
        'Green (on track)',
        'Not started',
        'In progress',
        'Awaiting evidence',
        'Closed',
      ],
    );
    const rows = await bodyRows(counts).all();
    assert.ok(rows.length > 1, 'expected a row for each organisation with actions');
    for (const row of rows) {
      const organisation = await textOf(row.getByRole('rowheader'));
      const [red, amber, green, notStarted, inProgress, awaiting] = (
        await row.getByRole('cell').allInnerTexts()
      ).map(Number);
      assert.equal(
        red! + amber! + green!,
        notStarted! + inProgress! + awaiting!,
        `${organisation}: RAG ≠ open`,
      );
    }

    const rule = page.getByText('Red: open and past its due date.');
    assert.equal(await rule.isVisible(), false, 'the explanation starts closed');
    await page.getByText('How red, amber and green are worked out', { exact: true }).click();
    assert.ok(await rule.isVisible(), 'the explanation did not open');
    await checkAccessibility(page, 'tracker with the RAG explanation open');
  });

  let total = 0;
  let pageDues: string[] = [];

  step('sorting by due date puts the soonest first', async () => {
    await page!.getByLabel('Sort by', { exact: true }).selectOption({ label: 'Due date, soonest first' });
    await submitAndWait(page!, page!.getByRole('button', { name: 'Apply filters', exact: true }));
    assert.equal(new URL(page!.url()).searchParams.get('sort'), 'due');
    assert.equal(await chosenOption(page!.getByLabel('Sort by', { exact: true })), 'Due date, soonest first');
    total = await trackerTotal(page!);
    assert.ok(total > 0);
    // The Due cell may add when the date was first agreed: the current date comes first.
    pageDues = (await columnOf(trackerTable(page!), 3)).map((due) =>
      isoOf(/^\d{1,2} [A-Za-z]+ \d{4}/.exec(due)?.[0] ?? due),
    );
    assert.deepEqual(pageDues, [...pageDues].sort(), 'not soonest first');
    await checkAccessibility(page!, 'tracker sorted by due date');
  });

  step('"Download as CSV" gives every action, in the same order, under the header row', async () => {
    const link = page!.getByRole('link', { name: 'Download as CSV', exact: true });
    assert.match((await link.getAttribute('href')) ?? '', /[?&]sort=due\b/);
    const file = await download(page!, link);
    assert.match(file.fileName, /^action-tracker-\d{4}-\d{2}-\d{2}\.csv$/);
    const records = parse(file.content, { bom: true }) as string[][];
    assert.deepEqual(records[0], CSV_HEADER);
    assert.equal(records.length - 1, total, 'the file holds a different number of actions');
    const dues = records.slice(1).map((r) => r[7]!);
    assert.deepEqual(dues.slice(0, pageDues.length), pageDues);
    assert.deepEqual(dues, [...dues].sort());
  });

  step('the XLSX link downloads a workbook of the same actions, a sheet per review', async () => {
    const file = await download(
      page!,
      page!.getByRole('link', { name: 'Download as spreadsheet (XLSX)', exact: true }),
    );
    assert.match(file.fileName, /^action-tracker-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const workbook = await workbookOf(file.content);
    let rows = 0;
    for (const sheet of workbook.worksheets) {
      assert.deepEqual(rowValues(sheet, 1), CSV_HEADER, `sheet ${sheet.name}`);
      rows += sheet.actualRowCount - 1;
    }
    assert.equal(rows, total);
    assert.ok(workbook.worksheets.some((s) => s.name === 'Baby T'));
  });
});

describe('3 and 4. a review: its action plan downloads, publication decision and assurance', () => {
  const step = stepper();
  let page: Page | undefined;
  let reviewUrl = '';
  const reason = 'Publication deferred until the inquest has finished.';
  after(() => closeAll(page));

  step("Baby T's action plan downloads as a PDF and as a workbook", async () => {
    page = await signedIn(MANAGER);
    await submitAndWait(page, navLink(page, 'Reviews'));
    await submitAndWait(page, page.getByRole('link', { name: 'Baby T', exact: true }));
    assert.equal(await h1Of(page), 'Review Baby T');
    reviewUrl = page.url();

    const pdf = await download(
      page,
      page.getByRole('link', { name: 'Download the action plan as a PDF', exact: true }),
    );
    assert.match(pdf.fileName, /^action-plan-.+-\d{4}-\d{2}-\d{2}\.pdf$/);
    assert.equal(pdf.content.subarray(0, 5).toString('latin1'), '%PDF-');

    const xlsx = await download(
      page,
      page.getByRole('link', { name: 'Download the action plan as a spreadsheet (XLSX)', exact: true }),
    );
    assert.match(xlsx.fileName, /^action-plan-.+-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const workbook = await workbookOf(xlsx.content);
    assert.deepEqual(
      workbook.worksheets.map((s) => s.name),
      ['Recommendations', 'Baby T'],
    );
    const actions = workbook.getWorksheet('Baby T')!;
    assert.deepEqual(rowValues(actions, 1), CSV_HEADER);
    const descriptions = actions.getColumn(3).values.map((v) => String(v ?? ''));
    assert.ok(descriptions.includes(SAFER_SLEEP_ACTION), 'the plan lacks the safer-sleep action');
    await checkAccessibility(page, 'review Baby T');
  });

  step('deferring publication needs a reason, then shows on the review', async () => {
    await submitAndWait(
      page!,
      page!.getByRole('link', { name: 'Change review details (Details)', exact: true }),
    );
    assert.equal(await h1Of(page!), 'Change review Baby T');
    await checkAccessibility(page!, 'change review');

    const decision = page!.getByLabel('Publication decision (optional)', { exact: true });
    const why = page!.getByLabel('Reason for not publishing or deferring', { exact: true });
    await decision.selectOption({ label: 'Defer publication' });
    await why.fill('');
    await submitAndWait(page!, page!.getByRole('button', { name: 'Save changes', exact: true }));
    const message = 'Give the reason for not publishing or for deferring publication';
    assert.deepEqual(await errorSummaryLinks(page!), [message]);
    assert.equal(await fieldError(why), message);
    assert.equal(await chosenOption(decision), 'Defer publication', 'the choice was lost');
    await checkAccessibility(page!, 'change review, with errors');

    await why.fill(reason);
    await submitAndWait(page!, page!.getByRole('button', { name: 'Save changes', exact: true }));
    assert.equal(page!.url(), reviewUrl);
    assert.equal(await successMessage(page!), 'Review updated');
    assert.equal(await textOf(summaryValue(page!, 'Publication')), `Defer publication: ${reason}`);
  });

  step('"Assured" is refused while recommendation 1 still has an open action', async () => {
    const recommendation = page!.getByRole('region', { name: 'Recommendation 1', exact: true });
    await submitAndWait(
      page!,
      recommendation.getByRole('link', { name: 'Update assurance for recommendation 1', exact: true }),
    );
    assert.equal(await h1Of(page!), 'Assurance for recommendation 1');
    assert.ok(await page!.getByText(/^1 of 2 actions closed\./).isVisible());
    await checkAccessibility(page!, 'assurance');

    await page!
      .getByRole('group', { name: 'Status', exact: true })
      .getByRole('radio', { name: 'Assured: learning embedded', exact: true })
      .check();
    await page!.getByLabel('Assurance note', { exact: true }).fill('Training reach audited.');
    await submitAndWait(page!, page!.getByRole('button', { name: 'Save', exact: true }));
    assert.equal(await h1Of(page!), 'Assurance for recommendation 1');
    assert.deepEqual(await errorSummaryLinks(page!), [
      'Every action on this recommendation must be closed first',
    ]);
    await checkAccessibility(page!, 'assurance, with errors');

    await submitAndWait(page!, page!.getByRole('link', { name: 'Back', exact: true }));
    const status = page!
      .getByRole('region', { name: 'Recommendation 1', exact: true })
      .locator('p')
      .filter({ hasText: 'Update assurance' });
    assert.match(await textOf(status), /^Open\b/, 'the assurance status changed');
  });
});

describe('5. importing an action plan from a messy spreadsheet', () => {
  const step = stepper();
  let page: Page | undefined;
  after(() => closeAll(page));

  step('a file that is not a spreadsheet is refused on the field', async () => {
    page = await signedIn(MANAGER);
    await submitAndWait(page, navLink(page, 'Imports'));
    assert.equal(await h1Of(page), 'Imported action plans');
    assert.ok(await page.getByText('No action plans have been imported yet.').isVisible());
    await checkAccessibility(page, 'imports list, empty');

    await submitAndWait(page, page.getByRole('button', { name: 'Import an action plan', exact: true }));
    assert.equal(await h1Of(page), 'Import an action plan');
    await checkAccessibility(page, 'import upload');

    const field = page.getByLabel('Spreadsheet', { exact: true });
    await field.setInputFiles({ name: 'minutes.pdf', mimeType: 'application/pdf', buffer: PDF_BYTES });
    await submitAndWait(page, page.getByRole('button', { name: 'Upload and continue', exact: true }));
    const message = 'The selected file must be an XLSX or CSV spreadsheet';
    assert.deepEqual(await errorSummaryLinks(page), [message]);
    assert.equal(await fieldError(field), message);
    await checkAccessibility(page, 'import upload, with errors');
  });

  step('the mapping page previews the rows and guesses the columns; a missing one is named', async () => {
    await page!.getByLabel('Spreadsheet', { exact: true }).setInputFiles(MESSY_PLAN);
    await submitAndWait(page!, page!.getByRole('button', { name: 'Upload and continue', exact: true }));
    assert.equal(await h1Of(page!), 'Choose the columns');
    const preview = page!.getByRole('table', { name: 'The first rows', exact: true });
    assert.deepEqual(
      (await preview.getByRole('columnheader').allInnerTexts()).map((t) => t.trim()),
      [
        'Row',
        'Review ref',
        'Rec No.',
        'Recommendation',
        'Action',
        'Lead agency',
        'Action owner',
        'Target date',
        'Status',
      ],
    );
    const first = await textOf(bodyRows(preview).first());
    assert.match(first, /^4 Child B 1 Safer-sleep advice/);
    const description = page!.getByLabel('Action description', { exact: true });
    assert.equal(await chosenOption(description), 'Column D: Action');
    assert.equal(await chosenOption(page!.getByLabel('Due date', { exact: true })), 'Column G: Target date');
    await checkAccessibility(page!, 'import mapping');

    await description.selectOption({ label: 'Not in the spreadsheet' });
    await submitAndWait(
      page!,
      page!.getByRole('button', { name: 'Continue to check the rows', exact: true }),
    );
    const message = 'Select the column that holds the action description';
    assert.deepEqual(await errorSummaryLinks(page!), [message]);
    assert.equal(await fieldError(description), message);
    await checkAccessibility(page!, 'import mapping, with errors');

    await description.selectOption({ label: 'Column D: Action' });
    await submitAndWait(
      page!,
      page!.getByRole('button', { name: 'Continue to check the rows', exact: true }),
    );
  });

  step('the check page lists each row that cannot be imported, then the import runs', async () => {
    assert.equal(await h1Of(page!), 'Check the rows');
    assert.equal(
      await textOf(page!.getByText(/actions? will be imported\./)),
      '5 actions will be imported. 5 of 10 rows cannot be imported.',
    );
    const problems = page!.getByRole('table', { name: 'Rows that cannot be imported', exact: true });
    const rows = (await bodyRows(problems).getByRole('rowheader').allInnerTexts()).map(Number);
    assert.deepEqual(rows, [8, 9, 11, 13, 16]);
    const why = await bodyRows(problems).getByRole('cell').allInnerTexts();
    assert.match(why[0]!, /"Brookvale Acme Services" is not one of the partnership/);
    assert.match(why[2]!, /"31\/02\/2025" is not a real date/);
    await checkAccessibility(page!, 'import check');

    await submitAndWait(page!, page!.getByRole('button', { name: 'Import 5 actions', exact: true }));
    assert.match(new URL(page!.url()).pathname, /^\/imports\/[0-9a-f-]{36}$/);
    // The progress message updates itself every 2 seconds; the page reloads once the import ends.
    await page!.getByRole('heading', { name: 'Import complete' }).waitFor({ timeout: 60_000 });
    await page!.waitForLoadState('load');
    assert.equal(await h1Of(page!), 'messy-action-plan.xlsx');
    assert.equal(await textOf(summaryValue(page!, 'Status')), 'Imported');
    assert.equal(await textOf(summaryValue(page!, 'Rows in the spreadsheet')), '10');
    assert.equal(await textOf(summaryValue(page!, 'Actions imported')), '5');
    assert.equal(await textOf(summaryValue(page!, 'Rows not imported')), '5');
    assert.ok(await page!.getByText('5 actions imported', { exact: true }).isVisible());
    assert.equal(await page!.locator('meta[http-equiv="refresh"]').count(), 0, 'a finished import reloads');
    await checkAccessibility(page!, 'import result');

    await submitAndWait(page!, page!.getByRole('link', { name: 'All imports', exact: true }));
    const past = page!.getByRole('table', { name: 'Past imports, newest first', exact: true });
    const row = bodyRows(past).filter({ has: page!.getByRole('link', { name: 'messy-action-plan.xlsx' }) });
    const cells = await row.getByRole('cell').allInnerTexts();
    assert.deepEqual(
      [cells[2], cells[3], cells[4], cells[5]].map((c) => c?.trim()),
      ['Imported', '10', '5', '5'],
    );
    await checkAccessibility(page!, 'imports list');
  });
});

describe('6. accounts: inviting a user, their one-time link, their account, and the audit log', () => {
  const step = stepper();
  let manager: Page | undefined;
  let newcomer: Page | undefined;
  let link = '';
  let userUrl = '';
  after(() => closeAll(manager, newcomer));

  step('the business unit invites a user and is shown the one-time link once', async () => {
    manager = await signedIn(MANAGER);
    const page = manager;
    await submitAndWait(page, navLink(page, 'Users'));
    assert.equal(await h1Of(page), 'Users');
    await checkAccessibility(page, 'users');
    // The demo has more users than fit on a page: narrow to the business unit to find the manager.
    await page.getByLabel('Role', { exact: true }).selectOption({ value: 'business-unit' });
    await submitAndWait(page, page.getByRole('button', { name: 'Show users', exact: true }));
    const users = page.getByRole('table', { name: /^\d+ users?, by name$/ });
    assert.equal(await users.getByRole('link', { name: MANAGER_NAME, exact: true }).count(), 1);

    await submitAndWait(page, page.getByRole('button', { name: 'Invite a user', exact: true }));
    assert.equal(await h1Of(page), 'Invite a user');
    await checkAccessibility(page, 'invite a user');
    await submitAndWait(page, page.getByRole('button', { name: 'Send invitation', exact: true }));
    assert.deepEqual(await errorSummaryLinks(page), [
      'Enter their full name',
      'Enter their email address',
      'Select an organisation',
      'Select a role',
    ]);
    await checkAccessibility(page, 'invite a user, with errors');

    await page.getByLabel('Full name', { exact: true }).fill(NEWCOMER.name);
    await page.getByLabel('Email address', { exact: true }).fill(NEWCOMER.email);
    await page.getByLabel('Organisation', { exact: true }).selectOption({ label: 'Brookvale Police' });
    await page
      .getByRole('group', { name: 'Role', exact: true })
      .getByRole('radio', { name: 'Organisation safeguarding lead', exact: true })
      .check();
    await page.getByLabel('Job title (optional)', { exact: true }).fill('Public protection officer');
    await submitAndWait(page, page.getByRole('button', { name: 'Send invitation', exact: true }));

    assert.equal(await h1Of(page), 'Invitation sent');
    assert.ok(await page.getByText(`To ${NEWCOMER.email}`, { exact: true }).isVisible());
    link = (await page.getByText(/\/account-links\/[A-Za-z0-9_-]{43}$/).innerText()).trim();
    assert.ok(link.startsWith(`${server.baseUrl}/account-links/`), link);
    await checkAccessibility(page, 'invitation sent');

    await submitAndWait(page, page.getByRole('link', { name: `Go to ${NEWCOMER.name}’s account` }));
    userUrl = page.url();
    assert.equal(await h1Of(page), NEWCOMER.name);
    assert.equal(await textOf(summaryValue(page, 'Status')), 'Invited');
    assert.equal(await textOf(summaryValue(page, 'Role')), 'Organisation safeguarding lead');
    await checkAccessibility(page, 'invited user');
  });

  step('in a new browser the link refuses a weak password, takes a good one, and then expires', async () => {
    newcomer = await newPage(browser);
    const page = newcomer;
    const response = await page.goto(link);
    assert.equal(response?.status(), 200);
    assert.equal(await h1Of(page), 'Create your password');
    assert.ok(await page.getByText(`For your Lantern account, ${NEWCOMER.email}.`).isVisible());
    await checkAccessibility(page, 'create your password');

    const password = page.getByLabel('New password', { exact: true });
    const again = page.getByLabel('Enter the new password again', { exact: true });
    await password.fill('password1234');
    await again.fill('password1234');
    await submitAndWait(page, page.getByRole('button', { name: 'Save password', exact: true }));
    assert.equal(await h1Of(page), 'Create your password');
    const [weak] = await errorSummaryLinks(page);
    assert.match(weak ?? '', /^Password is too easy to guess\b/);
    assert.equal(await fieldError(password), weak);
    await checkAccessibility(page, 'create your password, with errors');

    await password.fill(NEWCOMER_PASSWORD);
    await again.fill(NEWCOMER_PASSWORD);
    await submitAndWait(page, page.getByRole('button', { name: 'Save password', exact: true }));
    assert.equal(await h1Of(page), 'Your password is set');
    await checkAccessibility(page, 'password set');

    await submitAndWait(page, page.getByRole('button', { name: 'Sign in', exact: true }));
    await page.getByLabel('Email address', { exact: true }).fill(NEWCOMER.email);
    await page.getByLabel('Password', { exact: true }).fill(NEWCOMER_PASSWORD);
    await submitAndWait(page, page.getByRole('button', { name: 'Sign in', exact: true }));
    assert.match(await h1Of(page), /^Welcome/);

    const used = await page.goto(link);
    assert.equal(used?.status(), 410);
    assert.equal(await h1Of(page), 'This link has expired or has already been used');
    await checkAccessibility(page, 'link already used');
  });

  step('the new user sees their account; a wrong current password is refused', async () => {
    const page = newcomer!;
    await submitAndWait(page, navLink(page, 'Your account'));
    assert.equal(await h1Of(page), 'Your account');
    assert.equal(await textOf(summaryValue(page, 'Name')), NEWCOMER.name);
    assert.equal(await textOf(summaryValue(page, 'Email address')), NEWCOMER.email);
    assert.equal(await textOf(summaryValue(page, 'Organisation')), 'Brookvale Police');
    assert.equal(await textOf(summaryValue(page, 'Role')), 'Organisation safeguarding lead');
    await checkAccessibility(page, 'your account');

    await submitAndWait(page, page.getByRole('link', { name: 'Change password', exact: true }));
    assert.equal(await h1Of(page), 'Change your password');
    await checkAccessibility(page, 'change your password');
    await page.getByLabel('Current password', { exact: true }).fill('not the password at all');
    await page.getByLabel('New password', { exact: true }).fill('another three words');
    await page.getByLabel('Enter the new password again', { exact: true }).fill('another three words');
    await submitAndWait(page, page.getByRole('button', { name: 'Change password', exact: true }));
    assert.equal(await h1Of(page), 'Change your password');
    assert.deepEqual(await errorSummaryLinks(page), ['Your current password is incorrect']);
    assert.equal(
      await fieldError(page.getByLabel('Current password', { exact: true })),
      'Your current password is incorrect',
    );
    await checkAccessibility(page, 'change your password, with errors');
  });

  step('the audit log, filtered to invitations, records the invitation but not the link', async () => {
    const page = manager!;
    await submitAndWait(page, navLink(page, 'Audit log'));
    assert.equal(await h1Of(page), 'Audit log');
    await page.getByLabel('Event', { exact: true }).fill('user.invited');
    await submitAndWait(page, page.getByRole('button', { name: 'Show events', exact: true }));
    assert.equal(new URL(page.url()).searchParams.get('event'), 'user.invited');
    assert.equal(await page.getByLabel('Event', { exact: true }).inputValue(), 'user.invited');
    const log = page.getByRole('table', { name: /^\d+ events?, newest first$/ });
    const events = await columnOf(log, 2);
    assert.ok(events.length > 0);
    assert.deepEqual(new Set(events), new Set(['user.invited']));
    const [newest] = await bodyRows(log).allInnerTexts();
    assert.ok(newest?.includes(NEWCOMER.email), newest);
    assert.ok(newest?.includes(MANAGER_NAME), newest);
    const token = link.split('/').pop()!;
    assert.equal((await page.content()).includes(token), false, 'the one-time link is in the audit log');
    await checkAccessibility(page, 'audit log, filtered');

    const today = londonToday();
    await fillDate(page, 'From', today);
    await fillDate(page, 'To', addDays(today, -1));
    await submitAndWait(page, page.getByRole('button', { name: 'Show events', exact: true }));
    assert.deepEqual(await errorSummaryLinks(page), [
      'The last date must be the same as or after the first date',
    ]);
    await checkAccessibility(page, 'audit log, with errors');
  });

  step("the business unit opens the user's role form, then deactivates the account", async () => {
    const page = manager!;
    await page.goto(userUrl);
    assert.equal(await textOf(summaryValue(page, 'Status')), 'Active');
    await submitAndWait(page, page.getByRole('link', { name: 'Change role', exact: true }));
    assert.equal(await h1Of(page), 'Change role or organisation');
    assert.equal(await chosenOption(page.getByLabel('Organisation', { exact: true })), 'Brookvale Police');
    await checkAccessibility(page, 'change role or organisation');

    await submitAndWait(page, page.getByRole('link', { name: 'Back', exact: true }));
    await submitAndWait(page, page.getByRole('button', { name: 'Deactivate account', exact: true }));
    assert.equal(await h1Of(page), `Deactivate ${NEWCOMER.name}’s account`);
    await checkAccessibility(page, 'deactivate account');
    await submitAndWait(page, page.getByRole('button', { name: 'Deactivate account', exact: true }));
    assert.equal(await h1Of(page), 'Account deactivated');
    assert.ok(await page.getByText(`${NEWCOMER.name} owns no open actions.`).isVisible());
    await checkAccessibility(page, 'account deactivated');

    // Their session ends at their next request.
    await newcomer!.goto(`${server.baseUrl}/account`);
    assert.equal(new URL(newcomer!.url()).pathname, '/sign-in');
  });
});

describe('7. organisations and feedback', () => {
  const step = stepper();
  let page: Page | undefined;
  const feedback = 'Exporting the tracker for the board pack saved me an afternoon.';
  after(() => closeAll(page));

  step("an organisation's form refuses a blank name and saves a good one", async () => {
    page = await signedIn(MANAGER);
    await submitAndWait(page, navLink(page, 'Organisations'));
    assert.equal(await h1Of(page), 'Organisations');
    const row = bodyRows(page.getByRole('table', { name: 'Organisations', exact: true })).filter({
      has: page.getByRole('cell', { name: TRUST, exact: true }),
    });
    assert.deepEqual(
      (await row.getByRole('cell').allInnerTexts()).slice(0, 3).map((t) => t.trim()),
      [TRUST, 'NHS trust', 'Brookvale Integrated Care Board'],
    );
    await checkAccessibility(page, 'organisations');

    await submitAndWait(page, page.getByRole('link', { name: 'Change Brookvale Police', exact: true }));
    assert.equal(await h1Of(page), 'Change Brookvale Police');
    await checkAccessibility(page, 'change organisation');
    const name = page.getByLabel('Name', { exact: true });
    await name.fill('');
    await submitAndWait(page, page.getByRole('button', { name: 'Save', exact: true }));
    assert.deepEqual(await errorSummaryLinks(page), ['Enter the organisation’s name']);
    assert.equal(await fieldError(name), 'Enter the organisation’s name');
    await checkAccessibility(page, 'change organisation, with errors');

    await name.fill('Brookvale Police');
    await submitAndWait(page, page.getByRole('button', { name: 'Save', exact: true }));
    assert.equal(await h1Of(page), 'Organisations');
    assert.equal(await successMessage(page), 'Organisation updated');
  });

  step(
    'feedback: an empty message is refused, a real one thanked and read by the business unit',
    async () => {
      await submitAndWait(page!, page!.getByRole('contentinfo').getByRole('link', { name: 'Feedback' }));
      assert.equal(await h1Of(page!), 'Give feedback on Lantern');
      await checkAccessibility(page!, 'feedback');

      await submitAndWait(page!, page!.getByRole('button', { name: 'Send feedback', exact: true }));
      assert.deepEqual(await errorSummaryLinks(page!), ['Enter your feedback']);
      assert.equal(
        await fieldError(page!.getByLabel('Your feedback', { exact: true })),
        'Enter your feedback',
      );
      await checkAccessibility(page!, 'feedback, with errors');

      await page!.getByLabel('Your feedback', { exact: true }).fill(feedback);
      await submitAndWait(page!, page!.getByRole('button', { name: 'Send feedback', exact: true }));
      assert.equal(await h1Of(page!), 'Thank you for your feedback');
      await checkAccessibility(page!, 'feedback sent');

      // Nothing links to the feedback received: the business unit needs the address.
      await page!.goto(`${server.baseUrl}/feedback/received`);
      assert.equal(await h1Of(page!), 'Feedback received');
      assert.ok(await page!.getByText(feedback, { exact: true }).isVisible());
      await checkAccessibility(page!, 'feedback received');
    },
  );
});
