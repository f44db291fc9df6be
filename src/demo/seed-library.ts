import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Queryable } from '../platform/db/index.ts';
import { createAuditRepository } from '../modules/audit/index.ts';
import { addImportItemIn, createLibraryRepository, readImportSource } from '../modules/library/index.ts';
import type { DemoIds } from './seed-demo.ts';

const FOLDER = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../reference-data/library-demo',
);

/** Themes a person has confirmed for some demo reviews, so the theme filter has something to show. */
const CONFIRMED: Record<string, string[]> = {
  'northshire-2021-baby-m.txt': [
    'unsafe-sleep',
    'parental-alcohol',
    'disrupted-routines',
    'fathers-male-carers',
  ],
  'eastmoor-2019-baby-t.txt': [
    'unsafe-sleep',
    'parental-drugs',
    'disrupted-routines',
    'professional-curiosity',
  ],
  'riverton-2023-baby-j.txt': ['unsafe-sleep', 'prematurity', 'parental-mental-health'],
  'westford-2017-baby-r.txt': ['unsafe-sleep', 'parental-alcohol', 'fathers-male-carers', 'housing'],
  'southvale-2024-baby-l.txt': ['unsafe-sleep', 'parental-mental-health'],
  'kingsmere-2020-baby-a.txt': ['unsafe-sleep', 'parental-drugs', 'housing'],
  'northshire-2016-child-k.txt': ['neglect'],
  'eastmoor-2022-child-p.txt': ['domestic-abuse'],
  'riverton-2018-baby-s.txt': ['non-accidental-injury', 'fathers-male-carers'],
  'ashdown-2025-child-b.txt': ['neglect', 'domestic-abuse', 'housing', 'information-sharing'],
};

/**
 * Twelve fictional published reviews from other areas (reference-data/library-demo, with its
 * metadata.csv), added through the same import path as `lantern library import`. Returns their ids.
 */
export async function seedDemoLibrary(tx: Queryable, ids: DemoIds): Promise<string[]> {
  const deps = { library: createLibraryRepository(), audit: createAuditRepository() };
  const who = { who: { id: null, label: 'demo seed' }, addedBy: ids.users.manager ?? null };
  const { items } = await readImportSource(FOLDER);
  const added: string[] = [];
  for (const item of items) {
    const id = await addImportItemIn(tx, deps, item, who);
    added.push(id);
    for (const code of CONFIRMED[item.fileName] ?? [])
      await tx.query(
        `INSERT INTO library_review_themes (library_review_id, theme_code, status, decided_by, decided_at)
         VALUES ($1, $2, 'confirmed', $3, now()) ON CONFLICT DO NOTHING`,
        [id, code, who.addedBy],
      );
  }
  return added;
}
