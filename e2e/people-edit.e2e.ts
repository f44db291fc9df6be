/**
 * Finding and correcting a person in a real browser, as the health visitor: a search by the first
 * letters of a family name, "Change" from the record's summary list, the edit form with an error
 * re-render, a saved correction, and the birth of an unborn baby recorded from its record.
 * axe (WCAG 2.2 AA) on every page and error re-render.
 */
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { DEMO_NHS } from '../src/demo/seed-families.ts';
import { checkAccessibility, launchBrowser, newPage, signIn, submitAndWait } from './support/browser.ts';
import {
  errorSummaryLinks,
  fillDate,
  h1Of,
  londonToday,
  successMessage,
  summaryValue,
  textOf,
} from './support/pages.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { stepper } from './support/steps.ts';

describe('correcting a person’s details', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = await newPage(browser);
    await signIn(page, server.baseUrl, 'hv@demo.lantern.test');
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });
  const step = stepper();

  step('finds the Ashworths by the first letters of their family name', async () => {
    await page.goto(`${server.baseUrl}/people`);
    await page.getByLabel('Family name').fill('  ash ');
    await submitAndWait(page, page.getByRole('button', { name: 'Search' }));
    const results = page.getByRole('table');
    for (const name of ['Leah Ashworth', 'Dan Ashworth', 'Baby Ashworth'])
      assert.equal(await results.getByRole('link', { name }).count(), 1, name);
    await checkAccessibility(page, 'search by name');
  });

  step('opens the edit form from "Change" beside the name', async () => {
    await page.getByRole('link', { name: 'Dan Ashworth' }).click();
    await page.waitForLoadState('load');
    await page.getByRole('link', { name: 'Change name' }).click();
    await page.waitForLoadState('load');
    assert.equal(await h1Of(page), 'Change Dan Ashworth’s details');
    assert.equal(await page.getByLabel('Given name').inputValue(), 'Dan');
    await checkAccessibility(page, 'change details');
  });

  step('re-renders a wrong NHS number and an empty name with the error summary', async () => {
    await page.getByLabel('Given name').fill('');
    await page.getByLabel('NHS number (optional)').fill('999 000 0108');
    await submitAndWait(page, page.getByRole('button', { name: 'Save changes' }));
    assert.deepEqual(await errorSummaryLinks(page), [
      'Enter the given name',
      'Enter a real NHS number: this one’s check digit is wrong',
    ]);
    await checkAccessibility(page, 'change details with errors');
  });

  step('saves the correction and shows it on the record', async () => {
    await page.getByLabel('Given name').fill('Daniel');
    await page.getByLabel('NHS number (optional)').fill(DEMO_NHS.danAshworth);
    await submitAndWait(page, page.getByRole('button', { name: 'Save changes' }));
    assert.equal(await successMessage(page), 'Details saved');
    assert.equal(await h1Of(page), 'Daniel Ashworth');
    assert.equal(await textOf(summaryValue(page, 'Name')), 'Daniel Ashworth');
    await checkAccessibility(page, 'record after a correction');
  });

  step('records the birth of the unborn baby from its record', async () => {
    await page.getByRole('link', { name: 'Baby Ashworth' }).click();
    await page.waitForLoadState('load');
    await page.getByRole('link', { name: 'Record the birth', exact: true }).click();
    await page.waitForLoadState('load');
    assert.equal(await h1Of(page), 'Change Baby Ashworth’s details');
    await checkAccessibility(page, 'change an unborn baby’s details');
    await fillDate(page, 'Date of birth (when the baby is born)', londonToday());
    await submitAndWait(page, page.getByRole('button', { name: 'Save changes' }));
    assert.equal(await successMessage(page), 'Birth recorded');
    assert.notEqual(await textOf(summaryValue(page, 'Date of birth')), 'Not born yet');
    assert.equal(await summaryValue(page, 'Expected date of delivery').count(), 1, 'kept as history');
    await checkAccessibility(page, 'record after the birth');
  });
});
