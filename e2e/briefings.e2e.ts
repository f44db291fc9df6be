/**
 * Learning briefings in a real browser: the manager drafts a briefing from the review of Baby T,
 * edits it (an empty title first, to see the error re-render), and publishes it to the community
 * health trust and Riverside Medical Centre; Riverside's safeguarding lead confirms it was shared;
 * the health visitor says she has read it; the briefing then shows its reach by organisation.
 * axe (WCAG 2.2 AA) on every page and error re-render.
 */
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { checkAccessibility, launchBrowser, newPage, signIn, submitAndWait } from './support/browser.ts';
import { errorSummaryLinks, h1Of, successMessage, textOf } from './support/pages.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { stepper } from './support/steps.ts';

const TITLE = 'Safer sleep over the holidays: learning from Baby T';

describe('learning briefings', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let briefingPath = '';
  const step = stepper();
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  const signInAs = async (email: string) => {
    if (page) await page.context().close();
    page = await newPage(browser);
    await signIn(page, server.baseUrl, email);
  };

  step('the manager lists the briefings and drafts one from the review of Baby T', async () => {
    await signInAs('manager@demo.lantern.test');
    await page.goto(`${server.baseUrl}/briefings`);
    assert.equal(await h1Of(page), 'Learning briefings');
    assert.match(await textOf(page.locator('main')), /Safer sleep: learning from Baby T/);
    await checkAccessibility(page, 'briefings list');

    await page.getByRole('button', { name: 'Draft a briefing from a review' }).click();
    await page.waitForLoadState('load');
    assert.equal(await h1Of(page), 'Which review is the briefing about?');
    await checkAccessibility(page, 'choose a review');
    await submitAndWait(page, page.getByRole('button', { name: 'Draft the briefing' }));
    assert.deepEqual(await errorSummaryLinks(page), ['Select a review']);
    await checkAccessibility(page, 'choose a review, with an error');

    await page.getByLabel('Baby T', { exact: true }).check();
    await submitAndWait(page, page.getByRole('button', { name: 'Draft the briefing' }));
    assert.equal(await h1Of(page), 'Change the briefing');
    assert.match(await successMessage(page), /Draft created from the review of Baby T/);
    assert.match(
      await page.getByLabel('4. Learning').inputValue(),
      /^1\. Safer-sleep advice was given to the mother/,
    );
    await checkAccessibility(page, 'edit the draft');
  });

  step('an empty title is refused with an error beside the field; then the draft is saved', async () => {
    await page.getByLabel('Title', { exact: true }).fill('');
    await submitAndWait(page, page.getByRole('button', { name: 'Save the draft' }));
    assert.deepEqual(await errorSummaryLinks(page), ['Enter a title']);
    await checkAccessibility(page, 'edit the draft, with an error');

    await page.getByLabel('Title', { exact: true }).fill(TITLE);
    await page
      .getByLabel('7. Further reading')
      .fill('The Lullaby Trust: safer sleep advice.\nOut of routine (National Panel, 2020).');
    await submitAndWait(page, page.getByRole('button', { name: 'Save the draft' }));
    assert.equal(await h1Of(page), TITLE);
    assert.equal(await successMessage(page), 'Draft saved');
    briefingPath = new URL(page.url()).pathname;
    await checkAccessibility(page, 'draft briefing');
  });

  step('publishing needs an organisation; then it goes to the community trust and Riverside', async () => {
    await page.getByRole('button', { name: 'Check and publish' }).click();
    await page.waitForLoadState('load');
    assert.equal(await h1Of(page), 'Check and publish the briefing');
    await checkAccessibility(page, 'check and publish');
    await submitAndWait(page, page.getByRole('button', { name: 'Publish the briefing' }));
    assert.deepEqual(await errorSummaryLinks(page), ['Select at least one organisation']);
    await checkAccessibility(page, 'check and publish, with an error');

    await page.getByLabel('Brookvale Community Health NHS Trust').check();
    await page.getByLabel('Riverside Medical Centre').check();
    await submitAndWait(page, page.getByRole('button', { name: 'Publish the briefing' }));
    assert.equal(await successMessage(page), 'Briefing published to 2 organisations');
    assert.match(await textOf(page.locator('main')), /Shared by 0 of 2 organisations/);
    await checkAccessibility(page, 'published briefing');
  });

  step('Riverside’s safeguarding lead confirms the practice shared it', async () => {
    await signInAs('gp.lead@demo.lantern.test');
    await page.goto(server.baseUrl + briefingPath);
    await page.getByRole('button', { name: 'Confirm we shared it with our staff' }).click();
    await page.waitForLoadState('load');
    assert.equal(await h1Of(page), 'Confirm you shared the briefing with your staff');
    await checkAccessibility(page, 'confirm shared');
    await submitAndWait(page, page.getByRole('button', { name: 'Confirm we shared it' }));
    assert.deepEqual(await errorSummaryLinks(page), ['Enter the date it was shared']);
    await checkAccessibility(page, 'confirm shared, with an error');

    const [year, month, day] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' })
      .format(new Date())
      .split('-');
    await page.getByLabel('Day').fill(String(Number(day)));
    await page.getByLabel('Month').fill(String(Number(month)));
    await page.getByLabel('Year').fill(year!);
    await page.getByLabel('How did you share it? (optional)').fill('Practice clinical meeting');
    await submitAndWait(page, page.getByRole('button', { name: 'Confirm we shared it' }));
    assert.match(await successMessage(page), /can now see your organisation shared this briefing/);
    await checkAccessibility(page, 'briefing after confirming');
  });

  step('the health visitor reads it and says so; the reach shows both organisations', async () => {
    await signInAs('hv@demo.lantern.test');
    await page.goto(server.baseUrl + briefingPath);
    await checkAccessibility(page, 'briefing before acknowledging');
    await submitAndWait(page, page.getByRole('button', { name: 'I have read this briefing' }));
    assert.equal(await successMessage(page), 'Thank you for reading this briefing');
    assert.equal(await page.getByRole('button', { name: 'I have read this briefing' }).count(), 0);
    const main = await textOf(page.locator('main'));
    assert.match(main, /Shared by 1 of 2 organisations; 1 member of staff has said they read it/);
    const riverside = await textOf(page.getByRole('row', { name: /Riverside Medical Centre/ }));
    assert.match(riverside, /Practice clinical meeting/);
    assert.match(riverside, /Dr Nadia Qureshi/);
    const trust = await textOf(page.getByRole('row', { name: /Brookvale Community Health NHS Trust/ }));
    assert.match(trust, /Not confirmed yet 1$/);
    await checkAccessibility(page, 'briefing with its reach');

    const pdf = await page.request.get(`${server.baseUrl}${briefingPath}/pdf`);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
  });

  step('a page past the last one of the list says how many pages there are', async () => {
    await page.goto(`${server.baseUrl}/briefings?page=5`);
    assert.equal(await h1Of(page), 'Learning briefings');
    assert.match(
      await textOf(page.locator('main')),
      /There are \d+ briefings, on 1 page\. Go to the first page\./,
    );
    await checkAccessibility(page, 'briefings list past the last page');
    await page.getByRole('link', { name: 'Go to the first page' }).click();
    await page.waitForLoadState('load');
    assert.match(await textOf(page.locator('main')), new RegExp(TITLE.replace(/[:]/g, '.')));
    await page.context().close();
  });
});
