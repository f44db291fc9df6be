import assert from 'node:assert/strict';
import { after, before, describe, test, type TestContext } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { checkAccessibility, launchBrowser, newPage, submitAndWait } from './support/browser.ts';
import {
  errorSummaryLinks,
  fillDate,
  h1Of,
  londonToday,
  successMessage,
  summaryValue,
  textOf,
  type Day,
} from './support/pages.ts';
import { DEMO_PASSWORD, startServer, type RunningServer } from './support/server.ts';

const MANAGER = 'manager@demo.lantern.test';
const TRUST_LEAD = 'trust.lead@demo.lantern.test';
const BOARD = 'board@demo.lantern.test';
const TRUST = 'Brookvale Hospitals NHS Trust';

const CHILD = 'Child E2E';
const LEARNING_POINT = 'Concerns raised at the booking appointment were not passed to the health visitor.';
const RECOMMENDATION = 'Partners should agree how antenatal concerns reach health visiting before the birth.';
const ACTION = 'Brief maternity staff on passing antenatal concerns to health visitors';
const PROGRESS = 'Briefing written and booked for the next maternity team meeting.';
/** An action of Brookvale Police in the demo data: the trust's lead must not see it. */
const POLICE_ACTION = 'Deliver a joint briefing on professional curiosity';

// ---- dates, as the server sees them (England) ----

function addDays(date: Day, days: number): Day {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** The same day of next month (the 28th at most, so it always exists). */
function nextMonth(date: Day): Day {
  const d = new Date(Date.UTC(date.year, date.month, Math.min(date.day, 28)));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** '4 March 2026', as the pages show a date. */
function shown(date: Day): string {
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(date.year, date.month - 1, date.day)));
}

// ---- reading and filling pages, by role and label ----

/** The entries of the list that follows the h2 `heading`. */
function listAfter(page: Page, heading: string): Locator {
  return page
    .getByRole('heading', { name: heading, exact: true, level: 2 })
    .locator('xpath=following-sibling::*[1][self::ol or self::ul]');
}

