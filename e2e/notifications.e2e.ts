/**
 * Notifications in a real browser, with axe (WCAG 2.2 AA) on every page: the trust's lead sees the
 * unread count in the header, opens the inbox, opens a reminder (which marks it read), marks the
 * rest read and changes which reminders also come by email; the manager reads the outbox.
 */
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { checkAccessibility, launchBrowser, newPage, signIn, submitAndWait } from './support/browser.ts';
import { errorSummaryLinks, h1Of, navLink, successMessage, textOf } from './support/pages.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { stepper } from './support/steps.ts';

const TRUST_LEAD = 'trust.lead@demo.lantern.test';
const MANAGER = 'manager@demo.lantern.test';
/** Demo data (src/demo/seed-notifications.ts). */
// Sent by the real reminder service when the demo loads: the trust's checklist action is overdue.
const OVERDUE = 'Action overdue: Baby T, recommendation 3';

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
  assert.match(await h1Of(page), /^Welcome/);
  return page;
}

describe('the trust’s lead and their notifications', () => {
  const step = stepper();
  let page: Page;
  after(() => page?.context().close());

  step('the header counts unread notifications, in words for screen readers', async () => {
    page = await signedIn(TRUST_LEAD);
    const link = navLink(page, 'Notifications, 2 unread');
    assert.equal(await textOf(link.locator('[aria-hidden="true"]')), 'Notifications (2)', 'what is seen');
    await submitAndWait(page, link);
    assert.equal(await h1Of(page), 'Notifications');
    assert.ok(await page.getByRole('heading', { level: 2, name: `New ${OVERDUE}` }).isVisible());
    await checkAccessibility(page, 'inbox');
  });

  step('opening a reminder marks it read and goes to the action', async () => {
    await submitAndWait(page, page.getByRole('button', { name: `Open notification: ${OVERDUE}` }));
    assert.match(await h1Of(page), /^Action for Brookvale Hospitals NHS Trust/);
    assert.equal(await navLink(page, 'Notifications, 1 unread').count(), 1);
    await submitAndWait(page, navLink(page, 'Notifications, 1 unread'));
    assert.ok(await page.getByRole('heading', { level: 2, name: OVERDUE, exact: true }).isVisible());
  });

  step('"Mark all as read" clears the count', async () => {
    await submitAndWait(page, page.getByRole('button', { name: 'Mark all as read' }));
    assert.equal(await successMessage(page), 'All your notifications are marked as read');
    assert.equal(await navLink(page, 'Notifications').count(), 1);
    assert.equal(await page.getByRole('button', { name: 'Mark all as read' }).count(), 0);
    await checkAccessibility(page, 'inbox, all read');
  });

  step('email choices: an impossible choice is refused, then a real one is saved', async () => {
    await submitAndWait(
      page,
      page.getByRole('link', { name: 'Choose which notifications you also get by email' }),
    );
    assert.equal(await h1Of(page), 'Send me an email when…');
    await checkAccessibility(page, 'email choices');

    // Only a tampered form can send an unknown kind; the page must still answer in words.
    await page.getByLabel('A weekly summary of what you own and what is due').evaluate((el) => {
      (el as HTMLInputElement).value = 'made-up';
    });
    await submitAndWait(page, page.getByRole('button', { name: 'Save' }));
    assert.deepEqual(await errorSummaryLinks(page), ['Choose from the list']);
    await checkAccessibility(page, 'email choices, with an error');

    await page.reload();
    await page.getByLabel('A weekly summary of what you own and what is due').uncheck();
    await submitAndWait(page, page.getByRole('button', { name: 'Save' }));
    assert.equal(await successMessage(page), 'Your email choices are saved');
    assert.equal(
      await page.getByLabel('A weekly summary of what you own and what is due').isChecked(),
      false,
    );
    assert.equal(await page.getByLabel('An action you own is overdue').isChecked(), true);
  });
});

describe('the manager reads the outbox', () => {
  const step = stepper();
  let page: Page;
  after(() => page?.context().close());

  step('the list says each email is not sent, and opening one shows its body', async () => {
    page = await signedIn(MANAGER);
    await submitAndWait(page, navLink(page, 'Outbox'));
    assert.equal(await h1Of(page), 'Emails sent by Lantern');
    const table = page.getByRole('table', { name: /emails?, newest first/ });
    assert.match(await textOf(table), /Not sent: no email service is set up/);
    await checkAccessibility(page, 'outbox');

    await submitAndWait(page, table.getByRole('link', { name: OVERDUE }));
    assert.equal(await h1Of(page), OVERDUE);
    assert.match(await textOf(page.getByTestId('email-body')), /Open it in Lantern: \/actions\//);
    await checkAccessibility(page, 'one email');
  });
});
