/**
 * Spreading the learning, seen by a board member in a real browser: the Learning hub, the review of
 * Baby T where a recommendation shows its briefings, training and forum discussions, and the action
 * status over time. axe (WCAG 2.2 AA) on every page.
 */
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { checkAccessibility, launchBrowser, newPage, signIn } from './support/browser.ts';
import { h1Of, navLink, textOf } from './support/pages.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { stepper } from './support/steps.ts';

describe('spreading the learning', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const step = stepper();
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = await newPage(browser);
    await signIn(page, server.baseUrl, 'board@demo.lantern.test');
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  step('the board member opens the Learning hub from the navigation', async () => {
    await navLink(page, 'Learning').click();
    await page.waitForLoadState('load');
    assert.equal(await h1Of(page), 'Spreading the learning');
    for (const name of ['Learning briefings', 'Training programme', 'Forums', 'Campaigns and resources'])
      assert.ok(await page.getByRole('link', { name, exact: true }).isVisible(), name);
    await checkAccessibility(page, 'learning hub');
  });

  step(
    'a recommendation of the review of Baby T shows what has been done to spread its learning',
    async () => {
      await navLink(page, 'Reviews').click();
      await page.getByRole('link', { name: 'Baby T', exact: true }).first().click();
      await page.waitForLoadState('load');
      const card = page.locator('#recommendation-1');
      const text = await textOf(card);
      assert.match(text, /Spreading the learning/);
      assert.match(text, /Training\s+Safeguarding in primary care: learning from reviews/);
      assert.match(text, /Discussed at GP Forum/);
      await checkAccessibility(page, 'review with learning evidence');
    },
  );

  step('the action tracker leads to action status over time, drawn and tabled', async () => {
    await navLink(page, 'Action tracker').click();
    await page
      .getByRole('link', { name: 'See how action status has changed over the last 12 months' })
      .click();
    await page.waitForLoadState('load');
    assert.equal(await h1Of(page), 'Action status over time');
    assert.equal(await page.getByRole('img', { name: 'Action status over the last 12 months' }).count(), 1);
    assert.equal(await page.locator('table tbody tr').count(), 12);
    await checkAccessibility(page, 'action status over time');
  });
});
