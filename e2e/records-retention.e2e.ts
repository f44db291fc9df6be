/**
 * Records retention in a real browser with axe (WCAG 2.2 AA) on each page: the business unit opens
 * "Records due for disposal" from Settings, keeps an old serious case review (added before the demo
 * loads) for now with a reason and a date (after an error re-render), and disposes of the demo's
 * Pellow family record through the GOV.UK confirmation page.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { migrate, openDatabase } from '../src/platform/db/index.ts';
import { checkAccessibility, launchBrowser, newPage, signIn, submitAndWait } from './support/browser.ts';
import {
  errorSummaryLinks,
  fillDate,
  h1Of,
  londonToday,
  navLink,
  successMessage,
  textOf,
} from './support/pages.ts';
import { startServer, type RunningServer } from './support/server.ts';

const MANAGER = 'manager@demo.lantern.test';

let server: RunningServer;
let browser: Browser;
/** A serious case review closed in 2009: past the default 15 years. The demo loads after it. */
async function addOldReview(dataDir: string): Promise<void> {
  const db = await openDatabase({ databaseUrl: undefined, dataDir }, 'e2e records retention');
  try {
    await migrate(db);
    await db.query(
      `INSERT INTO reviews (type, status, subject_ref, incident_date, aware_date, closed_date)
       VALUES ('scr', 'closed', 'Child H', '2007-02-12', '2007-02-14', '2009-05-12')`,
    );
  } finally {
    await db.close();
  }
}

before(async () => {
  server = await startServer({ prepare: addOldReview });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the business unit decides what happens to records past their retention date', () => {
  let page: Page;
  before(async () => {
    page = await newPage(browser);
    await signIn(page, server.baseUrl, MANAGER);
  });
  after(() => page.context().close());

  test('the list shows the demo’s two records without names, and says what is never listed', async () => {
    await submitAndWait(page, navLink(page, 'Settings'));
    await submitAndWait(page, page.getByRole('link', { name: 'Records due for disposal' }));
    assert.equal(await h1Of(page), 'Records due for disposal');
    const due = await textOf(page.getByTestId('due-records'));
    assert.match(due, /Review of Child H \(serious case review\)/);
    assert.match(due, /Family record [0-9a-f]{8} \(2 people\)/);
    assert.doesNotMatch(due, /Pellow|Tamsin|Jory/);
    assert.match(await textOf(page.locator('main')), /never listed/);
    await checkAccessibility(page, 'records due for disposal');
  });

  test('keep for now: a missing reason is explained, then the review leaves the list until the date', async () => {
    await submitAndWait(page, page.getByRole('link', { name: /Keep for now.*Child H/ }));
    assert.equal(await h1Of(page), 'Keep this record for now');
    await checkAccessibility(page, 'keep a record');
    await submitAndWait(page, page.getByRole('button', { name: 'Keep the record' }));
    assert.deepEqual((await errorSummaryLinks(page)).slice(0, 1), ['Enter why the record is being kept']);
    await checkAccessibility(page, 'keep a record with errors');

    await page.getByLabel('Why must it be kept?').fill('Legal hold: inquest pending');
    const today = londonToday();
    await fillDate(page, 'When should it be looked at again?', { ...today, year: today.year + 1 });
    await submitAndWait(page, page.getByRole('button', { name: 'Keep the record' }));
    assert.match(await successMessage(page), /The record is kept/);
    assert.doesNotMatch(await textOf(page.getByTestId('due-records')), /Child H/);
    assert.match(await textOf(page.getByTestId('kept-records')), /Legal hold: inquest pending/);
  });

  test('dispose: nothing selected is explained; confirming removes the family record', async () => {
    await submitAndWait(page, page.getByRole('button', { name: 'Dispose of selected records' }));
    assert.deepEqual(await errorSummaryLinks(page), ['Select at least one record to dispose of']);
    await checkAccessibility(page, 'records due for disposal with an error');

    await page.getByLabel(/Family record/).check();
    await submitAndWait(page, page.getByRole('button', { name: 'Dispose of selected records' }));
    assert.equal(await h1Of(page), 'Are you sure you want to dispose of this record?');
    await checkAccessibility(page, 'confirm disposal');
    await submitAndWait(page, page.getByRole('button', { name: 'Yes, dispose of this record' }));
    assert.match(await successMessage(page), /1 record was disposed of/);
    assert.doesNotMatch(await textOf(page.locator('main')), /Family record [0-9a-f]{8}/);
  });
});
