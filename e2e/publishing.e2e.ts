/**
 * Publishing a review's report in a real browser. The business unit manager opens the Baby T
 * review's publication page (the demo's draft report has two open findings), tries to publish and
 * is refused, accepts one finding (after an error), edits the text to remove the other, sets the
 * public title (publication waits for it), publishes,
 * and then anyone, signed out, reads the report and its learning briefing on the public published
 * reviews page.
 * axe (WCAG 2.2 AA) on every page and error re-render.
 */
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { checkAccessibility, launchBrowser, newPage, signIn, submitAndWait } from './support/browser.ts';
import { errorSummaryLinks, h1Of, successMessage, textOf } from './support/pages.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { stepper } from './support/steps.ts';

describe('publishing a review’s report', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let reviewUrl: string;
  const step = stepper();
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  const publish = async () => {
    await page.goto(`${reviewUrl}/edit`);
    await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Published' });
    await submitAndWait(page, page.getByRole('button', { name: /Save/ }).first());
  };

  step('the manager opens the Baby T publication page and sees two open findings in context', async () => {
    page = await newPage(browser);
    await signIn(page, server.baseUrl, 'manager@demo.lantern.test');
    await page.goto(`${server.baseUrl}/reviews`);
    await page
      .getByRole('link', { name: /Baby T/ })
      .first()
      .click();
    await page.waitForLoadState('load');
    reviewUrl = page.url();
    await page.getByRole('link', { name: /^Publication:/ }).click();
    await page.waitForLoadState('load');
    assert.equal(await h1Of(page), 'Publication');
    assert.match(await textOf(page.getByTestId('open-report')), /^2 open findings\./);
    assert.equal(await page.locator('mark').first().textContent(), 'Mrs Pennington');
    await checkAccessibility(page, 'publication page');
  });

  step('cannot publish the review while findings are open', async () => {
    await publish();
    assert.ok(
      (await errorSummaryLinks(page)).includes('The report has 2 open findings from the publication check'),
    );
    await checkAccessibility(page, 'review form, publication refused');
  });

  step('accepts one finding, first without a reason', async () => {
    await page.goto(`${reviewUrl}/publication`);
    const accept = page.getByRole('button', { name: 'Accept finding' }).first();
    await submitAndWait(page, accept);
    assert.deepEqual(await errorSummaryLinks(page), ['Give the reason this can be published']);
    await checkAccessibility(page, 'publication page, with an error');
    await page.getByLabel('Reason to accept “Mrs Pennington”').fill('A pseudonym agreed with the midwife');
    await submitAndWait(page, page.getByRole('button', { name: 'Accept finding' }).first());
    assert.equal(await successMessage(page), 'Finding accepted');
    assert.match(await textOf(page.getByTestId('open-report')), /^1 open finding\./);
  });

  step('edits the text to remove the postcode, which clears the last finding', async () => {
    await page.getByText('Edit the text of the final report').click();
    const text = page.getByLabel('Text of the final report');
    await text.fill((await text.inputValue()).replace(' in BV4 7QT', ''));
    await submitAndWait(page, page.getByRole('button', { name: 'Save and check again' }).first());
    assert.equal(await successMessage(page), 'Saved a new version of the final report and checked it again');
    assert.match(await textOf(page.getByTestId('open-report')), /^No open findings\./);
    await checkAccessibility(page, 'publication page, check clear');
  });

  step('cannot publish without a public title, then sets it', async () => {
    await publish();
    assert.ok(
      (await errorSummaryLinks(page)).includes(
        'Set the public title on the publication page before publishing',
      ),
    );
    await page.goto(`${reviewUrl}/publication`);
    await page.getByLabel('Public title').fill('Learning review: Baby T');
    await submitAndWait(page, page.locator('form[action$="/publication/settings"] button'));
    assert.equal(await successMessage(page), 'Publication details saved');
    await checkAccessibility(page, 'publication page, public title set');
  });

  step('publishes the review', async () => {
    await publish();
    assert.equal(await successMessage(page), 'Review updated');
  });

  step('anyone, signed out, finds the report on the published reviews page and reads it', async () => {
    const visitor = await newPage(browser);
    await visitor.goto(server.baseUrl);
    await visitor.getByRole('link', { name: 'published reviews' }).first().click();
    await visitor.waitForLoadState('load');
    assert.equal(await h1Of(visitor), 'Published reviews');
    await checkAccessibility(visitor, 'published reviews');
    await visitor.getByRole('link', { name: /Baby T/ }).click();
    await visitor.waitForLoadState('load');
    assert.equal(await h1Of(visitor), 'Learning review: Baby T');
    const body = await textOf(visitor.locator('main'));
    assert.match(body, /Professionals are referred to by their role/);
    assert.doesNotMatch(body, /BV4 7QT|publication check|open finding/i);
    // The demo's chosen learning briefing passed the check, so it is shown with the report.
    await visitor.getByRole('heading', { level: 2, name: 'Learning briefing' }).waitFor();
    assert.match(body, /Safer sleep: learning from Baby T/);
    assert.ok(
      await visitor.getByRole('link', { name: 'Download the learning briefing as a PDF' }).isVisible(),
    );
    await checkAccessibility(visitor, 'published report');
  });
});
