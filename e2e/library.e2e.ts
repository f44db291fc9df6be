/**
 * The review library in a real browser, as the business unit manager: search the demo library,
 * narrow by a theme, open a review and see where the terms occur, then add a review from a .txt
 * file (after an error). axe (WCAG 2.2 AA) on every page and error re-render.
 */
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { checkAccessibility, launchBrowser, newPage, signIn, submitAndWait } from './support/browser.ts';
import { errorSummaryLinks, h1Of, navLink, successMessage, textOf } from './support/pages.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { stepper } from './support/steps.ts';

describe('Review library', () => {
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

  step('searches the library for co-sleeping and sees highlighted results', async () => {
    page = await newPage(browser);
    await signIn(page, server.baseUrl, 'manager@demo.lantern.test');
    await navLink(page, 'Library').click();
    await page.waitForLoadState('load');
    assert.equal(await h1Of(page), 'Library');
    await checkAccessibility(page, 'library');
    await page.getByLabel('Search the library').fill('co-sleeping');
    await submitAndWait(page, page.getByRole('button', { name: 'Search', exact: true }));
    assert.match(await textOf(page.locator('#results')), /^1 to \d+ of \d+ reviews$/);
    assert.ok((await page.locator('main mark').count()) > 0, 'the terms are highlighted');
    await checkAccessibility(page, 'library search results');
  });

  step('narrows the results by a theme, with counts in the labels', async () => {
    const prematurity = page.getByRole('checkbox', { name: 'Prematurity (1)', exact: true });
    await prematurity.check();
    await submitAndWait(page, page.getByRole('button', { name: 'Apply filters' }));
    assert.equal(await textOf(page.locator('#results')), '1 to 1 of 1 review');
    assert.ok(await page.getByRole('checkbox', { name: 'Prematurity (1)', exact: true }).isChecked());
    await checkAccessibility(page, 'library search, filtered');
  });

  step('opens a review and sees where the terms occur', async () => {
    await page.locator('main ol a').first().click();
    await page.waitForLoadState('load');
    assert.match(await h1Of(page), /^Baby J/);
    assert.match(await textOf(page.locator('#occurrences + p')), /^\d+ passages? with “co-sleeping”/);
    assert.ok((await page.getByTestId('occurrences').locator('mark').count()) > 0);
    assert.ok(await page.getByRole('link', { name: 'Themes', exact: true }).isVisible());
    await checkAccessibility(page, 'library review');
  });

  step('adds a review from a text file, first with an error', async () => {
    await page.goto(`${server.baseUrl}/library`);
    await page.getByRole('button', { name: 'Add a review' }).click();
    await page.waitForLoadState('load');
    assert.equal(await h1Of(page), 'Add a review');
    await checkAccessibility(page, 'add a review');
    await page.getByLabel('Title').fill('Child Z: a test review');
    await submitAndWait(page, page.getByRole('button', { name: 'Add review' }));
    assert.deepEqual(await errorSummaryLinks(page), ['Select the review’s file']);
    await checkAccessibility(page, 'add a review, with errors');
    await page.getByLabel('The review’s file').setInputFiles({
      name: 'child-z.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Child Z was often missing from school. Professionals shared information late.'),
    });
    await page.getByLabel('Area').fill('Testmoor');
    await page.getByLabel('Year published').fill('2024');
    await submitAndWait(page, page.getByRole('button', { name: 'Add review' }));
    assert.equal(await successMessage(page), 'Review added: Child Z: a test review');
    assert.equal(await h1Of(page), 'Child Z: a test review');
    assert.match(await textOf(page.locator('#text ~ div')), /often missing from school/);
    await checkAccessibility(page, 'added review');
  });
});
