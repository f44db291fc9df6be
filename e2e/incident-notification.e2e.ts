/**
 * The serious incident notification: the business unit manager reads Baby T's notification (demo
 * data), downloads it, changes it with one mistake on the way, and adds and removes a child, with
 * axe (WCAG 2.2 AA) on each page and on the error re-render.
 */
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { checkAccessibility, launchBrowser, newPage, signIn, submitAndWait } from './support/browser.ts';
import {
  bodyRows,
  download,
  errorSummaryLinks,
  fieldError,
  h1Of,
  navLink,
  successMessage,
  summaryValue,
  textOf,
} from './support/pages.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { stepper } from './support/steps.ts';

const MANAGER = 'manager@demo.lantern.test';
const NEW_DESCRIPTION =
  'Baby T, aged two months, was found unresponsive in the parents’ bed after a family celebration.';

let server: RunningServer;
let browser: Browser;
let page: Page;
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

describe('serious incident notification', () => {
  step('the manager opens Baby T’s notification from the review page', async () => {
    page = await newPage(browser);
    await signIn(page, server.baseUrl, MANAGER);
    await submitAndWait(page, navLink(page, 'Reviews'));
    await submitAndWait(page, page.getByRole('link', { name: 'Baby T', exact: true }));
    await submitAndWait(page, page.getByRole('link', { name: 'Serious incident notification' }));
    assert.equal(await h1Of(page), 'Serious incident notification');
    assert.ok(await page.getByText('OFFICIAL-SENSITIVE').isVisible());
    assert.equal(await textOf(summaryValue(page, 'Kind of incident')), 'Sudden unexpected death in infancy');
    const agencies = await textOf(summaryValue(page, 'Agencies involved'));
    for (const name of ['Brookvale Hospitals NHS Trust', 'Brookvale Police', 'Riverside Medical Centre']) {
      assert.ok(agencies.includes(name), agencies);
    }
    const children = page.getByRole('table', { name: 'Children (1)' });
    assert.match(await textOf(bodyRows(children).first()), /^Baby T Under 1 year Male White Died/);
    await checkAccessibility(page, 'notification');
  });

  step('the download link gives the notification as a PDF', async () => {
    const file = await download(page, page.getByRole('link', { name: 'Download the notification as a PDF' }));
    assert.match(file.fileName, /^serious-incident-notification-baby-t-\d{4}-\d{2}-\d{2}\.pdf$/);
    assert.equal(file.content.subarray(0, 5).toString('latin1'), '%PDF-');
  });

  step(
    'a name as the child’s reference is refused, with the error summary and the field’s message',
    async () => {
      await submitAndWait(page, page.getByRole('link', { name: 'Change the notification' }));
      assert.equal(await h1Of(page), 'Change the serious incident notification');
      await checkAccessibility(page, 'notification form');
      const child = page.getByRole('group', { name: 'Child 1' });
      await child.getByLabel('Reference').fill('Tommy Jones');
      await page.getByLabel('Description of the incident').fill(NEW_DESCRIPTION);
      await submitAndWait(page, page.getByRole('button', { name: 'Save the notification' }));
      assert.deepEqual(await errorSummaryLinks(page), [
        "Enter a reference such as initials or a pseudonym (for example NS or Child Q), not the child's name",
      ]);
      assert.match(await fieldError(child.getByLabel('Reference')), /not the child's name/);
      // What was typed is kept.
      assert.equal(await page.getByLabel('Description of the incident').inputValue(), NEW_DESCRIPTION);
      await checkAccessibility(page, 'notification form with an error');
    },
  );

  step('a child can be added and removed before saving; Enter in a field saves', async () => {
    await page.getByRole('group', { name: 'Child 1' }).getByLabel('Reference').fill('Baby T');
    await submitAndWait(page, page.getByRole('button', { name: 'Add another child' }));
    assert.ok(await page.getByRole('group', { name: 'Child 2' }).isVisible());
    await checkAccessibility(page, 'notification form with two children');
    await submitAndWait(page, page.getByRole('button', { name: 'Remove child 2' }));
    assert.equal(await page.getByRole('group', { name: 'Child 2' }).count(), 0);

    const submittedBy = page.getByLabel('Submitted by (optional)');
    const navigated = page.waitForEvent('framenavigated', (frame) => frame === page.mainFrame());
    await submittedBy.press('Enter');
    await navigated;
    await page.waitForLoadState('load');
    assert.equal(await successMessage(page), 'Serious incident notification updated');
    assert.equal(await textOf(summaryValue(page, 'Description')), NEW_DESCRIPTION);
  });
});
