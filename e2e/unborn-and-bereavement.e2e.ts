/**
 * The Unborn Baby Network, an unborn baby's record and bereavement in a real browser, as the acute
 * trust's lead: the network view, a referral, the baby's record with its sections, the family's
 * bereavement page and the "Record a loss" form with an error; the measures as the manager.
 * axe (WCAG 2.2 AA) on every page and error re-render.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { checkAccessibility, launchBrowser, newPage, signIn, submitAndWait } from './support/browser.ts';
import { errorSummaryLinks, h1Of, navLink } from './support/pages.ts';
import { startServer, type RunningServer } from './support/server.ts';

describe('unborn baby pathway and bereavement', () => {
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

  test('the trust lead follows the network to a referral, the baby’s record and bereavement', async () => {
    const page = await newPage(browser);
    await signIn(page, server.baseUrl, 'trust.lead@demo.lantern.test');
    await navLink(page, 'Unborn Baby Network').click();
    await page.waitForLoadState('load');
    assert.equal(await h1Of(page), 'Unborn Baby Network');
    assert.match(await page.locator('main').innerText(), /Late referral/);
    await checkAccessibility(page, 'network');

    const referralLink = page.locator('main a[href$="/unborn-referral"]').first();
    const referralHref = (await referralLink.getAttribute('href'))!;
    await referralLink.click();
    await page.waitForLoadState('load');
    await checkAccessibility(page, 'referral');

    const personPath = referralHref.replace(/\/unborn-referral$/, '');
    await page.goto(server.baseUrl + personPath);
    assert.match(await page.locator('main').innerText(), /Unborn Baby Network/);
    assert.match(await page.locator('main').innerText(), /Safer sleep/);
    await checkAccessibility(page, 'unborn baby’s record');

    await page.goto(`${server.baseUrl}${personPath}/bereavement`);
    assert.equal(await h1Of(page), 'Bereavement');
    await checkAccessibility(page, 'bereavement');
    await page.getByRole('link', { name: 'Record a loss' }).click();
    await page.waitForLoadState('load');
    assert.equal(await h1Of(page), 'Record a loss');
    await checkAccessibility(page, 'record a loss');
    await submitAndWait(page, page.getByRole('button', { name: 'Record the loss' }));
    assert.ok((await errorSummaryLinks(page)).length > 0, 'an empty form lists what is missing');
    await checkAccessibility(page, 'record a loss, with errors');
    await page.context().close();
  });

  test('the manager reads the practice measures', async () => {
    const page = await newPage(browser);
    await signIn(page, server.baseUrl, 'manager@demo.lantern.test');
    await navLink(page, 'Practice measures').click();
    await page.waitForLoadState('load');
    assert.equal(await h1Of(page), 'Safer-sleep practice measures');
    await checkAccessibility(page, 'safer-sleep measures');
    await page.getByRole('link', { name: 'unborn baby referrals made on time' }).click();
    await page.waitForLoadState('load');
    assert.equal(await h1Of(page), 'Unborn baby referrals made on time');
    await checkAccessibility(page, 'unborn referral measure');
    await page.context().close();
  });
});
