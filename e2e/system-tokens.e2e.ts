/**
 * The business unit issues a system token for an organisation's system and revokes it, in a real
 * browser with axe (WCAG 2.2 AA) on the list, the error re-render and the page that shows the token once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { checkAccessibility, launchBrowser, newPage, signIn, submitAndWait } from './support/browser.ts';
import { errorSummaryLinks, h1Of, navLink, successMessage, textOf } from './support/pages.ts';
import { startServer, type RunningServer } from './support/server.ts';

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

describe('the business unit manages system tokens', () => {
  let page: Page;
  before(async () => {
    page = await newPage(browser);
    await signIn(page, server.baseUrl, 'manager@demo.lantern.test');
  });
  after(() => page.context().close());

  test('creates a token (shown once, after an error at the field), then revokes it', async () => {
    await submitAndWait(page, navLink(page, 'Settings'));
    await submitAndWait(page, page.getByRole('link', { name: 'System tokens', exact: true }));
    assert.equal(await h1Of(page), 'System tokens');
    const table = page.getByRole('table', { name: 'System tokens' });
    assert.match(await textOf(table), /Emergency department patient system/);
    await checkAccessibility(page, 'system tokens');

    await page.getByLabel('Organisation').selectOption({ label: 'Brookvale Community Health NHS Trust' });
    await submitAndWait(page, page.getByRole('button', { name: 'Create token' }));
    assert.deepEqual(await errorSummaryLinks(page), [
      'Enter a name for the token, such as the system that will use it',
    ]);
    await checkAccessibility(page, 'system tokens with an error');

    await page.getByLabel('Name').fill('Urgent treatment centre system');
    await submitAndWait(page, page.getByRole('button', { name: 'Create token' }));
    assert.equal(await h1Of(page), 'System token created');
    const token = await textOf(page.getByTestId('token'));
    assert.match(token, /^lst_/);
    await checkAccessibility(page, 'token created');

    const api = await fetch(
      `${server.baseUrl}/fhir/r4/Flag?subject:identifier=https://fhir.nhs.uk/Id/nhs-number|9434765919`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    assert.equal(api.status, 200);

    await submitAndWait(page, page.getByRole('link', { name: 'Back to system tokens' }));
    assert.ok(!(await page.content()).includes(token), 'the token is not shown again');
    await submitAndWait(
      page,
      page.getByRole('button', {
        name: 'Revoke the token Urgent treatment centre system of Brookvale Community Health NHS Trust',
      }),
    );
    assert.match(await successMessage(page), /is revoked/);
    const again = await fetch(
      `${server.baseUrl}/fhir/r4/Flag?subject:identifier=https://fhir.nhs.uk/Id/nhs-number|9434765919`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    assert.equal(again.status, 401);
  });
});