/** An action page's history, newest first, each entry's text collapsed to one line. */
async function historyOf(page: Page): Promise<string[]> {
  const entries = listAfter(page, 'History').getByRole('listitem');
  return (await entries.allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
}

/** The labels of the "New status" choices on an action page. */
async function statusChoices(page: Page): Promise<string[]> {
  const group = page.getByRole('group', { name: 'New status' });
  if ((await group.count()) === 0) return [];
  const radios = await group.getByRole('radio').all();
  return Promise.all(
    radios.map(async (r) =>
      (await r.evaluate((el: HTMLInputElement) => el.labels?.[0]?.textContent ?? '')).trim(),
    ),
  );
}

function navLink(page: Page, name: string): Locator {
  return page.getByRole('navigation').getByRole('link', { name, exact: true });
}

/** On the sign-in page: checks it, then signs in as `email` and checks the Home page. */
async function signInHere(page: Page, email: string): Promise<void> {
  assert.equal(await h1Of(page), 'Sign in to Lantern');
  await checkAccessibility(page, 'sign-in');
  await page.getByLabel('Email address', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await submitAndWait(page, page.getByRole('button', { name: 'Sign in', exact: true }));
  assert.match(await h1Of(page), /^Welcome/);
  await checkAccessibility(page, `home (${email})`);
}

async function signOutAndIn(page: Page, email: string): Promise<void> {
  await submitAndWait(page, page.getByRole('button', { name: 'Sign out' }));
  assert.equal(await h1Of(page), 'You have signed out');
  await checkAccessibility(page, 'signed out');
  await submitAndWait(page, page.getByRole('link', { name: 'Sign in again' }));
  await signInHere(page, email);
}

/** The tracker's table of actions (its caption counts them: "3 actions"). */
function trackerTable(page: Page): Locator {
  return page.getByRole('table', { name: /^\d+ actions?\b/ });
}

/** Changes an action's status with the "Change status" form and checks the page that follows. */
async function changeStatus(page: Page, to: string, from: string, label: string): Promise<void> {
  await page.getByRole('group', { name: 'New status' }).getByRole('radio', { name: to, exact: true }).check();
  await submitAndWait(page, page.getByRole('button', { name: 'Change status', exact: true }));
  assert.equal(await successMessage(page), 'Status changed');
  assert.equal(await textOf(summaryValue(page, 'Status')), to);
  const [latest] = await historyOf(page);
  assert.match(latest ?? '', new RegExp(`^Status changed: ${from.toLowerCase()} to ${to.toLowerCase()}\\b`));
  await checkAccessibility(page, label);
}

// One server and browser for the file: the board member's test reads only the demo data.
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

describe('the main journey: a review, its recommendation and an action, tracked to closure', () => {
  let page: Page;
  let reviewUrl = '';
  let actionUrl = '';

  const today = londonToday();
  const incidentDate = addDays(today, -10);
  const awareDate = addDays(today, -8);
  const dueDate = nextMonth(today);

  before(async () => {
    page = await newPage(browser);
  });

  // The steps share one browser page: after a failure, the later steps are skipped, not failed.
  let failed = false;
  const step = (name: string, fn: () => Promise<void>) =>
    test(name, async (t: TestContext) => {
      if (failed) return t.skip('an earlier step failed');
      try {
        await fn();
      } catch (err) {
        failed = true;
        throw err;
      }
    });

  step('the business unit manager signs in and sees Home', async () => {
    await page.goto(`${server.baseUrl}/sign-in`);
    await signInHere(page, MANAGER);
    assert.equal(new URL(page.url()).pathname, '/dashboard');
  });

  step('starting a review: the empty form lists what is missing, then the review starts', async () => {
    await submitAndWait(page, navLink(page, 'Reviews'));
    assert.equal(await h1Of(page), 'Reviews');
    await checkAccessibility(page, 'reviews list');

    await submitAndWait(page, page.getByRole('button', { name: 'Start a review', exact: true }));
    assert.equal(await h1Of(page), 'Start a review');
    await checkAccessibility(page, 'start a review');

    await submitAndWait(page, page.getByRole('button', { name: 'Start review', exact: true }));
    assert.equal(await h1Of(page), 'Start a review');
    assert.deepEqual(await errorSummaryLinks(page), [
      'Select the kind of review',
      "Enter the child's reference",
      'Enter the incident date',
      'Enter the date the local authority became aware',
    ]);
    await checkAccessibility(page, 'start a review, with errors');

    await page.getByRole('radio', { name: 'Rapid review', exact: true }).check();
    await page.getByLabel("Child's reference", { exact: true }).fill(CHILD);
    await fillDate(page, 'Incident date', incidentDate);
    await fillDate(page, 'Date the local authority became aware', awareDate);
    await submitAndWait(page, page.getByRole('button', { name: 'Start review', exact: true }));

    assert.equal(await h1Of(page), `Review ${CHILD}`);
    assert.equal(await successMessage(page), `Review ${CHILD} started`);
    assert.equal(await textOf(summaryValue(page, 'Incident date')), shown(incidentDate));
    assert.equal(await textOf(summaryValue(page, 'Local authority became aware')), shown(awareDate));
    reviewUrl = page.url();
    await checkAccessibility(page, 'new review');
  });

  step('a learning point, then a recommendation that answers it', async () => {
    await submitAndWait(page, page.getByRole('link', { name: 'Add learning point', exact: true }));
    assert.equal(await h1Of(page), 'Add learning point');
    await checkAccessibility(page, 'add learning point');
    await page.getByRole('textbox', { name: 'Add learning point' }).fill(LEARNING_POINT);
    await submitAndWait(page, page.getByRole('button', { name: 'Add learning point', exact: true }));
    assert.equal(await successMessage(page), 'Learning point 1 added');
    await checkAccessibility(page, 'review with a learning point');

    await submitAndWait(page, page.getByRole('button', { name: 'Add a recommendation', exact: true }));
    assert.equal(await h1Of(page), 'Add a recommendation');
    await checkAccessibility(page, 'add a recommendation');
    await page.getByLabel('Recommendation', { exact: true }).fill(RECOMMENDATION);
    await page
      .getByRole('group', { name: 'Which learning points does it answer? (optional)' })
      .getByRole('checkbox', { name: `Learning point 1: ${LEARNING_POINT}` })
      .check();
    await submitAndWait(page, page.getByRole('button', { name: 'Add recommendation', exact: true }));

    assert.equal(await successMessage(page), 'Recommendation 1 added');
    const learningPoints = listAfter(page, 'Learning points');
    assert.equal(await learningPoints.evaluate((el) => el.tagName), 'OL', 'learning points are numbered');
    assert.deepEqual(
      (await learningPoints.getByRole('listitem').allTextContents()).map((t) => t.trim()),
      [LEARNING_POINT],
    );
    const recommendation = page.getByRole('region', { name: 'Recommendation 1' });
    assert.equal(await recommendation.getByRole('heading', { name: 'Recommendation 1' }).count(), 1);
    assert.ok((await textOf(recommendation)).includes(RECOMMENDATION));
    assert.match(await textOf(recommendation), /Answers learning point 1\b/);
    assert.match(await textOf(recommendation), /No actions yet\./);
    await checkAccessibility(page, 'review with a recommendation');
  });

  step('an action for the trust on recommendation 1', async () => {
    await submitAndWait(page, page.getByRole('link', { name: 'Add an action to recommendation 1' }));
    assert.equal(await h1Of(page), 'Add an action');
    await checkAccessibility(page, 'add an action');

    // An empty form first: each missing field is named.
    await submitAndWait(page, page.getByRole('button', { name: 'Add action', exact: true }));
    assert.deepEqual(await errorSummaryLinks(page), [
      'Select the organisation that owns the action',
      'Enter a description of the action',
      'Enter the due date',
    ]);
    await checkAccessibility(page, 'add an action, with errors');

    await page
      .getByLabel('Organisation that owns the action', { exact: true })
      .selectOption({ label: TRUST });
    await page
      .getByLabel('Named owner (optional)', { exact: true })
      .selectOption({ label: `Fiona Delaney – ${TRUST}` });
    await page.getByLabel('What will be done', { exact: true }).fill(ACTION);
    await fillDate(page, 'Due date', dueDate);
    await submitAndWait(page, page.getByRole('button', { name: 'Add action', exact: true }));

    assert.equal(page.url().split('#')[0], reviewUrl.split('#')[0]);
    assert.equal(await successMessage(page), `Action added for ${TRUST}`);
    const table = page
      .getByRole('region', { name: 'Recommendation 1' })
      .getByRole('table', { name: 'Actions for recommendation 1' });
    const row = table.getByRole('row').filter({ has: page.getByRole('link', { name: ACTION }) });
    assert.equal(await row.count(), 1);
    const cells = await Promise.all((await row.getByRole('cell').all()).map(textOf));
    assert.deepEqual(cells, [ACTION, `${TRUST} Fiona Delaney`, shown(dueDate), 'Not started']);
    await checkAccessibility(page, 'review with an action');
  });

  step("the trust's lead sees only the trust's actions and moves this one on", async () => {
    await signOutAndIn(page, TRUST_LEAD);

    await submitAndWait(page, navLink(page, 'Action tracker'));
    assert.equal(await h1Of(page), 'Action tracker');
    assert.ok(await page.getByText(`Showing actions owned by ${TRUST}.`).isVisible());
    const table = trackerTable(page);
    assert.equal(await table.getByRole('link', { name: ACTION }).count(), 1);
    assert.equal(
      await page.getByText(POLICE_ACTION).count(),
      0,
      'a police action is on the trust lead’s tracker',
    );
    const organisations = await table
      .getByRole('row')
      .filter({ has: page.getByRole('cell') })
      .evaluateAll((rows) =>
        rows.map((r) => (r as HTMLTableRowElement).cells[2]?.firstChild?.textContent?.trim()),
      );
    assert.ok(organisations.length > 0);
    assert.deepEqual(new Set(organisations), new Set([TRUST]), 'every action listed is the trust’s');
    await checkAccessibility(page, 'tracker (trust lead)');

    await submitAndWait(page, table.getByRole('link', { name: ACTION }));
    actionUrl = page.url();
    assert.equal(await h1Of(page), `Action for ${TRUST}`);
    assert.equal(await textOf(summaryValue(page, 'Status')), 'Not started');
    assert.equal(await textOf(summaryValue(page, 'Named owner')), 'Fiona Delaney');
    assert.deepEqual(await historyOf(page), []);
    assert.deepEqual(await statusChoices(page), ['In progress', 'Awaiting evidence']);
    assert.ok(await page.getByText('Only the partnership business unit can close an action.').isVisible());
    await checkAccessibility(page, 'action (trust lead)');

    await page.getByLabel('What has been done', { exact: true }).fill(PROGRESS);
    await submitAndWait(page, page.getByRole('button', { name: 'Add update', exact: true }));
    assert.equal(await successMessage(page), 'Progress update added');
    assert.equal(await textOf(summaryValue(page, 'Status')), 'Not started');
    const history = await historyOf(page);
    assert.equal(history.length, 1);
    assert.match(history[0]!, /^Progress update Fiona Delaney, /);
    assert.ok(history[0]!.endsWith(PROGRESS), history[0]);
    await checkAccessibility(page, 'action after a progress update');

    await changeStatus(page, 'In progress', 'Not started', 'action in progress');
    assert.equal((await historyOf(page)).length, 2);
    assert.deepEqual(await statusChoices(page), ['Not started', 'Awaiting evidence']);

    await changeStatus(page, 'Awaiting evidence', 'In progress', 'action awaiting evidence');
    assert.equal((await historyOf(page)).length, 3);
    assert.deepEqual(await statusChoices(page), ['Not started', 'In progress']);
    assert.equal(
      await page.getByRole('radio', { name: 'Closed' }).count(),
      0,
      '"Closed" is offered to a lead',
    );
  });

  step('the business unit finds the action awaiting evidence and closes it', async () => {
    await signOutAndIn(page, MANAGER);

    await submitAndWait(page, navLink(page, 'Action tracker'));
    await checkAccessibility(page, 'tracker (manager)');
    await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Awaiting evidence' });
    await submitAndWait(page, page.getByRole('button', { name: 'Apply filters', exact: true }));
    assert.equal(new URL(page.url()).searchParams.get('status'), 'awaiting-evidence');
    const table = trackerTable(page);
    const statuses = await table
      .getByRole('row')
      .filter({ has: page.getByRole('cell') })
      .all();
    for (const row of statuses)
      assert.match(await textOf(row.getByRole('cell').last()), /^Awaiting evidence\b/);
    await checkAccessibility(page, 'tracker filtered to awaiting evidence');

    await submitAndWait(page, table.getByRole('link', { name: ACTION }));
    assert.equal(page.url(), actionUrl);
    assert.deepEqual(await statusChoices(page), ['Not started', 'In progress', 'Closed']);
    await checkAccessibility(page, 'action (manager)');

    await changeStatus(page, 'Closed', 'Awaiting evidence', 'closed action');
    const history = await historyOf(page);
    assert.equal(history.length, 4);
    assert.match(history[0]!, /^Status changed: awaiting evidence to closed Priya Lomax, /);

    // The review shows it closed too.
    await submitAndWait(page, page.getByRole('link', { name: `${CHILD}, recommendation 1` }));
    const row = page
      .getByRole('region', { name: 'Recommendation 1' })
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: ACTION }) });
    assert.equal(await textOf(row.getByRole('cell').last()), 'Closed');
    await checkAccessibility(page, 'review with a closed action');
  });
});

