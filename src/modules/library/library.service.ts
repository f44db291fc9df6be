import type { Db, Queryable } from '../../platform/db/index.ts';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { parseOrThrow } from '../../platform/http/forms.ts';
import type { UploadedFile } from '../../platform/http/uploads.ts';
import { isUuid } from '../../platform/schema.ts';
import { auditActorOf, type AuditActor, type AuditRepository } from '../audit/index.ts';
import type { ImportItem } from './library-import.ts';
import { extractReviewFile, tidyText } from './library-text.ts';
import { MARK_END, MARK_START, RANK_CAP, type LibraryRepository } from './library.repository.ts';
import { CreateFromTextSchema, MetadataSchema, PatchSchema, SearchQuery } from './library.schema.ts';
import type {
  ExtractedFile,
  LibraryReview,
  LibraryReviewFields,
  LibraryReviewType,
} from './library.types.ts';
import { REVIEW_TYPES } from './library.types.ts';

export interface LibraryDeps {
  db: Db;
  library: LibraryRepository;
  audit: AuditRepository;
  /** Told of each review added (page, API, CLI, import): the theme suggester hooks in here. */
  onReviewAdded?: (libraryReviewId: string) => Promise<void>;
}

const escapeHtml = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/** A marked passage as safe HTML: everything escaped, then the sentinels become <mark>. */
export function markedHtml(raw: string): string {
  return escapeHtml(raw).replaceAll(MARK_START, '<mark>').replaceAll(MARK_END, '</mark>');
}
/** A marked passage as plain text (the API's snippet). */
export const plainText = (raw: string) => raw.replaceAll(MARK_START, '').replaceAll(MARK_END, '');

function fieldsOf(input: {
  title: string;
  area?: string;
  year?: number | null;
  reviewType?: LibraryReviewFields['reviewType'];
  ageBand?: LibraryReviewFields['ageBand'];
  outcome?: LibraryReviewFields['outcome'];
  sourceUrl?: string | null;
}): LibraryReviewFields {
  return {
    title: input.title,
    area: input.area ?? '',
    year: input.year ?? null,
    reviewType: input.reviewType ?? 'other',
    ageBand: input.ageBand ?? null,
    outcome: input.outcome ?? 'not-stated',
    sourceUrl: input.sourceUrl ?? null,
  };
}

const DUPLICATE = (title: string) => `This file is already in the library, as “${title}”`;

/**
 * Adds one review inside `tx` with its audit row. Shared by the page, the API, imports and the demo
 * seed, so each refuses the same things the same way. Returns the new id.
 */
export async function addReviewIn(
  tx: Queryable,
  deps: Pick<LibraryDeps, 'library' | 'audit'>,
  input: {
    who: AuditActor;
    addedBy: string | null;
    fields: LibraryReviewFields;
    body: string;
    file?: ExtractedFile;
    fileField?: string;
  },
): Promise<string> {
  if (input.file) {
    const held = await deps.library.holdsFile(tx, input.file.sha256);
    if (held)
      throw new ValidationFailed([{ path: input.fileField ?? 'file', message: DUPLICATE(held.title) }]);
  }
  const id = await deps.library.insert(tx, {
    fields: input.fields,
    body: input.body,
    file: input.file,
    addedBy: input.addedBy,
  });
  await deps.audit.insert(tx, input.who, {
    event: 'library-review.added',
    subjectType: 'library-review',
    subjectId: id,
    after: { ...input.fields, fileName: input.file?.fileName ?? null, characters: input.body.length },
  });
  return id;
}

/** Reads one import item (file and metadata) and adds it. */
export async function addImportItemIn(
  tx: Queryable,
  deps: Pick<LibraryDeps, 'library' | 'audit'>,
  item: ImportItem,
  who: { who: AuditActor; addedBy: string | null },
): Promise<string> {
  const fields = fieldsOf(parseOrThrow(MetadataSchema, item.metadata));
  const file = await extractReviewFile({ fileName: item.fileName, content: await item.load() });
  return addReviewIn(tx, deps, { ...who, fields, body: file.text, file });
}

/** Why an item failed, in words for the progress page and the command line. */
export function reasonOf(err: unknown): string {
  if (err instanceof ValidationFailed) return err.fields.map((f) => f.message).join('; ');
  return 'It could not be added because of an unexpected error';
}

