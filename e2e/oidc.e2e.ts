/**
 * Signing in through an organisation's identity provider in a real browser: the board member clicks
 * the button on Lantern's sign-in page, signs in at a real OpenID Connect provider (test/oidc-idp.ts,
 * whose login page is a trivial form) and lands on her dashboard; someone without a Lantern account
 * is told so and whom to ask; cancelling at the IdP is explained. axe (WCAG 2.2 AA) on Lantern's pages.
 */
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startTestIdp, type TestIdp } from '../test/oidc-idp.ts';
import { checkAccessibility, launchBrowser, newPage, submitAndWait } from './support/browser.ts';
import { h1Of, textOf } from './support/pages.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { stepper } from './support/steps.ts';

const BOARD_MEMBER = 'board@demo.lantern.test';
const LABEL = 'Sign in with Brookvale Council';

describe('sign-in through an organisation’s identity provider', () => {
  let idp: TestIdp;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  before(async () => {
    idp = await startTestIdp();
    server = await startServer({ env: { ...idp.env, LANTERN_OIDC_LABEL: LABEL } });
    // The server's port is known only now; the IdP is asked nothing until the button is clicked.
    idp.allowRedirects([`${server.baseUrl}/sign-in/oidc/callback`]);
    browser = await launchBrowser();
    page = await newPage(browser);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    await idp?.close();
  });
  const step = stepper();

  const atIdp = async (email: string) => {
    // The IdP remembers who signed in there (single sign-on): forget it, to sign in as someone else.
    await page.context().clearCookies();
    await page.goto(`${server.baseUrl}/sign-in`);
    await submitAndWait(page, page.getByRole('button', { name: LABEL }));
    assert.equal(await h1Of(page), 'Test organisation: sign in');
    await page.getByLabel('Work e-mail').fill(email);
  };

  step('shows the organisation’s button on the sign-in page', async () => {
    await page.goto(`${server.baseUrl}/reviews`);
    await page.waitForURL(/\/sign-in\?returnTo=/);
    assert.equal(await h1Of(page), 'Sign in to Lantern');
    assert.ok(await page.getByRole('button', { name: LABEL }).isVisible());
    await checkAccessibility(page, 'sign-in page with the organisation’s button');
  });

  step('signs the board member in at her organisation and brings her to the page she asked for', async () => {
    await submitAndWait(page, page.getByRole('button', { name: LABEL }));
    assert.equal(await h1Of(page), 'Test organisation: sign in');
    await page.getByLabel('Work e-mail').fill(BOARD_MEMBER);
    await page.getByRole('button', { name: 'Sign in at the test IdP' }).click();
    await page.waitForURL(`${server.baseUrl}/reviews`);
    await page.goto(`${server.baseUrl}/dashboard`);
    assert.match(await h1Of(page), /^Welcome, /);
    assert.ok(await page.getByRole('button', { name: 'Sign out' }).isVisible());
    await submitAndWait(page, page.getByRole('button', { name: 'Sign out' }));
  });

  step('tells someone with no Lantern account so, and whom to ask', async () => {
    await atIdp('new.starter@brookvale.example');
    await submitAndWait(page, page.getByRole('button', { name: 'Sign in at the test IdP' }));
    assert.equal(await h1Of(page), 'There is no Lantern account for your email address');
    assert.equal(await textOf(page.getByTestId('oidc-email')), 'new.starter@brookvale.example');
    await checkAccessibility(page, 'no Lantern account');
  });

  step('explains a sign-in cancelled at the organisation, with ways to go on', async () => {
    await atIdp(BOARD_MEMBER);
    await submitAndWait(page, page.getByRole('button', { name: 'Cancel' }));
    assert.equal(await h1Of(page), 'You did not finish signing in');
    assert.ok(
      await page.getByRole('link', { name: /Sign in with your email address and password/ }).isVisible(),
    );
    await checkAccessibility(page, 'sign-in cancelled');
  });
});
