import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';

// Reading and filling GOV.UK pages the way a person does: by role, label and visible text.

/** The one h1 a GOV.UK page must have (innerText throws if there are several). */
export async function h1Of(page: Page): Promise<string> {
  return (await page.getByRole('heading', { level: 1 }).innerText()).trim();
}

/** Text as a person reads it (a line break is a space), its white space collapsed. */
export async function textOf(locator: Locator): Promise<string> {
  return (await locator.innerText()).replace(/\s+/g, ' ').trim();
}

/** A link in the service navigation. */
export function navLink(page: Page, name: string): Locator {
  return page.getByRole('navigation').getByRole('link', { name, exact: true });
}

/** The message in the green "Success" notification banner. */
export async function successMessage(page: Page): Promise<string> {
  const banner = page.getByRole('alert', { name: 'Success' });
  assert.equal(await banner.count(), 1, `expected a success banner on ${page.url()}`);
  return (await textOf(banner)).replace(/^Success\s*/, '');
}

/**
 * The links of the GOV.UK error summary, after checking the title starts "Error: " and each link
 * leads to an element on the page.
 */
export async function errorSummaryLinks(page: Page): Promise<string[]> {
  assert.match(await page.title(), /^Error: /, `expected an error page at ${page.url()}`);
  const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
  assert.equal(await summary.getByRole('heading', { name: 'There is a problem' }).count(), 1);
  const links = summary.getByRole('link');
  for (const href of await links.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))) {
    assert.match(href, /^#./);
    assert.equal(await page.locator(href).count(), 1, `the error link ${href} leads to nothing`);
  }
  return (await links.allInnerTexts()).map((t) => t.trim());
}

/**
 * The error message a screen reader announces with a field: the element its aria-describedby
 * names that is a GOV.UK error message, without the hidden "Error:" prefix. '' when there is none.
 */
export async function fieldError(field: Locator): Promise<string> {
  return field.evaluate((el) => {
    const ids = (el.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
    const message = ids
      .map((id) => document.getElementById(id))
      .find((e) => e?.classList.contains('govuk-error-message'));
    return (message?.textContent ?? '')
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/^Error:\s*/, '');
  });
}

export interface Day {
  year: number;
  month: number;
  day: number;
}

/** Today in England, as the server reckons it. */
export function londonToday(): Day {
  const [year, month, day] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' })
    .format(new Date())
    .split('-')
    .map(Number);
  return { year: year!, month: month!, day: day! };
}

/** Fills a GOV.UK date input: a fieldset named `legend` holding boxes labelled Day, Month and Year. */
export async function fillDate(page: Page, legend: string, date: Day): Promise<void> {
  const group = page.getByRole('group', { name: legend, exact: true });
  await group.getByLabel('Day', { exact: true }).fill(String(date.day));
  await group.getByLabel('Month', { exact: true }).fill(String(date.month));
  await group.getByLabel('Year', { exact: true }).fill(String(date.year));
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** '4 March 2026', as the pages show a date, as '2026-03-04'. */
export function isoOf(shown: string): string {
  const match = /^(\d{1,2}) (\w+) (\d{4})$/.exec(shown.trim());
  const month = match ? MONTHS.indexOf(match[2]!) + 1 : 0;
  assert.ok(match && month > 0, `"${shown}" is not a date as the pages show one`);
  return `${match[3]}-${String(month).padStart(2, '0')}-${match[1]!.padStart(2, '0')}`;
}

/** The value beside `key` in a summary list (a <dl>: term, then definition). */
export function summaryValue(scope: Page | Locator, key: string): Locator {
  return scope
    .getByRole('term')
    .filter({ hasText: new RegExp(`^\\s*${key}\\s*$`) })
    .locator('xpath=following-sibling::dd[1]');
}

/** The rows of a table that hold cells (not the header row). */
export function bodyRows(table: Locator): Locator {
  return table.locator('tbody').getByRole('row');
}

export interface Downloaded {
  fileName: string;
  content: Buffer;
}

/** Clicks a download link and waits for the whole file. */
export async function download(page: Page, link: Locator): Promise<Downloaded> {
  const started = page.waitForEvent('download');
  await link.click();
  const file = await started;
  const path = await file.path(); // waits for the download to finish
  assert.equal(await file.failure(), null, `the download from ${file.url()} failed`);
  return { fileName: file.suggestedFilename(), content: await readFile(path) };
}
