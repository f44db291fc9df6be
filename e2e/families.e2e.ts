/**
 * Families and flags in a real browser: the health visitor finds a demo mother by NHS number, meets
 * the flags before anything else on the record, raises and ends a flag; the police lead must give a
 * reason first. axe (WCAG 2.2 AA) on every page and error re-render.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { DEMO_NHS } from '../src/demo/seed-families.ts';
import { checkAccessibility, launchBrowser, newPage, signIn, submitAndWait } from './support/browser.ts';
import { errorSummaryLinks, h1Of, navLink, successMessage } from './support/pages.ts';
import { startServer, type RunningServer } from './support/server.ts';

describe('families and flags', () => {
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

  /** The first landmark or heading inside <main>, as a screen reader moving through it meets it. */
  const firstInMain = (page: Page) =>
    page.evaluate(() => {
      const first = document
        .querySelector('main')
        ?.querySelector('[role="region"], h1, h2, .govuk-phase-banner');
      return first
        ? `${first.getAttribute('role') ?? first.tagName}:${first.textContent?.trim().slice(0, 40)}`
        : '';
    });

  test('the health visitor finds a mother, reads her flags first, raises and ends a flag', async () => {
    const page = await newPage(browser);
    await signIn(page, server.baseUrl, 'hv@demo.lantern.test');
    await navLink(page, 'Families').click();
    await page.waitForLoadState('load');
    assert.equal(await h1Of(page), 'Find a person');
    await checkAccessibility(page, 'find a person');

    await page.getByLabel('NHS number', { exact: true }).fill(DEMO_NHS.leahAshworth);
    await submitAndWait(page, page.getByRole('button', { name: 'Search' }));
    await checkAccessibility(page, 'search results');
    await page.getByRole('link', { name: 'Leah Ashworth' }).click();
    await page.waitForLoadState('load');
    assert.equal(await h1Of(page), 'Leah Ashworth');
    assert.match(await firstInMain(page), /^region:Flags on this record/);
    const flags = page.getByRole('region', { name: 'Flags on this record' });
    assert.match(await flags.innerText(), /Purple butterfly/);
    assert.match(await flags.innerText(), /previous neonatal loss/);
    await checkAccessibility(page, 'person record');

    await page.getByRole('link', { name: 'Access history' }).click();
    await page.waitForLoadState('load');
    assert.equal(await h1Of(page), 'Access history');
    await checkAccessibility(page, 'access history');
    await page.goBack();

    await page.getByRole('button', { name: 'Raise a flag' }).click();
    await page.waitForLoadState('load');
    assert.equal(await h1Of(page), 'Raise a flag');
    await checkAccessibility(page, 'raise a flag');
    await submitAndWait(page, page.getByRole('button', { name: 'Raise flag' }));
    assert.deepEqual(await errorSummaryLinks(page), ['Select the kind of flag']);
    await checkAccessibility(page, 'raise a flag with an error');
    await page.getByLabel('Unborn Baby Network referral').check();
    await page.getByLabel('Note (optional)').fill('Referral made at booking.');
    await submitAndWait(page, page.getByRole('button', { name: 'Raise flag' }));
    assert.equal(await successMessage(page), 'Flag raised');
    assert.match(
      await page.getByRole('region', { name: 'Flags on this record' }).innerText(),
      /Unborn Baby Network/,
    );

    await page.getByRole('link', { name: 'End the Unborn Baby Network referral flag' }).click();
    await page.waitForLoadState('load');
    await checkAccessibility(page, 'end a flag');
    await page
      .getByLabel('Why does the flag end?')
      .fill('Raised by mistake: the referral is for another family.');
    await submitAndWait(page, page.getByRole('button', { name: 'End flag' }));
    assert.equal(await successMessage(page), 'Flag ended');
    assert.match(await page.getByRole('region', { name: 'Flags on this record' }).innerText(), /ended on/);

    await page.goto(`${server.baseUrl}/people/new`);
    assert.equal(await h1Of(page), 'Record a person');
    await checkAccessibility(page, 'record a person');
  });

  test('the police lead gives a reason before opening a record', async () => {
    const page = await newPage(browser);
    await signIn(page, server.baseUrl, 'police.lead@demo.lantern.test');
    await page.goto(`${server.baseUrl}/people?nhsNumber=${DEMO_NHS.kayleighPryce}`);
    await page.getByRole('link', { name: 'A matching record' }).click();
    await page.waitForLoadState('load');
    assert.equal(await h1Of(page), 'Give a reason to open this record');
    await checkAccessibility(page, 'break glass');
    await page.getByLabel('Why do you need to see this record?').fill('urgent');
    await submitAndWait(page, page.getByRole('button', { name: 'Open the record' }));
    assert.equal((await errorSummaryLinks(page)).length, 1);
    await checkAccessibility(page, 'break glass with an error');
    await page
      .getByLabel('Why do you need to see this record?')
      .fill('Officers attended the family home overnight after a call about a baby.');
    await submitAndWait(page, page.getByRole('button', { name: 'Open the record' }));
    assert.equal(await h1Of(page), 'Kayleigh Pryce');
    assert.match(await firstInMain(page), /^region:Flags on this record/);
    await checkAccessibility(page, 'record after break glass');
  });

  test('a board member gets "Page not found" and no Families link', async () => {
    const page = await newPage(browser);
    await signIn(page, server.baseUrl, 'board@demo.lantern.test');
    assert.equal(await navLink(page, 'Families').count(), 0);
    const response = await page.goto(`${server.baseUrl}/people?nhsNumber=${DEMO_NHS.leahAshworth}`);
    assert.equal(response?.status(), 404);
    await checkAccessibility(page, 'board not found');
  });

  test('the business unit changes a flag type', async () => {
    const page = await newPage(browser);
    await signIn(page, server.baseUrl, 'manager@demo.lantern.test');
    await page.goto(`${server.baseUrl}/settings/flag-types`);
    assert.equal(await h1Of(page), 'Flag types');
    await checkAccessibility(page, 'flag types');
    await page.getByRole('link', { name: 'Change Safer-sleep risk identified' }).click();
    await page.waitForLoadState('load');
    await checkAccessibility(page, 'change a flag type');
    await page.getByLabel('Days it stays visible after it ends').fill('');
    await submitAndWait(page, page.getByRole('button', { name: 'Save' }));
    assert.equal((await errorSummaryLinks(page)).length, 1);
    await checkAccessibility(page, 'change a flag type with an error');
    await page.getByLabel('Days it stays visible after it ends').fill('45');
    await submitAndWait(page, page.getByRole('button', { name: 'Save' }));
    assert.match(await successMessage(page), /saved/);
    await page.goto(`${server.baseUrl}/settings/flag-types/new`);
    assert.equal(await h1Of(page), 'Add a flag type');
    await checkAccessibility(page, 'add a flag type');
  });
});
