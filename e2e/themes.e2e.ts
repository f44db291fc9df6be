/**
 * Library themes in a real browser. The business unit manager opens a review's suggested themes,
 * sees the passages with the words found highlighted, confirms one, rejects one, adds one (after
 * an error), then reads the analysis and follows a number to the reviews behind it, and changes a
 * theme in Settings (after an error). A board member sees the themes read-only. axe (WCAG 2.2 AA)
 * on every page and error re-render.
 */
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { openDatabase, migrate } from '../src/platform/db/index.ts';
import { createThemesRepository, suggestThemesFromText } from '../src/modules/themes/index.ts';
import {
  CO_SLEEPING_REVIEW,
  insertLibraryReview,
  NEGLECT_REVIEW,
} from '../src/modules/themes/themes.test-support.ts';
import { seedLibraryThemes } from '../src/demo/seed-themes.ts';
import { checkAccessibility, launchBrowser, newPage, signIn, submitAndWait } from './support/browser.ts';
import { errorSummaryLinks, h1Of, navLink, successMessage, textOf } from './support/pages.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { stepper } from './support/steps.ts';

/**
 * The library's upload journey belongs to another module: the reviews are added to the data folder
 * before the server starts. Three have confirmed themes (for the analysis); Baby T has suggestions only.
 */
async function addLibraryReviews(dataDir: string): Promise<string> {
  const db = await openDatabase({ databaseUrl: undefined, dataDir }, 'e2e themes');
  try {
    await migrate(db);
    await insertLibraryReview(db, { title: 'Baby A, Northshire', body: CO_SLEEPING_REVIEW, year: 2020 });
    await insertLibraryReview(db, { title: 'Child M, Eastmoor', body: NEGLECT_REVIEW, year: 2021 });
    await insertLibraryReview(db, { title: 'Baby C, Westvale', body: CO_SLEEPING_REVIEW, year: 2022 });
    await seedLibraryThemes(db);
    const { id } = await insertLibraryReview(db, {
      title: 'Baby T, Southport',
      body: CO_SLEEPING_REVIEW,
      year: 2023,
    });
    const repo = createThemesRepository();
    await repo.storeSuggestions(
      db,
      id,
      suggestThemesFromText(CO_SLEEPING_REVIEW, await repo.themes(db, { activeOnly: true })),
    );
    return id;
  } finally {
    await db.close();
  }
}