/** The review library: published reviews, their text and file, search, and bulk imports. */
export function createLibraryService(deps: LibraryDeps) {
  const { db, library, audit } = deps;
  const mustBeBusinessUnit = (actor: Actor) => {
    if (actor.role !== 'business-unit')
      throw new Forbidden('Only the partnership business unit adds, changes or removes library reviews');
  };
  /** Every signed-in user may read the library (published reports); 404 when there is no such review. */
  async function visible(_actor: Actor, id: string): Promise<LibraryReview> {
    const review = isUuid(id) ? await library.find(db, id) : undefined;
    if (!review) throw new NotFound('Library review');
    return review;
  }
  const added = async (id: string) => {
    await deps.onReviewAdded?.(id);
    return (await library.find(db, id))!;
  };
  const inTx = (work: (tx: Queryable) => Promise<string>) =>
    db.transaction(work).catch((err: unknown) => {
      // Two uploads of one file at once: the unique index decides.
      if ((err as { code?: string }).code === '23505')
        throw new ValidationFailed([{ path: 'file', message: 'This file is already in the library' }]);
      throw err;
    });

  return {
    visible,

    async addFromFile(
      actor: Actor,
      input: unknown,
      upload: UploadedFile | undefined,
    ): Promise<LibraryReview> {
      mustBeBusinessUnit(actor);
      const fields = fieldsOf(parseOrThrow(MetadataSchema, input));
      if (!upload) throw new ValidationFailed([{ path: 'file', message: 'Select the review’s file' }]);
      const file = await extractReviewFile(upload);
      const who = { who: auditActorOf(actor), addedBy: actor.id };
      return added(await inTx((tx) => addReviewIn(tx, deps, { ...who, fields, body: file.text, file })));
    },

    /**
     * Puts this partnership's own report into the library when its review is published (and refreshes
     * it when published again), so searches and theme counts include the partnership's own learning.
     * Only the anonymised report that passed the publication check is given here.
     */
    async recordPartnershipReport(input: {
      reviewId: string;
      title: string;
      year: number;
      reviewType: string;
      body: string;
    }): Promise<LibraryReview> {
      const reviewType = (REVIEW_TYPES as readonly string[]).includes(input.reviewType)
        ? (input.reviewType as LibraryReviewType)
        : 'other';
      const { id, inserted } = await db.transaction(async (tx) => {
        const row = await library.upsertPartnershipReport(tx, {
          ...input,
          reviewType,
          body: tidyText(input.body),
        });
        await audit.insert(
          tx,
          { id: null, label: 'Lantern publishing' },
          {
            event: row.inserted ? 'library-review.added' : 'library-review.updated',
            subjectType: 'library-review',
            subjectId: row.id,
            after: { reviewId: input.reviewId, title: input.title, year: input.year },
          },
        );
        return row;
      });
      if (inserted) await deps.onReviewAdded?.(id);
      return (await library.find(db, id))!;
    },

    async addFromText(actor: Actor, input: unknown): Promise<LibraryReview> {
      mustBeBusinessUnit(actor);
      const { text, ...meta } = parseOrThrow(CreateFromTextSchema, input);
      const body = tidyText(text);
      const who = { who: auditActorOf(actor), addedBy: actor.id };
      return added(await inTx((tx) => addReviewIn(tx, deps, { ...who, fields: fieldsOf(meta), body })));
    },

    /** Changes metadata; a stale version is a conflict before any other rule. */
    async update(actor: Actor, id: string, input: unknown): Promise<LibraryReview> {
      const before = await visible(actor, id);
      if (Number((input as { version?: unknown } | null)?.version) !== before.version)
        throw new Conflict(undefined, before);
      mustBeBusinessUnit(actor);
      const data = parseOrThrow(PatchSchema, input);
      const keep = <K extends keyof LibraryReviewFields>(k: K) =>
        data[k] === undefined ? before[k] : data[k];
      const fields = fieldsOf({
        title: data.title ?? before.title,
        area: keep('area') as string,
        year: keep('year') as number | null,
        reviewType: keep('reviewType') as LibraryReviewFields['reviewType'],
        ageBand: keep('ageBand') as LibraryReviewFields['ageBand'],
        outcome: keep('outcome') as LibraryReviewFields['outcome'],
        sourceUrl: keep('sourceUrl') as string | null,
      });
      await db.transaction(async (tx) => {
        if (!(await library.update(tx, id, fields, data.version))) throw new Conflict(undefined, before);
        const { body: _b, themes: _t, ...old } = before;
        await audit.insert(tx, auditActorOf(actor), {
          event: 'library-review.updated',
          subjectType: 'library-review',
          subjectId: id,
          before: old,
          after: fields,
        });
      });
      return (await library.find(db, id))!;
    },

    async remove(actor: Actor, id: string): Promise<LibraryReview> {
      const before = await visible(actor, id);
      mustBeBusinessUnit(actor);
      await db.transaction(async (tx) => {
        if (!(await library.remove(tx, id))) throw new NotFound('Library review');
        await audit.insert(tx, auditActorOf(actor), {
          event: 'library-review.removed',
          subjectType: 'library-review',
          subjectId: id,
          before: { title: before.title, area: before.area, year: before.year, fileName: before.fileName },
        });
      });
      return before;
    },

    async download(actor: Actor, id: string) {
      await visible(actor, id);
      const file = await library.file(db, id);
      if (!file) throw new NotFound('File');
      return file;
    },

    /** Search with filters, counts per filter value and marked snippets (HTML made safe, and plain). */
    async search(_actor: Actor, query: unknown, { withFacets = true } = {}) {
      const { page, pageSize, ...filters } = parseOrThrow(SearchQuery, query);
      const paging = { page, pageSize };
      // The API has no use for the counts per filter value: five queries it need not wait for.
      const [result, facets] = await db.transaction(async (tx) => {
        await library.preferIndexes(tx);
        const found = await library.search(tx, filters, paging);
        return [found, withFacets ? await library.facets(tx, filters) : undefined] as const;
      });
      return {
        filters,
        facets: facets ?? { year: [], area: [], type: [], ageBand: [], theme: [] },
        page,
        pageSize,
        total: result.total,
        rankCap: RANK_CAP,
        items: result.items.map(({ rawSnippet, ...hit }) => ({
          ...hit,
          snippet: plainText(rawSnippet),
          snippetHtml: markedHtml(rawSnippet),
        })),
      };
    },

    /** Where the terms of a search occur in a review, as safe HTML passages. */
    async occurrences(actor: Actor, id: string, q: string): Promise<string[]> {
      await visible(actor, id);
      if (!q.trim()) return [];
      return (await library.occurrences(db, id, q.trim().slice(0, 500))).map(markedHtml);
    },

    /** The taxonomy's names by code, to show a review's themes in words. */
    themeNames: () => library.themeNames(db),
    listLibraryReviewOptions: () => library.options(db),
    getLibraryReviewSummary: async (id: string) => (isUuid(id) ? library.summary(db, id) : undefined),

    /** Starts a bulk import (business unit): records it and returns its id; run it with runImport. */
    async startImport(actor: Actor, source: 'csv' | 'folder' | 'upload', total: number): Promise<string> {
      mustBeBusinessUnit(actor);
      return db.transaction(async (tx) => {
        const id = await library.startImport(tx, source, total, actor.id);
        await audit.insert(tx, auditActorOf(actor), {
          event: 'library-import.started',
          subjectType: 'library-import',
          subjectId: id,
          details: { source, total },
        });
        return id;
      });
    },

    /** The CLI's import: no signed-in person, so the audit names the command. */
    async startCommandLineImport(source: 'csv' | 'folder', total: number): Promise<string> {
      return db.transaction(async (tx) => {
        const id = await library.startImport(tx, source, total, null);
        await audit.insert(
          tx,
          { id: null, label: 'lantern library import' },
          {
            event: 'library-import.started',
            subjectType: 'library-import',
            subjectId: id,
            details: { source, total },
          },
        );
        return id;
      });
    },

    /**
     * Adds each item in its own transaction, recording progress; a failing item is listed with its
     * reason and the rest go on. `onItem` hears each outcome (the CLI prints it).
     */
    async runImport(
      importId: string,
      items: ImportItem[],
      who: { who: AuditActor; addedBy: string | null },
      onItem?: (item: string, outcome: { id?: string; error?: string }) => void,
    ): Promise<void> {
      try {
        for (const item of items) {
          try {
            const id = await inTx((tx) => addImportItemIn(tx, deps, item, who));
            await library.recordProgress(db, importId);
            await deps.onReviewAdded?.(id);
            onItem?.(item.item, { id });
          } catch (err) {
            const message = reasonOf(err);
            await library.recordProgress(db, importId, { item: item.item, message });
            onItem?.(item.item, { error: message });
          }
        }
        await library.finishImport(db, importId, 'finished');
      } catch (err) {
        await library.finishImport(db, importId, 'failed').catch(() => undefined);
        throw err;
      }
    },

    async importProgress(actor: Actor, importId: string) {
      mustBeBusinessUnit(actor);
      const found = isUuid(importId) ? await library.findImport(db, importId) : undefined;
      if (!found) throw new NotFound('Import');
      return found;
    },
  };
}
export type LibraryService = ReturnType<typeof createLibraryService>;
