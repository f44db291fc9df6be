import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from './server.ts';

/** Debian's Chromium: playwright-core ships no browser of its own. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A page in a fresh context (its own cookies); axe needs a page that belongs to a context. */
export async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  context.setDefaultTimeout(10_000); // fail fast: a local server answers in well under a second
  return context.newPage();
}

/** WCAG 2.2 AA, the level public sector services must meet. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Fails, naming each rule broken and where, if axe finds any WCAG A or AA violation on the page. */
export async function checkAccessibility(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  if (results.violations.length === 0) return;
  const report = results.violations.map((v) => {
    const targets = v.nodes.map((n) => `    at ${n.target.join(' ')}: ${n.html.slice(0, 120)}`).join('\n');
    return `  ${v.id} (${v.impact ?? 'unknown impact'}): ${v.help}\n    ${v.helpUrl}\n${targets}`;
  });
  throw new Error(
    `${label} (${page.url()}): ${results.violations.length} accessibility violation(s)\n${report.join('\n')}`,
  );
}

/** Signs in through the form, the way a person would: by the fields' labels and the button's name. */
export async function signIn(
  page: Page,
  baseUrl: string,
  email: string,
  password = DEMO_PASSWORD,
): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Email address', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await submitAndWait(page, page.getByRole('button', { name: 'Sign in', exact: true }));
}

/**
 * Clicks a button that submits a form and waits until the next page has loaded. A plain click
 * returns before the navigation, and the page's old document could then be checked by mistake.
 */
export async function submitAndWait(page: Page, button: Locator): Promise<void> {
  const navigated = page.waitForEvent('framenavigated', (frame) => frame === page.mainFrame());
  await button.click();
  await navigated;
  await page.waitForLoadState('load');
}
