/**
 * Two-factor sign-in in a real browser, with it required (as in production): the demo health visitor
 * sets up an authenticator app at first sign-in (the app is played by computing the code from the
 * key the page shows, as a phone would from the QR code), keeps her recovery codes, signs out, and
 * signs in again with a fresh code; then with a recovery code. axe (WCAG 2.2 AA) on every page.
 */
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { codeForStep, stepAt } from '../src/modules/auth/totp.ts';
import { checkAccessibility, launchBrowser, newPage, submitAndWait } from './support/browser.ts';
import { errorSummaryLinks, h1Of, textOf } from './support/pages.ts';
import { DEMO_PASSWORD, startServer, type RunningServer } from './support/server.ts';
import { stepper } from './support/steps.ts';

const HEALTH_VISITOR = 'hv@demo.lantern.test';

describe('two-factor sign-in', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let secret = '';
  let recoveryCodes: string[] = [];
  before(async () => {
    server = await startServer({ env: { LANTERN_TWO_FACTOR: 'required' } });
    browser = await launchBrowser();
    page = await newPage(browser);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });
  const step = stepper();

  const password = async () => {
    await page.goto(`${server.baseUrl}/sign-in`);
    await page.getByLabel('Email address', { exact: true }).fill(HEALTH_VISITOR);
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await submitAndWait(page, page.getByRole('button', { name: 'Sign in', exact: true }));
  };
  const enterCode = async (code: string) => {
    await page.getByLabel('Code', { exact: true }).fill(code);
    await submitAndWait(page, page.getByRole('button', { name: 'Continue', exact: true }));
  };

  step(
    'asks the health visitor, who can see family records, to set up an app after her password',
    async () => {
      await password();
      assert.equal(await h1Of(page), 'Set up an authenticator app');
      assert.ok(await page.getByRole('img', { name: /QR code/ }).isVisible());
      secret = (await textOf(page.getByTestId('totp-key'))).replace(/\s/g, '');
      assert.match(secret, /^[A-Z2-7]{32}$/);
      // The demo partnership shows its fictional accounts the code, so it can be tried without a phone.
      const now = stepAt(Date.now());
      const shown = await textOf(page.getByTestId('demo-code'));
      assert.ok(
        [now - 1, now].some((s) => codeForStep(secret, s) === shown),
        'the demo code is the app’s',
      );
      await checkAccessibility(page, 'set up an authenticator app');
    },
  );

  step('shows the error next to the field for a wrong code', async () => {
    await enterCode('12345');
    assert.deepEqual(await errorSummaryLinks(page), [
      'The code is not right. Enter the code your app shows now for Lantern',
    ]);
    await checkAccessibility(page, 'set-up error');
  });

  step('takes the code from the app and shows ten recovery codes once', async () => {
    await enterCode(codeForStep(secret, stepAt(Date.now())));
    assert.equal(await h1Of(page), 'Your recovery codes');
    recoveryCodes = (await page.getByTestId('recovery-codes').locator('code').allTextContents()).map((c) =>
      c.trim(),
    );
    assert.equal(recoveryCodes.length, 10);
    await checkAccessibility(page, 'recovery codes');
    await page.getByRole('button', { name: /I have kept my codes safe/ }).click();
    await page.waitForURL(/\/dashboard$/);
  });

  step('asks for a code at the next sign-in, and signs her in with a new one', async () => {
    await submitAndWait(page, page.getByRole('button', { name: 'Sign out' }));
    await password();
    assert.equal(await h1Of(page), 'Enter the code from your authenticator app');
    await checkAccessibility(page, 'enter the code');
    // The code used to set up is spent; the demo note offers one not used yet, as the app soon would.
    await enterCode(await textOf(page.getByTestId('demo-code')));
    await page.waitForURL(/\/dashboard$/);
  });

  step('lets her in with a recovery code when she has no phone', async () => {
    await submitAndWait(page, page.getByRole('button', { name: 'Sign out' }));
    await password();
    await page.getByText('I cannot use my authenticator app').click();
    await enterCode(recoveryCodes[0]!);
    await page.waitForURL(/\/dashboard$/);
    await page.goto(`${server.baseUrl}/account`);
    assert.match(await textOf(page.locator('.govuk-summary-list')), /Recovery codes left: 9/);
    await checkAccessibility(page, 'your account');
  });

  step('lets her move to a new phone from her account, proving it is her with the old app', async () => {
    await page.getByRole('link', { name: 'Change authenticator app' }).click();
    await page.waitForLoadState('load');
    assert.equal(await h1Of(page), 'Set up a new authenticator app');
    await checkAccessibility(page, 'set up a new authenticator app');
    const newSecret = (await textOf(page.getByTestId('totp-key'))).replace(/\s/g, '');
    await page.getByLabel('Code from your current app', { exact: true }).fill(recoveryCodes[1]!);
    await page
      .getByLabel('Code from your new app', { exact: true })
      .fill(codeForStep(newSecret, stepAt(Date.now())));
    await submitAndWait(page, page.getByRole('button', { name: 'Save and continue' }));
    assert.equal(await h1Of(page), 'Your recovery codes');
    await page.getByRole('button', { name: /I have kept my codes safe/ }).click();
    await page.waitForURL(/\/account$/);
    assert.match(await textOf(page.locator('.govuk-summary-list')), /Recovery codes left: 10/);
  });
});
