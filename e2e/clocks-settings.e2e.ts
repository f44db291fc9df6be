/**
 * The business unit's settings for the statutory clocks, in a real browser with axe (WCAG 2.2 AA)
 * on each page and on the error re-render: changing a clock length, and importing a newer
 * official bank-holidays file.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { checkAccessibility, launchBrowser, newPage, signIn, submitAndWait } from './support/browser.ts';
import { errorSummaryLinks, fieldError, h1Of, navLink, successMessage, textOf } from './support/pages.ts';
import { startServer, type RunningServer } from './support/server.ts';

const MANAGER = 'manager@demo.lantern.test';
const FIXTURE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'test',
  'fixtures',
  'bank-holidays-2029.json',
);

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

describe('the business unit changes clock lengths and imports bank holidays', () => {
  let page: Page;
  before(async () => {
    page = await newPage(browser);
    await signIn(page, server.baseUrl, MANAGER);
  });
  after(() => page.context().close());

  test('clocks and reminders: an out-of-range value is explained at the field, then a good one is saved', async () => {
    await submitAndWait(page, navLink(page, 'Settings'));
    assert.equal(await h1Of(page), 'Clocks and reminders');
    await checkAccessibility(page, 'policy settings');
    // The demo partnership asks agencies for chronologies by working day 8.
    const agencies = page.getByLabel(/Agencies return chronologies/);
    assert.equal(await agencies.inputValue(), '8');

    const rapid = page.getByLabel(/Complete the rapid review within/);
    await rapid.fill('90');
    await submitAndWait(page, page.getByRole('button', { name: 'Save settings' }));
    assert.deepEqual(await errorSummaryLinks(page), [
      'Working days to complete the rapid review must be between 1 and 60',
    ]);
    assert.equal(
      await fieldError(rapid),
      'Working days to complete the rapid review must be between 1 and 60',
    );
    assert.equal(await rapid.inputValue(), '90', 'what was typed is kept');
    await checkAccessibility(page, 'policy settings with an error');

    await rapid.fill('20');
    await submitAndWait(page, page.getByRole('button', { name: 'Save settings' }));
    assert.match(await successMessage(page), /Policy settings saved/);
    assert.equal(await rapid.inputValue(), '20');
  });

  test('bank holidays: importing a newer file replaces the provisional dates of the years it covers', async () => {
    await submitAndWait(page, page.getByRole('link', { name: 'Bank holidays', exact: true }));
    assert.equal(await h1Of(page), 'Bank holidays');
    const year2029 = page.getByRole('table', { name: '2029' });
    assert.match(await textOf(year2029), /Provisional/);
    await checkAccessibility(page, 'bank holidays');

    await page.getByLabel('Bank holidays file').setInputFiles(FIXTURE);
    await submitAndWait(page, page.getByRole('button', { name: 'Import bank holidays' }));
    assert.match(await successMessage(page), /Bank holidays imported for 2028 to 2029/);
    const table = await textOf(page.getByRole('table', { name: '2029' }));
    assert.doesNotMatch(table, /Provisional/);
    assert.match(table, /8 June 2029 Extra bank holiday/);
    assert.match(
      await textOf(page.locator('#main-content')),
      /Dates removed 7 May 2029: Early May bank holiday/,
    );
    await checkAccessibility(page, 'bank holidays after an import');
  });
});
