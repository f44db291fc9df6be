import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { checkAccessibility, launchBrowser, newPage, signIn, submitAndWait } from './support/browser.ts';
import { h1Of } from './support/pages.ts';
import { DEMO_PASSWORD, startServer, type RunningServer } from './support/server.ts';

describe('public pages and signing in and out', () => {
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

  const publicPages = [
    { path: '/', h1: 'Lantern' },
    { path: '/accessibility', h1: 'Accessibility statement for Lantern' },
    { path: '/privacy', h1: 'Privacy notice' },
    { path: '/cookies', h1: 'Cookies' },
    { path: '/sign-in', h1: 'Sign in to Lantern' },
  ];
  for (const { path, h1 } of publicPages) {
    test(`${path} answers without sign-in and is accessible`, async () => {
      const page = await newPage(browser);
      const response = await page.goto(server.baseUrl + path);
      assert.equal(response?.status(), 200);
      assert.equal(await h1Of(page), h1);
      await checkAccessibility(page, path);
    });
  }

  test('an unknown address shows "Page not found" with status 404', async () => {
    const page = await newPage(browser);
    const response = await page.goto(`${server.baseUrl}/no-such-page`);
    assert.equal(response?.status(), 404);
    assert.equal(await h1Of(page), 'Page not found');
    await checkAccessibility(page, 'not found');
  });

  test('an empty sign-in form shows the GOV.UK error summary', async () => {
    const page = await newPage(browser);
    await page.goto(`${server.baseUrl}/sign-in`);
    await submitAndWait(page, page.getByRole('button', { name: 'Sign in', exact: true }));

    // GOV.UK pattern: "Error: " before the title, and a summary linking to each field in error.
    assert.match(await page.title(), /^Error: /);
    const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
    assert.equal(await summary.getByRole('heading', { name: 'There is a problem' }).count(), 1);
    const links = (await summary.getByRole('link').allInnerTexts()).map((t) => t.trim());
    assert.deepEqual(links, ['Enter your email address', 'Enter your password']);
    await checkAccessibility(page, 'sign-in errors');
  });

  test('a demo user signs in and signs out', async () => {
    const page = await newPage(browser);
    await signIn(page, server.baseUrl, 'manager@demo.lantern.test', DEMO_PASSWORD);
    const signOut = page.getByRole('button', { name: 'Sign out' });
    assert.ok(await signOut.isVisible(), `expected a "Sign out" button on ${page.url()}`);
    await checkAccessibility(page, 'signed in');

    await submitAndWait(page, signOut);
    assert.equal(await h1Of(page), 'You have signed out');
    assert.equal(await page.getByRole('button', { name: 'Sign out' }).count(), 0);
    await checkAccessibility(page, 'signed out');
  });
});