describe('Library themes', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let reviewId = '';
  const step = stepper();
  before(async () => {
    server = await startServer({
      prepare: async (dataDir) => {
        reviewId = await addLibraryReviews(dataDir);
      },
    });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  step('the manager sees the suggested themes with the words found highlighted', async () => {
    page = await newPage(browser);
    await signIn(page, server.baseUrl, 'manager@demo.lantern.test');
    await page.goto(`${server.baseUrl}/library/reviews/${reviewId}/themes`);
    assert.equal(await h1Of(page), 'Themes');
    const sleep = page.getByTestId('suggested-unsafe-sleep');
    assert.match(await textOf(sleep), /Baby T was co-sleeping with his mother on the sofa\./);
    assert.deepEqual(await sleep.locator('mark').first().innerText(), 'co-sleeping');
    await checkAccessibility(page, 'review themes');
  });

  step('confirms one suggestion and rejects another', async () => {
    await submitAndWait(page, page.getByRole('button', { name: 'Confirm Unsafe sleep and co-sleeping' }));
    assert.equal(await successMessage(page), 'Unsafe sleep and co-sleeping: confirmed');
    assert.equal(await page.getByTestId('confirmed-unsafe-sleep').count(), 1);
    await submitAndWait(page, page.getByRole('button', { name: 'Reject Fathers and male carers' }));
    assert.equal(await successMessage(page), 'Fathers and male carers: rejected');
    assert.match(
      await textOf(page.getByTestId('rejected-fathers-male-carers')),
      /^Fathers and male carers, rejected by/,
    );
    await checkAccessibility(page, 'review themes after decisions');
  });

  step('adds a theme that was not suggested, first without choosing one', async () => {
    await submitAndWait(page, page.getByRole('button', { name: 'Add theme' }));
    assert.deepEqual(await errorSummaryLinks(page), ['Select a theme']);
    await checkAccessibility(page, 'review themes, with errors');
    await page.getByLabel('Theme', { exact: true }).selectOption({ label: 'Bereavement' });
    await submitAndWait(page, page.getByRole('button', { name: 'Add theme' }));
    assert.equal(await successMessage(page), 'Bereavement: confirmed');
    assert.match(
      await textOf(page.getByTestId('confirmed-bereavement')),
      /No passages: a person added this theme/,
    );
  });

  step('reads the analysis and follows a number to the reviews behind it', async () => {
    await page.getByRole('link', { name: 'themes across reviews' }).click();
    await page.waitForLoadState('load');
    assert.equal(await h1Of(page), 'Themes across reviews');
    await checkAccessibility(page, 'themes across reviews');
    const together = page
      .getByTestId('co-occurrence')
      .locator('a[href*="theme=parental-alcohol&with=unsafe-sleep"]');
    // The demo's own library reviews may add to the figure: the list must match the number.
    const count = Number(await together.innerText());
    assert.ok(count >= 2);
    await together.click();
    await page.waitForLoadState('load');
    assert.equal(await h1Of(page), 'Parental alcohol misuse with Unsafe sleep and co-sleeping');
    const titles = await page.getByRole('table').getByRole('link').allInnerTexts();
    assert.equal(titles.length, count);
    assert.ok(titles.includes('Baby A, Northshire') && titles.includes('Baby C, Westvale'));
    assert.ok(!titles.includes('Baby T, Southport'), 'a suggested theme does not count');
    await checkAccessibility(page, 'reviews behind a number');
  });

  step('narrows the analysis to some years, after a range that ends before it starts', async () => {
    await page.goto(`${server.baseUrl}/library/themes`);
    await page.getByLabel('From', { exact: true }).fill('2023');
    await page.getByLabel('To', { exact: true }).fill('2020');
    await submitAndWait(page, page.getByRole('button', { name: 'Show these years' }));
    assert.deepEqual(await errorSummaryLinks(page), [
      'The last year must be the same as or after the first year',
    ]);
    await checkAccessibility(page, 'themes across reviews, with errors');
    await page.getByLabel('From', { exact: true }).fill('2021');
    await page.getByLabel('To', { exact: true }).fill('2022');
    await submitAndWait(page, page.getByRole('button', { name: 'Show these years' }));
    const headers = await page.getByTestId('by-year').locator('thead th').allInnerTexts();
    assert.deepEqual(
      headers.map((h) => h.trim()),
      ['Theme', '2021', '2022', 'All years'],
    );
  });

  step('changes a theme in Settings, first with its name left empty', async () => {
    await navLink(page, 'Settings').click();
    await page.waitForLoadState('load');
    await page.getByRole('link', { name: 'Library themes', exact: true }).click();
    await page.waitForLoadState('load');
    assert.equal(await h1Of(page), 'Library themes');
    await checkAccessibility(page, 'library themes');
    await page.getByRole('link', { name: 'Change Housing', exact: true }).click();
    await page.waitForLoadState('load');
    assert.equal(await h1Of(page), 'Change a library theme');
    await checkAccessibility(page, 'change a library theme');
    await page.getByLabel('Name', { exact: true }).fill('');
    await submitAndWait(page, page.getByRole('button', { name: 'Save' }));
    assert.deepEqual(await errorSummaryLinks(page), ['Enter the theme’s name']);
    await checkAccessibility(page, 'change a library theme, with errors');
    await page.getByLabel('Name', { exact: true }).fill('Housing and homelessness');
    await page.getByLabel('Keywords', { exact: true }).fill('housing\nhomeless\nsofa surfing');
    await submitAndWait(page, page.getByRole('button', { name: 'Save' }));
    assert.equal(await successMessage(page), 'Theme saved: Housing and homelessness');
  });

  step('a board member sees the themes without the buttons to decide', async () => {
    const board = await newPage(browser);
    await signIn(board, server.baseUrl, 'board@demo.lantern.test');
    await board.goto(`${server.baseUrl}/library/reviews/${reviewId}/themes`);
    assert.equal(await h1Of(board), 'Themes');
    assert.equal(await board.getByRole('button', { name: /^(Confirm|Reject)/ }).count(), 0);
    assert.match(
      await textOf(board.locator('main')),
      /Only the partnership business unit confirms or rejects themes/,
    );
    await checkAccessibility(board, 'review themes, read-only');
  });
});
