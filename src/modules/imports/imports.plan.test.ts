import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixture } from '../../../test/fixtures/imports/helpers.ts';
import { guessColumns } from './imports.headers.ts';
import { readSheet } from './imports.parse.ts';
import { actionKey, planImport, type Existing } from './imports.plan.ts';
import { indexDirectory } from './imports.rows.ts';
import type { ImportMapping, Sheet } from './imports.types.ts';

const ORGS = [
  { id: 'org-council', name: "Brookvale Council Children's Services" },
  { id: 'org-police', name: 'Brookvale Police' },
  { id: 'org-community', name: 'Brookvale Community Health NHS Trust' },
  { id: 'org-riverside', name: 'Riverside Medical Centre' },
  { id: 'org-elm', name: 'Elm Tree Surgery' },
];
const USERS = [
  { id: 'user-hv', name: 'Jess Carter', email: 'hv@demo.lantern.test', organisationId: 'org-community' },
  { id: 'user-police', name: 'DI Sam Whitfield', email: 'sam@police.test', organisationId: 'org-police' },
];
const NOTHING: Existing = { reviews: [], recommendations: [], actionKeys: new Set() };
const HEADERS = ['Ref', 'Rec No', 'Recommendation', 'Action', 'Agency', 'Owner', 'Due date', 'Status'];
const MAPPING: ImportMapping = { columns: guessColumns(HEADERS), defaultReviewType: 'lcspr' };

function sheetOf(...rows: string[][]): Sheet {
  return {
    name: 'CSV',
    headerRow: 1,
    headers: HEADERS,
    title: '',
    rows: rows.map((cells, i) => ({ number: i + 2, cells })),
  };
}
const plan = (sheet: Sheet, existing = NOTHING, mapping = MAPPING) =>
  planImport({
    sheet,
    mapping,
    existing,
    directory: { organisations: ORGS, users: USERS },
    today: '2026-05-01',
  });

describe('organisation and owner matching', () => {
  const directory = indexDirectory({ organisations: ORGS, users: USERS });

  it('matches organisations by name ignoring case, spacing and punctuation', () => {
    assert.equal(directory.organisation('brookvale council childrens services')?.id, 'org-council');
    assert.equal(directory.organisation('  BROOKVALE   POLICE ')?.id, 'org-police');
    assert.equal(directory.organisation('Riverside Medical Centre.')?.id, 'org-riverside');
    assert.equal(directory.organisation('Brookvale Constabulary'), undefined);
  });

  it('matches a named owner by name or e-mail, only within the organisation', () => {
    assert.equal(directory.owner('org-community', 'HV@demo.lantern.test')?.id, 'user-hv');
    assert.equal(directory.owner('org-police', 'di sam whitfield')?.id, 'user-police');
    assert.equal(directory.owner('org-police', 'Jess Carter'), undefined);
  });
});

