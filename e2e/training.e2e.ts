/**
 * The training programme in a real browser: a practice lead takes the last place on a session, a
 * health visitor joins the waiting list, the lead cancels and the place passes to the health
 * visitor; the manager reads the coverage page (chart and table), meets an error, and adds a
 * session with errors first. axe (WCAG 2.2 AA) on every page and error re-render.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { checkAccessibility, launchBrowser, newPage, signIn, submitAndWait } from './support/browser.ts';
import { errorSummaryLinks, h1Of, successMessage } from './support/pages.ts';
import { startServer, type RunningServer } from './support/server.ts';

const COURSE = 'Safeguarding in primary care: learning from reviews';

describe('training programme', () => {
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

  /** Opens the course, then its second upcoming session (the one with a place left). */
  async function openLaterSession(page: Page, check = false): Promise<string> {
    await page.goto(`${server.baseUrl}/courses`);
    assert.equal(await h1Of(page), 'Training courses');
    if (check) await checkAccessibility(page, 'courses');
    await page.getByRole('link', { name: COURSE }).click();
    await page.waitForLoadState('load');
    assert.equal(await h1Of(page), COURSE);
    if (check) await checkAccessibility(page, 'course');
    await page.getByRole('table', { name: 'Upcoming sessions' }).getByRole('link').nth(1).click();
    await page.waitForLoadState('load');
    return page.url();
  }

  test('the last place is taken, the next person waits, and a cancellation gives them the place', async () => {
    const lead = await newPage(browser);
    await signIn(lead, server.baseUrl, 'gp.lead@demo.lantern.test');
    const sessionUrl = await openLaterSession(lead, true);
    assert.match(await h1Of(lead), /^Session on /);
    await checkAccessibility(lead, 'session, before booking');
    await submitAndWait(lead, lead.getByRole('button', { name: 'Book a place' }));
    assert.equal(await successMessage(lead), 'You are booked on this session');
    await checkAccessibility(lead, 'session, booked');

    const hv = await newPage(browser);
    await signIn(hv, server.baseUrl, 'hv@demo.lantern.test');
    await hv.goto(sessionUrl);
    assert.match(await hv.locator('main').innerText(), /This session is full/);
    await submitAndWait(hv, hv.getByRole('button', { name: 'Join the waiting list' }));
    assert.match(await successMessage(hv), /^The session is full\. You are on the waiting list/);
    await checkAccessibility(hv, 'session, waiting list');

    await submitAndWait(lead, lead.getByRole('button', { name: 'Cancel your booking' }));
    assert.equal(
      await successMessage(lead),
      'Your booking is cancelled. The place went to Jess Carter, first on the waiting list.',
    );
    await hv.reload();
    assert.match(await hv.locator('main').innerText(), /You are booked on this session/);
    await hv.goto(`${server.baseUrl}/my-training`);
    assert.equal(await h1Of(hv), 'Your training');
    await checkAccessibility(hv, 'your training');
    await hv.goto(`${server.baseUrl}/notifications`);
    assert.match(await hv.locator('main').innerText(), /Your place on Safeguarding in primary care/);
    await lead.context().close();
    await hv.context().close();
  });

  test('the manager reads coverage as a chart and a table, and meets errors', async () => {
    const page = await newPage(browser);
    await signIn(page, server.baseUrl, 'manager@demo.lantern.test');
    await page.goto(`${server.baseUrl}/courses`);
    await page.getByRole('link', { name: COURSE }).click();
    await page.waitForLoadState('load');
    const chart = page.getByRole('img', { name: 'Attendance over the last 12 months' });
    assert.equal(await chart.count(), 1, 'the attendance-over-time chart is an image with a name');
    await page.getByRole('link', { name: 'Which organisations it has reached' }).click();
    await page.waitForLoadState('load');
    assert.equal(await h1Of(page), 'Which organisations the course has reached');
    assert.match(await page.locator('main').innerText(), /4 of 6 GP practices have had staff attend/);
    assert.equal(
      await page.getByRole('img', { name: 'GP practices reached in the last 12 months' }).count(),
      1,
    );
    const table = page.getByRole('table', {
      name: /GP practices reached in the last 12 months: the figures/,
    });
    assert.equal(await table.locator('tbody').getByRole('row').count(), 6);
    await checkAccessibility(page, 'coverage');

    await page.getByLabel('In the last (months)').fill('abc');
    await submitAndWait(page, page.getByRole('button', { name: 'Show' }));
    assert.deepEqual(await errorSummaryLinks(page), ['Months must be a whole number from 1 to 36']);
    await checkAccessibility(page, 'coverage, with an error');

    await submitAndWait(page, page.getByRole('button', { name: 'Invite the GP practices not yet reached' }));
    assert.match(
      await successMessage(page),
      /^Invited 1 organisation .*Oakfield Family Practice has no safeguarding lead/,
    );

    await page.goto(`${server.baseUrl}/courses`);
    await page.getByRole('link', { name: COURSE }).click();
    await page.waitForLoadState('load');
    await page.getByRole('button', { name: 'Add a session' }).click();
    await page.waitForLoadState('load');
    assert.equal(await h1Of(page), 'Add a session');
    await checkAccessibility(page, 'add a session');
    await submitAndWait(page, page.getByRole('button', { name: 'Add the session' }));
    assert.ok((await errorSummaryLinks(page)).includes('Enter the date of the session'));
    await checkAccessibility(page, 'add a session, with errors');
    await page.context().close();
  });

  test('the manager adds, changes and removes a case scenario, changes a session and cancels one', async () => {
    const page = await newPage(browser);
    await signIn(page, server.baseUrl, 'manager@demo.lantern.test');
    await page.goto(`${server.baseUrl}/courses`);
    await page.getByRole('link', { name: COURSE }).click();
    await page.waitForLoadState('load');
    const courseUrl = page.url();

    await page.getByRole('button', { name: 'Add a case scenario' }).click();
    await page.waitForLoadState('load');
    assert.ok(
      (await page.getByLabel("From the library of other areas' reviews (optional)").count()) === 1,
      'the scenario form offers the library of other areas’ reviews',
    );
    await page.getByLabel('Title').fill('A locum and a missed bruise');
    await page
      .getByLabel('The scenario', { exact: true })
      .fill('A locum GP sees a baby of 4 months with a bruise.');
    await submitAndWait(page, page.getByRole('button', { name: 'Add the scenario' }));
    assert.equal(await successMessage(page), 'Case scenario added');
    const card = page.locator('.govuk-summary-card', { hasText: 'A locum and a missed bruise' });
    const number = /Scenario (\d+)/.exec(await card.locator('h3').innerText())![1]!;

    await page.getByRole('link', { name: `Change scenario ${number}` }).click();
    await page.waitForLoadState('load');
    assert.equal(await h1Of(page), 'Change the case scenario');
    await page.getByLabel('Title').fill('');
    await submitAndWait(page, page.getByRole('button', { name: 'Save the scenario' }));
    assert.deepEqual(await errorSummaryLinks(page), ['Enter the scenario title']);
    await checkAccessibility(page, 'change a scenario, with an error');
    await page.getByLabel('Title').fill('A locum, a baby and a bruise');
    await submitAndWait(page, page.getByRole('button', { name: 'Save the scenario' }));
    assert.equal(await successMessage(page), `Scenario ${number} saved`);

    await page.getByRole('link', { name: `Remove scenario ${number}` }).click();
    await page.waitForLoadState('load');
    assert.match(
      await h1Of(page),
      /^Are you sure you want to remove scenario \d+: A locum, a baby and a bruise\?$/,
    );
    await checkAccessibility(page, 'remove a scenario');
    await submitAndWait(page, page.getByRole('button', { name: 'Remove the scenario' }));
    assert.match(await successMessage(page), /^Scenario “A locum, a baby and a bruise” removed/);

    await page.goto(courseUrl);
    await page.getByRole('table', { name: 'Upcoming sessions' }).getByRole('link').last().click();
    await page.waitForLoadState('load');
    const sessionUrl = page.url();
    await page.getByRole('link', { name: 'Change the session' }).click();
    await page.waitForLoadState('load');
    assert.equal(await h1Of(page), 'Change the session');
    await checkAccessibility(page, 'change a session');
    await page.getByLabel('Places').fill('0');
    await submitAndWait(page, page.getByRole('button', { name: 'Save the session' }));
    assert.deepEqual(await errorSummaryLinks(page), ['The number of places must be 1 or more']);
    await checkAccessibility(page, 'change a session, with an error');
    await page.getByLabel('Places').fill('30');
    await submitAndWait(page, page.getByRole('button', { name: 'Save the session' }));
    assert.equal(await successMessage(page), 'Session saved');

    await page.getByRole('link', { name: 'Cancel the session' }).click();
    await page.waitForLoadState('load');
    assert.match(await h1Of(page), /^Cancel the session on /);
    await checkAccessibility(page, 'cancel a session');
    await submitAndWait(page, page.getByRole('button', { name: 'Cancel the session' }));
    assert.deepEqual(await errorSummaryLinks(page), ['Enter why the session is cancelled']);
    await checkAccessibility(page, 'cancel a session, with an error');
    await page.getByLabel('Why is the session cancelled?').fill('The venue is closed for repairs');
    await submitAndWait(page, page.getByRole('button', { name: 'Cancel the session' }));
    assert.equal(await successMessage(page), 'Session cancelled. Everyone booked or waiting has been told.');
    assert.equal(page.url(), sessionUrl);
    assert.match(await page.locator('main').innerText(), /Reason: The venue is closed for repairs/);
    await checkAccessibility(page, 'a cancelled session');
    await page.context().close();
  });
});
