import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Db } from '../../platform/db/index.ts';
import { createTestDb } from '../../../test/test-db.ts';
import { importLibrary } from './library-cli.ts';

describe('lantern library import', () => {
  let db: Db;
  before(async () => {
    db = await createTestDb();
  });
  after(() => db.close());

  it('imports a folder with metadata.csv, listing a bad file with its reason and going on with the rest', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'library-import-'));
    writeFileSync(path.join(folder, 'a.txt'), 'Baby M was co-sleeping with a parent who had drunk alcohol.');
    writeFileSync(path.join(folder, 'b.txt'), 'Child K was not brought to appointments: neglect.');
    writeFileSync(path.join(folder, 'c.pdf'), 'this is not a PDF at all');
    writeFileSync(path.join(folder, 'notes.md'), 'ignored: not a review file');
    writeFileSync(
      path.join(folder, 'metadata.csv'),
      'file,title,area,year,type,age_band,outcome,url\na.txt,Co-sleeping in Northshire,Northshire,2021,lcspr,under-1,died,https://example.org/a\nc.pdf,Broken,Eastmoor,2020,scr,,,\n',
    );
    const lines: string[] = [];
    const summary = await importLibrary(db, folder, (l) => lines.push(l));
    assert.deepEqual(
      { added: summary.added, failed: summary.failed, total: summary.total },
      { added: 2, failed: 1, total: 3 },
    );
    assert.match(lines.join('\n'), /\[3\/3\] c\.pdf: not added: The selected file must be a PDF/);
    assert.match(lines.join('\n'), /Added 2 of 3 reviews to the library\.\nNot added \(1\):\n {2}c\.pdf: /);
    const rows = await db.query<{ title: string; area: string; year: number; age_band: string }>(
      'SELECT title, area, year, age_band FROM library_reviews ORDER BY year NULLS FIRST',
    );
    assert.deepEqual(rows, [
      { title: 'b', area: '', year: null, age_band: null },
      { title: 'Co-sleeping in Northshire', area: 'Northshire', year: 2021, age_band: 'under-1' },
    ]);
    const [imp] = await db.query<{ status: string; done: number; failed: number; errors: unknown[] }>(
      'SELECT status, done, failed, errors FROM library_imports',
    );
    assert.equal(imp!.status, 'finished');
    assert.equal(imp!.done, 2);
    assert.equal(imp!.errors.length, 1);
    // Importing the same folder again adds nothing: each file is already held.
    const again = await importLibrary(db, folder, () => undefined);
    assert.equal(again.added, 0);
  });

  it('imports from a CSV whose file column names files beside it, refusing paths outside', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'library-csv-'));
    writeFileSync(path.join(folder, 'd.txt'), 'Fractures were found on a baby: non-accidental injury.');
    writeFileSync(
      path.join(folder, 'list.csv'),
      'file,title\nd.txt,Injury review\n../etc/passwd,Escape\nmissing.txt,Missing\n',
    );
    const lines: string[] = [];
    const summary = await importLibrary(db, path.join(folder, 'list.csv'), (l) => lines.push(l));
    assert.equal(summary.added, 1);
    assert.equal(summary.failed, 2);
    assert.match(lines.join('\n'), /missing\.txt: not added: The file was not found/);
  });
});
