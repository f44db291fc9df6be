/**
 * The GP Forum and a campaign in a real browser. The Named GP (the forum's chair) opens the forum,
 * a meeting, records attendance, adds a forum action (after an error) and finds it in the action
 * tracker; a police lead records that the police shared the safer-sleep campaign (after an error).
 * axe (WCAG 2.2 AA) on every page and error re-render.
 */
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { checkAccessibility, launchBrowser, newPage, signIn, submitAndWait } from './support/browser.ts';
import { errorSummaryLinks, fillDate, h1Of, londonToday, successMessage, textOf } from './support/pages.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { stepper } from './support/steps.ts';

describe('GP Forum and campaigns', () => {
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

  /** Follows a link, or a GOV.UK button made of a link (role "button"). */
  const open = async (name: string) => {
    const target = page
      .getByRole('link', { name, exact: true })
      .or(page.getByRole('button', { name, exact: true }));
    await target.first().click();
    await page.waitForLoadState('load');
  };

  step('the chair opens the GP Forum and sees the practice with no member yet', async () => {
    page = await newPage(browser);
    await signIn(page, server.baseUrl, 'named.gp@demo.lantern.test');
    await page.goto(`${server.baseUrl}/forums`);
    assert.equal(await h1Of(page), 'Forums');
    await checkAccessibility(page, 'forums');
    await open('GP Forum');
    assert.equal(await h1Of(page), 'GP Forum');
    const gaps = await textOf(page.locator('main ul').filter({ hasText: 'Oakfield' }));
    assert.equal(gaps, 'Oakfield Family Practice');
    await checkAccessibility(page, 'GP Forum');
  });

  step('opens the last meeting held and records attendance', async () => {
    // Newest first: an upcoming meeting, then the last one held.
    await page.locator('#meetings ~ table a[href*="/meetings/"]').nth(1).click();
    await page.waitForLoadState('load');
    assert.match(await h1Of(page), /^Meeting on /);
    assert.match(await textOf(page.locator('main')), /Learning point 4:/);
    await checkAccessibility(page, 'meeting');
    await open('Record attendance');
    assert.equal(await h1Of(page), 'Record attendance');
    await checkAccessibility(page, 'record attendance');
    await page
      .getByRole('group', { name: /^Helen Marsh/ })
      .getByLabel('Present', { exact: true })
      .check();
    await submitAndWait(page, page.getByRole('button', { name: 'Save attendance' }));
    assert.equal(await successMessage(page), 'Attendance saved');
    const row = page.getByRole('row').filter({ hasText: 'Helen Marsh' });
    assert.match(await textOf(row), /Present$/);
  });

  step('adds a forum action, first with an error, and finds it in the action tracker', async () => {
    await open('Add a forum action');
    assert.equal(await h1Of(page), 'Add a forum action');
    await checkAccessibility(page, 'add a forum action');
    await submitAndWait(page, page.getByRole('button', { name: 'Add action' }));
    assert.ok((await errorSummaryLinks(page)).includes('Enter a description of the action'));
    await checkAccessibility(page, 'add a forum action, with errors');
    await page
      .getByLabel('What will be done')
      .fill('Send the forum’s safer-sleep notes to every practice manager');
    await page.getByLabel('Organisation that owns the action').selectOption({ label: 'Canal Side Surgery' });
    const today = londonToday();
    await fillDate(page, 'Due date', { ...today, year: today.year + 1 });
    await submitAndWait(page, page.getByRole('button', { name: 'Add action' }));
    assert.equal(await successMessage(page), 'Action added to the tracker for Canal Side Surgery');
    const listed = page.getByRole('row').filter({ hasText: 'safer-sleep notes to every practice manager' });
    assert.match(await textOf(listed), /Not started/);
    await page.goto(`${server.baseUrl}/actions`);
    const tracked = page.getByRole('row').filter({ hasText: 'safer-sleep notes to every practice manager' });
    assert.match(await textOf(tracked), /GP Forum, \d+ \w+ \d{4}/);
    await checkAccessibility(page, 'action tracker');
    await page.context().close();
  });

  step('a police lead records that the police shared the campaign, first with an error', async () => {
    page = await newPage(browser);
    await signIn(page, server.baseUrl, 'police.lead@demo.lantern.test');
    await page.goto(`${server.baseUrl}/campaigns`);
    assert.equal(await h1Of(page), 'Campaigns');
    await checkAccessibility(page, 'campaigns');
    await open('Safer sleep and alcohol');
    assert.equal(await h1Of(page), 'Safer sleep and alcohol');
    const police = () => page.getByRole('row').filter({ hasText: 'Brookvale Police' });
    assert.match(await textOf(police()), /Not yet shared/);
    await checkAccessibility(page, 'campaign');
    await open('Record that it was shared');
    await checkAccessibility(page, 'record sharing');
    await submitAndWait(page, page.getByRole('button', { name: 'Record sharing' }));
    assert.ok((await errorSummaryLinks(page)).includes('Say how it was shared'));
    await checkAccessibility(page, 'record sharing, with errors');
    await fillDate(page, 'Date shared', londonToday());
    await page.getByLabel('How it was shared').fill('Video shown at the public protection team briefing');
    await page.getByLabel(/About how many people/).fill('60');
    await submitAndWait(page, page.getByRole('button', { name: 'Record sharing' }));
    assert.match(await successMessage(page), /Brookvale Police shared this campaign/);
    assert.match(await textOf(police()), /^Brookvale Police Shared \d/);
    await page.context().close();
  });
});
