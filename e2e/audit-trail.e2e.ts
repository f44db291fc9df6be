/**
 * Checking the audit trail in a real browser: the business unit manager opens the audit log,
 * follows "Check the audit trail", runs the check and sees that the trail is intact.
 * axe (WCAG 2.2 AA) on every page visited.
 */
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { checkAccessibility, launchBrowser, newPage, signIn, submitAndWait } from './support/browser.ts';
import { h1Of, textOf } from './support/pages.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { stepper } from './support/steps.ts';

describe('Check the audit trail', () => {
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

  step('the manager opens the check from the audit log; it has not been run yet', async () => {
    page = await newPage(browser);
    await signIn(page, server.baseUrl, 'manager@demo.lantern.test');
    await page.goto(`${server.baseUrl}/audit-log`);
    assert.equal(await h1Of(page), 'Audit log');
    await page.getByRole('link', { name: 'Check the audit trail' }).click();
    await page.waitForLoadState('load');
    assert.equal(await h1Of(page), 'Check the audit trail');
    assert.match(await textOf(page.locator('main')), /has not been checked yet/);
    await checkAccessibility(page, 'check the audit trail');
  });

  step('runs the check and sees the trail is intact', async () => {
    await submitAndWait(page, page.getByRole('button', { name: 'Check the audit trail' }));
    assert.equal(await h1Of(page), 'Check the audit trail');
    assert.equal(await textOf(page.locator('.govuk-panel__title')), 'The audit trail is intact');
    assert.match(await textOf(page.locator('.govuk-panel__body')), /entr(?:y|ies) checked on .* by /);
    await checkAccessibility(page, 'check the audit trail, intact');
  });
});
