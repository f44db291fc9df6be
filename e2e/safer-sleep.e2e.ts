/**
 * Safer sleep in a real browser, with axe (WCAG 2.2 AA) on each page and on the error re-render:
 * the health visitor records an assessment for the demo baby and sees it in the history; the
 * business unit's manager reads the practice measures and the risk factor settings.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { DEMO_SAFER_SLEEP_BABY_ID } from '../src/demo/seed-safer-sleep.ts';
import { checkAccessibility, launchBrowser, newPage, signIn, submitAndWait } from './support/browser.ts';
import { errorSummaryLinks, fieldError, h1Of, successMessage, textOf } from './support/pages.ts';
import { startServer, type RunningServer } from './support/server.ts';

const HV = 'hv@demo.lantern.test';
const MANAGER = 'manager@demo.lantern.test';

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

describe('the health visitor records a safer-sleep assessment', () => {
  let page: Page;
  before(async () => {
    page = await newPage(browser);
    await signIn(page, server.baseUrl, HV);
  });
  after(() => page.context().close());

  test('the history shows the demo assessments, newest first', async () => {
    await page.goto(`${server.baseUrl}/people/${DEMO_SAFER_SLEEP_BABY_ID}/safer-sleep`);
    assert.equal(await h1Of(page), 'Safer-sleep assessments');
    const cards = page
      .getByRole('heading', { level: 2 })
      .filter({ hasText: /^(New birth visit|Antenatal),/ });
    assert.deepEqual(
      (await cards.allInnerTexts()).map((t) => t.split(',')[0]),
      ['New birth visit', 'Antenatal'],
    );
    await checkAccessibility(page, 'safer-sleep history');
  });

  test('a missing plan is explained at the field; then the assessment is recorded with the father advised', async () => {
    await submitAndWait(page, page.getByRole('button', { name: 'Record a safer-sleep assessment' }));
    assert.equal(await h1Of(page), 'Record a safer-sleep assessment');
    await checkAccessibility(page, 'safer-sleep assessment form');

    await page.getByRole('radio', { name: 'Postnatal' }).check();
    await page
      .getByRole('group', { name: 'Situational ("out of routine")' })
      .getByLabel('Parent or carer is very tired')
      .check();
    const mother = page.getByRole('group', { name: 'Mother: Chloe Hollins' });
    await mother.getByLabel('Present').check();
    await mother.getByLabel('Given the advice').check();
    await page
      .getByRole('group', { name: 'Father or partner: Ryan Brook' })
      .getByLabel('Given the advice')
      .check();
    await page.getByLabel('Always put the baby on their back to sleep').check();
    await page.getByRole('radio', { name: 'Raised' }).check();
    await submitAndWait(page, page.getByRole('button', { name: 'Record assessment' }));

    assert.deepEqual(await errorSummaryLinks(page), ['Enter the plan agreed with the family']);
    const plan = page.getByLabel('Plan agreed with the family');
    assert.equal(await fieldError(plan), 'Enter the plan agreed with the family');
    assert.ok(
      await page
        .getByRole('group', { name: 'Father or partner: Ryan Brook' })
        .getByLabel('Given the advice')
        .isChecked(),
    );
    await checkAccessibility(page, 'safer-sleep assessment form with an error');

    await plan.fill('Both parents to take turns at night feeds; review at the 6 to 8 week check.');
    await submitAndWait(page, page.getByRole('button', { name: 'Record assessment' }));
    assert.match(await successMessage(page), /Safer-sleep assessment recorded/);
    const newest = page.locator('.govuk-summary-card').first();
    assert.match(await textOf(newest), /^Postnatal,/);
    assert.match(await textOf(newest), /Father or partner: Ryan Brook – advised, not present/);
    await checkAccessibility(page, 'safer-sleep history after recording');
  });
});

describe('the manager reads the safer-sleep measures', () => {
  let page: Page;
  before(async () => {
    page = await newPage(browser);
    await signIn(page, server.baseUrl, MANAGER);
  });
  after(() => page.context().close());

  test('a table by month and organisation, with small numbers hidden', async () => {
    await page.goto(`${server.baseUrl}/measures/safer-sleep`);
    assert.equal(await h1Of(page), 'Safer-sleep practice measures');
    const table = page.getByRole('table', { name: /By month and organisation/ });
    const text = await textOf(table);
    assert.match(text, /Brookvale Hospitals NHS Trust/);
    assert.match(text, /\d+ of \d+ \(\d+%\)/);
    assert.match(text, /fewer than 5/);
    await checkAccessibility(page, 'safer-sleep measures');
  });

  test('Baby T’s safer-sleep recommendation shows its linked measures', async () => {
    await page.goto(`${server.baseUrl}/reviews`);
    await submitAndWait(page, page.getByRole('link', { name: 'Baby T', exact: true }));
    assert.equal(await h1Of(page), 'Review Baby T');
    const measures = page.getByRole('heading', { name: 'Practice measures (whole partnership)' });
    assert.equal(await measures.count(), 1);
    assert.match(
      await textOf(page.locator('main')),
      /Postnatal contacts with a safer-sleep assessment: \w+ \d{4}: \d+ of \d+ \(\d+%\)/,
    );
    await checkAccessibility(page, 'review with linked measures');
  });

  test('the risk factor settings', async () => {
    await page.goto(`${server.baseUrl}/settings/safer-sleep-factors`);
    assert.equal(await h1Of(page), 'Safer-sleep risk factors');
    await checkAccessibility(page, 'safer-sleep risk factors');
  });
});