describe('a board member reads but does not change', () => {
  test('the review page offers no changes, and the tracker and an action page load', async () => {
    const page = await newPage(browser);
    await page.goto(`${server.baseUrl}/sign-in`);
    await signInHere(page, BOARD);

    await submitAndWait(page, navLink(page, 'Reviews'));
    await checkAccessibility(page, 'reviews list (board)');
    await submitAndWait(page, page.getByRole('link', { name: 'Child Q', exact: true }));
    assert.equal(await h1Of(page), 'Review Child Q');
    assert.equal(await page.getByRole('link', { name: /^Change\b/ }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Add a recommendation' }).count(), 0);
    const addLinks = page.getByRole('link', {
      name: /^Add (finding|good practice|learning point|an action)\b/,
    });
    assert.deepEqual(await addLinks.allInnerTexts(), []);
    await checkAccessibility(page, 'review (board)');

    await submitAndWait(page, navLink(page, 'Action tracker'));
    assert.equal(await h1Of(page), 'Action tracker');
    assert.ok(await page.getByText('Showing actions of every organisation in the partnership.').isVisible());
    const police = trackerTable(page).getByRole('link', { name: POLICE_ACTION });
    assert.equal(await police.count(), 1);
    await checkAccessibility(page, 'tracker (board)');

    await submitAndWait(page, police);
    assert.equal(await h1Of(page), 'Action for Brookvale Police');
    assert.deepEqual(await statusChoices(page), []);
    assert.equal(
      await page.getByRole('button', { name: /^(Change status|Add update|Change due date)$/ }).count(),
      0,
    );
    await checkAccessibility(page, 'action (board)');
  });
});
