/**
 * Recurring actions in a real browser, with axe (WCAG 2.2 AA) on every page: the manager opens the
 * demo re-audit that repeats every 6 months, follows "Previous occurrence" to the closed first
 * audit and back, and adds a repeating action whose form comes back with an error.
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { checkAccessibility, launchBrowser, newPage, signIn, submitAndWait } from './support/browser.ts';
import { errorSummaryLinks, fieldError, h1Of, navLink, summaryValue, textOf } from './support/pages.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { stepper } from './support/steps.ts';

const MANAGER = 'manager@demo.lantern.test';
/** Demo data (src/demo/seed-recurring.ts). */
const RECURRING = 'Re-audit safer-sleep advice recorded at new-birth visits every 6 months';
const COMMUNITY = 'Brookvale Community Health NHS Trust';

let server: RunningServer;
let browser: Browser;
let page: Page | undefined;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await page?.context().close();
  await browser?.close();
  await server?.stop();
});

const step = stepper();

step('the tracker marks the repeating action with a small "Repeats" hint', async () => {
  page = await newPage(browser);
  await signIn(page, server.baseUrl, MANAGER);
  await submitAndWait(page, navLink(page, 'Action tracker'));
  await page.getByLabel('Status', { exact: true }).selectOption('not-started');
  await submitAndWait(page, page.getByRole('button', { name: 'Apply filters' }));
  const row = page.getByRole('row').filter({ hasText: RECURRING });
  assert.equal(await row.count(), 1);
  assert.match(await textOf(row), /Repeats every 6 months/);
  await checkAccessibility(page, 'tracker');
  await submitAndWait(page, row.getByRole('link', { name: RECURRING }));
});

step('the current occurrence says how often it repeats and links to the previous one', async () => {
  assert.equal(await h1Of(page!), `Action for ${COMMUNITY}`);
  assert.match(await textOf(summaryValue(page!, 'Status')), /^Not started/);
  assert.match(await textOf(summaryValue(page!, 'Repeats')), /^Repeats every 6 months Previous occurrence$/);
  await checkAccessibility(page!, 'current occurrence');
});

step('"Previous occurrence" opens the closed first audit, which links on to the current one', async () => {
  const current = page!.url();
  await submitAndWait(page!, page!.getByRole('link', { name: 'Previous occurrence', exact: true }));
  assert.equal(await textOf(summaryValue(page!, 'What will be done')), RECURRING);
  assert.equal(await textOf(summaryValue(page!, 'Status')), 'Closed');
  assert.match(await textOf(summaryValue(page!, 'Repeats')), /^Repeats every 6 months Next occurrence$/);
  await checkAccessibility(page!, 'previous occurrence');
  await submitAndWait(page!, page!.getByRole('link', { name: 'Next occurrence', exact: true }));
  assert.equal(page!.url(), current);
});

step('adding a repeating action without a description keeps the chosen "Repeat"', async () => {
  await submitAndWait(page!, summaryValue(page!, 'Review').getByRole('link'));
  await submitAndWait(page!, page!.getByRole('link', { name: 'Add an action to recommendation 3' }));
  assert.equal(await h1Of(page!), 'Add an action');
  await page!.getByLabel('Organisation that owns the action').selectOption({ label: COMMUNITY });
  await page!.getByRole('radio', { name: 'Every 12 months' }).check();
  await submitAndWait(page!, page!.getByRole('button', { name: 'Add action' }));

  assert.deepEqual(await errorSummaryLinks(page!), [
    'Enter a description of the action',
    'Enter the due date',
  ]);
  assert.equal(await fieldError(page!.getByLabel('What will be done')), 'Enter a description of the action');
  assert.equal(await page!.getByRole('radio', { name: 'Every 12 months' }).isChecked(), true);
  await checkAccessibility(page!, 'add action with errors');
});