describe('planImport', () => {
  it('lists every row of the messy XLSX that cannot be imported, by its spreadsheet row number', async () => {
    const sheet = await readSheet('xlsx', fixture('messy-action-plan.xlsx'));
    const result = await plan(sheet, NOTHING, {
      columns: guessColumns(sheet.headers),
      defaultReviewType: 'lcspr',
    });
    const problems = Object.fromEntries(result.problems.map((p) => [p.row, p.messages.join(' ')]));
    assert.deepEqual(Object.keys(problems).map(Number), [8, 9, 11, 13, 16]);
    assert.match(problems[8]!, /organisation "Brookvale Acme Services" is not one of the partnership/);
    assert.match(problems[9]!, /action description is missing/);
    assert.match(problems[11]!, /due date "31\/02\/2025" is not a real date/);
    assert.match(problems[13]!, /looks like a child's name/);
    assert.doesNotMatch(problems[13]!, /Jane Doe/, 'the name is not repeated into the stored problems');
    assert.match(problems[16]!, /20 characters or fewer/);

    assert.deepEqual(
      result.actions.map((a) => [a.row, a.recommendationNumber, a.dueDate, a.status]),
      [
        [4, 1, '2024-03-31', 'closed'],
        [5, 1, '2024-06-30', 'in-progress'],
        [7, 2, '2025-06-30', 'not-started'],
        [10, 3, '2024-03-31', 'awaiting-evidence'],
        [14, 4, '2024-12-31', 'closed'],
      ],
    );
    assert.deepEqual(
      result.actions.map((a) => a.ownerUserId),
      ['user-hv', null, 'user-police', null, null],
    );
    assert.deepEqual(result.notes, [{ row: 10, imported: true, messages: [result.notes[0]!.messages[0]!] }]);
    assert.match(result.notes[0]!.messages[0]!, /Dr Imaginary Colleague/);
    assert.deepEqual(result.reviews, [
      { key: 'child b', subjectRef: 'Child B', type: 'lcspr', existingId: null, assumedDate: '2024-03-31' },
    ]);
    assert.deepEqual(
      result.recommendations.map((r) => r.number),
      [1, 2, 3, 4],
    );
  });

  it('adds to a review already in Lantern and its recommendations by number, not twice', async () => {
    const existing: Existing = {
      reviews: [{ id: 'review-ns', subjectRef: 'NS', type: 'lcspr' }],
      recommendations: [{ id: 'rec-1', reviewId: 'review-ns', number: 1, text: 'Existing text' }],
      actionKeys: new Set([actionKey('rec-1', 'org-police', 'Audit records')]),
    };
    const result = await plan(
      sheetOf(
        ['ns', '1', '', 'Audit records', 'Brookvale Police', '', '31/03/2024', ''],
        ['NS', '1', '', 'Train the team', 'Brookvale Police', '', '31/03/2024', ''],
        ['NS', '2', '', 'Something new', 'Brookvale Police', '', '31/03/2024', ''],
      ),
      existing,
    );
    assert.deepEqual(
      result.problems.map((p) => [p.row, p.messages[0]]),
      [
        [2, 'This action is already in Lantern (recommendation 1 of review NS)'],
        [4, 'Recommendation 2 of review NS is not in Lantern yet, and no row gives its text'],
      ],
    );
    assert.deepEqual(
      result.reviews.map((r) => r.existingId),
      ['review-ns'],
    );
    assert.deepEqual(result.recommendations, [
      { reviewKey: 'ns', number: 1, text: 'Existing text', existingId: 'rec-1' },
    ]);
  });

  it('numbers recommendations by their text when the spreadsheet gives no numbers', async () => {
    const result = await plan(
      sheetOf(
        ['Child Q', '', 'Share records', 'A', 'Brookvale Police', '', '31/03/2024', ''],
        ['Child Q', '', 'Train staff', 'B', 'Brookvale Police', '', '31/03/2024', ''],
        ['Child Q', '', 'share records.', 'C', 'Brookvale Police', '', '31/03/2024', ''],
      ),
    );
    assert.deepEqual(
      result.actions.map((a) => a.recommendationNumber),
      [1, 2, 1],
    );
    assert.equal(result.reviews[0]!.assumedDate, '2024-03-31');
  });

  it('takes the kind of review from a column when there is one, and refuses unknown kinds and statuses', async () => {
    const headers = [...HEADERS, 'Review type'];
    const mapping: ImportMapping = { columns: guessColumns(headers), defaultReviewType: 'lcspr' };
    const sheet = {
      ...sheetOf(
        ['Child F', '1', 'R', 'A', 'Brookvale Police', '', '31/03/2016', 'Closed', 'SCR'],
        ['Child G', '1', 'R', 'A', 'Brookvale Police', '', '31/03/2016', 'Amber', 'Audit'],
      ),
      headers,
    };
    const result = await plan(sheet, NOTHING, mapping);
    assert.deepEqual(
      result.reviews.map((r) => [r.subjectRef, r.type]),
      [['Child F', 'scr']],
    );
    assert.match(result.problems[0]!.messages.join(' '), /kind of review "Audit".*status "Amber"/);
  });

  it('dates a new review no later than today when all its actions are due in the future', async () => {
    const result = await plan(sheetOf(['NS', '1', 'R', 'A', 'Brookvale Police', '', '31/03/2027', '']));
    assert.equal(result.reviews[0]!.assumedDate, '2026-05-01');
  });
});
