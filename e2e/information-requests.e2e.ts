/**
 * Information requests for a review, in a real browser with axe (WCAG 2.2 AA) on every page: the
 * business unit sends a request (after one error re-render), the trust's lead answers with text and
 * a file and sends the return, and the review page shows it returned.
 */
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { checkAccessibility, launchBrowser, newPage, signIn, submitAndWait } from './support/browser.ts';
import {
  bodyRows,
  errorSummaryLinks,
  fieldError,
  h1Of,
  navLink,
  successMessage,
  textOf,
} from './support/pages.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { stepper } from './support/steps.ts';

const MANAGER = 'manager@demo.lantern.test';
const TRUST_LEAD = 'trust.lead@demo.lantern.test';
const TRUST = 'Brookvale Hospitals NHS Trust';
/** Demo data (src/demo/seed-requests.ts): Child Q's review has four requests, two returned. */
const REVIEW = 'Child Q';
const ANSWER = 'Month 2: Child Q seen in the emergency department with a minor burn; discharged with advice.';
const PDF_BYTES = Buffer.from('%PDF-1.4\n%%EOF\n');

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

async function signedIn(email: string): Promise<Page> {
  const page = await newPage(browser);
  await signIn(page, server.baseUrl, email);
  assert.match(await h1Of(page), /^Welcome/, `${email} did not reach Home`);
  return page;
}

/** The review page's table of requests (its caption counts the returns: "2 of 4 returned"). */
function requestsTable(page: Page): Locator {
  return page.getByRole('table', { name: /^\d+ of \d+ returned$/ });
}

async function rowFor(page: Page, organisation: string): Promise<string> {
  return textOf(bodyRows(requestsTable(page)).filter({ hasText: organisation }));
}

async function openChildQ(page: Page): Promise<void> {
  await submitAndWait(page, navLink(page, 'Reviews'));
  await submitAndWait(page, page.getByRole('link', { name: REVIEW, exact: true }));
  assert.equal(await h1Of(page), `Review ${REVIEW}`);
}

describe('information requests: sent by the business unit, returned by the trust', () => {
  const step = stepper();
  let manager: Page | undefined;
  let lead: Page | undefined;
  after(async () => {
    await manager?.context().close();
    await lead?.context().close();
  });

  step('the review page shows who has and has not returned', async () => {
    manager = await signedIn(MANAGER);
    await openChildQ(manager);
    assert.equal(await textOf(requestsTable(manager).locator('caption')), '2 of 4 returned');
    assert.match(await rowFor(manager, 'Riverside Medical Centre'), /Overdue/);
    assert.match(await rowFor(manager, 'Brookvale Community Health NHS Trust'), /Not returned yet/);
    assert.match(await rowFor(manager, 'Brookvale Police'), /Returned \d{1,2} [A-Z][a-z]+/);
    await checkAccessibility(manager, 'review page with information requests');
  });

  step('sending with no organisation chosen names what is missing', async () => {
    const page = manager!;
    await submitAndWait(page, page.getByRole('button', { name: 'Send information requests', exact: true }));
    assert.equal(await h1Of(page), 'Send information requests');
    await checkAccessibility(page, 'send information requests');
    const due = page.getByRole('group', { name: 'Due date', exact: true });
    assert.notEqual(
      await due.getByLabel('Year', { exact: true }).inputValue(),
      '',
      'the default due date is filled in',
    );

    await submitAndWait(page, page.getByRole('button', { name: 'Send requests', exact: true }));
    assert.deepEqual(await errorSummaryLinks(page), ['Select at least one organisation to ask']);
    assert.equal(
      await fieldError(page.getByRole('group', { name: 'Which organisations are you asking?' })),
      'Select at least one organisation to ask',
    );
    await checkAccessibility(page, 'send information requests, with errors');
  });

  step('the manager asks the trust for its chronology', async () => {
    const page = manager!;
    await page.getByLabel(TRUST, { exact: true }).check();
    await page
      .getByLabel('Note to the organisations (optional)', { exact: true })
      .fill('Please cover the last year.');
    await submitAndWait(page, page.getByRole('button', { name: 'Send requests', exact: true }));
    assert.equal(await h1Of(page), `Review ${REVIEW}`);
    assert.equal(await successMessage(page), `Information request sent to ${TRUST}`);
    assert.equal(await textOf(requestsTable(page).locator('caption')), '2 of 5 returned');
    assert.match(await rowFor(page, TRUST), /Not returned yet/);
  });

  step("the trust's lead finds the request, answers with a file and sends the return", async () => {
    lead = await signedIn(TRUST_LEAD);
    await submitAndWait(lead, navLink(lead, 'Information requests'));
    assert.equal(await h1Of(lead), 'Information requests');
    await checkAccessibility(lead, 'information requests list');
    const open = lead.getByRole('table', { name: 'Waiting for a return' });
    await submitAndWait(lead, open.getByRole('link', { name: new RegExp(`^Review ${REVIEW}`) }));
    assert.equal(await h1Of(lead), `Information request to ${TRUST}`);
    await checkAccessibility(lead, 'information request');

    await lead.getByLabel('Your answer', { exact: true }).fill(ANSWER);
    await lead.getByLabel('Attach a file (optional)', { exact: true }).setInputFiles({
      name: 'chronology.pdf',
      mimeType: 'application/pdf',
      buffer: PDF_BYTES,
    });
    await submitAndWait(lead, lead.getByRole('button', { name: 'Send the return', exact: true }));
    assert.equal(await successMessage(lead), 'Return sent to the partnership business unit');
    const done = lead.getByRole('table', { name: 'Returned or withdrawn' });
    assert.match(await textOf(done), /Returned \d{1,2} [A-Z][a-z]+/);
    await checkAccessibility(lead, 'information requests list after the return');
  });

  step('the manager sees the return on the review page and reads it', async () => {
    const page = manager!;
    await page.reload();
    assert.equal(await textOf(requestsTable(page).locator('caption')), '3 of 5 returned');
    assert.match(await rowFor(page, TRUST), /Returned/);
    await submitAndWait(
      page,
      requestsTable(page).getByRole('link', { name: `View the request to ${TRUST}`, exact: true }),
    );
    assert.equal(await h1Of(page), `Information request to ${TRUST}`);
    assert.equal(await textOf(page.getByTestId('answer')), ANSWER);
    assert.ok(await page.getByRole('link', { name: 'chronology.pdf' }).isVisible());
    await checkAccessibility(page, 'a returned information request');
  });
});
