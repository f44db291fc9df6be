/**
 * The publication check in a real browser. The business unit manager opens the check, submits it
 * empty (error summary), then pastes a passage and sees each finding in words with the text around
 * it, highlighted; an allowed word is left out. axe (WCAG 2.2 AA) on every page and error re-render.
 */
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { checkAccessibility, launchBrowser, newPage, signIn, submitAndWait } from './support/browser.ts';
import { bodyRows, errorSummaryLinks, h1Of, textOf } from './support/pages.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { stepper } from './support/steps.ts';

const PASSAGE =
  'Child Q lived with her mother and her partner, Darren Hollis, at 14 Elm Road, Brookvale BV4 7QT. ' +
  'Child Q was born on 3 March 2019 and attended Oakfield Academy. The Named GP was not told.';

describe('publication check', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const step = stepper();
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  step('the manager opens the check and is asked for text when the box is empty', async () => {
    page = await newPage(browser);
    await signIn(page, server.baseUrl, 'manager@demo.lantern.test');
    await page.goto(`${server.baseUrl}/publication-check`);
    assert.equal(await h1Of(page), 'Check a report before publication');
    await checkAccessibility(page, 'publication check');
    await submitAndWait(page, page.getByRole('button', { name: 'Check the text' }));
    assert.deepEqual(await errorSummaryLinks(page), ['Enter the text to check']);
    await checkAccessibility(page, 'publication check, with errors');
  });

  step('pastes a passage and sees each finding in context, with an allowed word left out', async () => {
    await page.getByLabel('Report text').fill(PASSAGE);
    await page.getByLabel('Words to allow (optional)').fill('Brookvale\nChild Q');
    await submitAndWait(page, page.getByRole('button', { name: 'Check the text' }));
    assert.equal(await textOf(page.locator('#results')), '5 things found');
    const rows = bodyRows(page.getByRole('table'));
    const kinds = await rows.locator('td:first-child').allInnerTexts();
    assert.deepEqual(kinds, [
      'Name of a person',
      'Address',
      'Postcode',
      'Date of birth',
      'School or nursery',
    ]);
    assert.match(await textOf(rows.first()), /her partner, Darren Hollis, at 14 Elm Road/);
    assert.deepEqual(await page.locator('mark').allInnerTexts(), [
      'Darren Hollis',
      '14 Elm Road',
      'BV4 7QT',
      '3 March 2019',
      'Oakfield Academy',
    ]);
    await checkAccessibility(page, 'publication check, results');
  });
});
