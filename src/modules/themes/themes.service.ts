import type { Db, Queryable } from '../../platform/db/index.ts';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { parseOrThrow } from '../../platform/http/forms.ts';
import { isUuid } from '../../platform/schema.ts';
import { auditActorOf, type AuditActor, type AuditRepository } from '../audit/index.ts';
import type { ThemesRepository } from './themes.repository.ts';
import {
  DecisionSchema,
  ReviewsBehindQuery,
  ThemeAddSchema,
  ThemeChangeSchema,
  YearRangeQuery,
} from './themes.schema.ts';
import { suggestThemes } from './themes.suggest.ts';
import type { LibraryReviewSummary, ReviewTheme, Theme, YearRange } from './themes.types.ts';

/** Suggestions are Lantern's own work, not a person's: audited under this label. */
const SUGGESTER: AuditActor = { id: null, label: 'Lantern theme suggestions' };

/** A code made from the theme's name, kept when it is renamed (decisions store codes). */
export function themeCodeFor(name: string, taken: Set<string>): string {
  const base =
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 50)
      .replace(/-+$/, '') || 'theme';
  let code = base;
  for (let n = 2; taken.has(code); n++) code = `${base}-${n}`;
  return code;
}

interface Deps {
  db: Db;
  themes: ThemesRepository;
  audit: AuditRepository;
}

/**
 * Safeguarding themes of the review library: Lantern suggests them from each review's text, the
 * business unit confirms or rejects them and maintains the taxonomy; everyone signed in may read
 * them and the analysis of confirmed themes.
 */
export function createThemesService({ db, themes, audit }: Deps) {
  const mustBeBusinessUnit = (actor: Actor, what: string) => {
    if (actor.role !== 'business-unit') throw new Forbidden(`Only the partnership business unit ${what}`);
  };

  async function review(_actor: Actor, id: string): Promise<LibraryReviewSummary> {
    const found = isUuid(id) ? await themes.review(db, id) : undefined;
    if (!found) throw new NotFound('Library review');
    return found;
  }

  async function managedTheme(actor: Actor, code: string): Promise<Theme> {
    mustBeBusinessUnit(actor, 'maintains the themes');
    const theme = await themes.theme(db, code);
    if (!theme) throw new NotFound('Theme');
    return theme;
  }

  async function nameFree(name: string, exceptCode?: string) {
    if (await themes.nameTaken(db, name, exceptCode))
      throw new ValidationFailed([{ path: 'name', message: 'There is already a theme with that name' }]);
  }

  /**
   * Suggests themes for one review and stores them. Pass `tx` when called inside the transaction
   * that added the review (the library's hook), so the new row is seen and PGlite does not wait on itself.
   */
  async function suggestFor(libraryReviewId: string, tx?: Queryable): Promise<number> {
    const q = tx ?? db;
    const body = await themes.reviewBody(q, libraryReviewId);
    if (body === undefined) throw new NotFound('Library review');
    const suggestions = suggestThemes(body, await themes.themes(q, { activeOnly: true }));
    const store = async (t: Queryable) => {
      await themes.storeSuggestions(t, libraryReviewId, suggestions);
      await audit.insert(t, SUGGESTER, {
        event: 'library.themes-suggested',
        subjectType: 'library-review',
        subjectId: libraryReviewId,
        after: suggestions.map((s) => ({ code: s.code, score: s.score })),
      });
    };
    await (tx ? store(tx) : db.transaction(store));
    return suggestions.length;
  }

  return {
    review,
    suggestThemes: suggestFor,

    /** A person asks for suggestions again (after the keywords changed). Decisions are kept. */
    async resuggest(actor: Actor, libraryReviewId: string): Promise<number> {
      await review(actor, libraryReviewId);
      mustBeBusinessUnit(actor, 'asks for theme suggestions');
      // The suggester's own event says what it found; this one says who asked for it.
      return db.transaction(async (tx) => {
        const count = await suggestFor(libraryReviewId, tx);
        await audit.insert(tx, auditActorOf(actor), {
          event: 'library.themes-resuggested',
          subjectType: 'library-review',
          subjectId: libraryReviewId,
          details: { suggestions: count },
        });
        return count;
      });
    },

    /** Suggests themes for every review that has none yet (added before suggestions ran, or imported). */
    async suggestMissing(): Promise<{ reviews: number; suggestions: number }> {
      const ids = await themes.reviewsWithoutThemes(db, 100_000);
      let suggestions = 0;
      for (const id of ids) suggestions += await suggestFor(id);
      return { reviews: ids.length, suggestions };
    },

    /** The taxonomy, every theme (inactive ones too, marked). Any signed-in user may read it. */
    taxonomy: (_actor: Actor): Promise<Theme[]> => themes.themes(db),

    async manageList(actor: Actor): Promise<Theme[]> {
      mustBeBusinessUnit(actor, 'maintains the themes');
      return themes.themes(db);
    },

    theme: managedTheme,

    async addTheme(actor: Actor, input: unknown): Promise<Theme> {
      mustBeBusinessUnit(actor, 'maintains the themes');
      const data = parseOrThrow(ThemeAddSchema, input);
      await nameFree(data.name);
      const all = await themes.themes(db);
      const code = themeCodeFor(data.name, new Set(all.map((t) => t.code)));
      const fields = {
        code,
        name: data.name,
        description: data.description ?? '',
        keywords: data.keywords ?? [],
        sortOrder: Math.max(0, ...all.map((t) => t.sortOrder)) + 10,
      };
      await db.transaction(async (tx) => {
        await themes.insertTheme(tx, fields);
        await audit.insert(tx, auditActorOf(actor), {
          event: 'library.theme-added',
          subjectType: 'library-theme',
          subjectId: code,
          after: fields,
        });
      });
      return (await themes.theme(db, code))!;
    },

    /** Renames a theme, changes its description or keywords, or (de)activates it. Stale version: conflict. */
    async changeTheme(actor: Actor, code: string, input: unknown): Promise<Theme> {
      const before = await managedTheme(actor, code);
      if (Number((input as { version?: unknown } | null)?.version) !== before.version)
        throw new Conflict(undefined, before);
      const data = parseOrThrow(ThemeChangeSchema, input);
      await nameFree(data.name, code);
      const fields = {
        name: data.name,
        description: data.description ?? before.description,
        keywords: data.keywords ?? before.keywords,
        active: data.active ?? before.active,
      };
      await db.transaction(async (tx) => {
        if (!(await themes.updateTheme(tx, code, fields, data.version)))
          throw new Conflict(undefined, before);
        await audit.insert(tx, auditActorOf(actor), {
          event: 'library.theme-changed',
          subjectType: 'library-theme',
          subjectId: code,
          before: {
            name: before.name,
            description: before.description,
            keywords: before.keywords,
            active: before.active,
          },
          after: fields,
        });
      });
      return (await themes.theme(db, code))!;
    },

    /** A review's themes: suggested, confirmed and rejected, with their passages. */
    async reviewThemes(actor: Actor, libraryReviewId: string) {
      const found = await review(actor, libraryReviewId);
      const [rows, active] = await Promise.all([
        themes.reviewThemes(db, libraryReviewId),
        themes.themes(db, { activeOnly: true }),
      ]);
      const confirmed = new Set(rows.filter((r) => r.status === 'confirmed').map((r) => r.code));
      return {
        review: found,
        suggested: rows.filter((r) => r.status === 'suggested'),
        confirmed: rows.filter((r) => r.status === 'confirmed'),
        rejected: rows.filter((r) => r.status === 'rejected'),
        /** Themes a person may add: active and not confirmed already. */
        addable: active.filter((t) => !confirmed.has(t.code)),
      };
    },

    /**
     * A person's decision on a theme for a review: confirm or reject a suggestion, change their
     * mind, or confirm a theme Lantern did not suggest. Business unit only; audited.
     */
    async decide(actor: Actor, libraryReviewId: string, input: unknown): Promise<ReviewTheme> {
      await review(actor, libraryReviewId);
      mustBeBusinessUnit(actor, 'confirms or rejects themes');
      const data = parseOrThrow(DecisionSchema, input);
      const theme = await themes.theme(db, data.theme);
      const before = theme && (await themes.reviewTheme(db, libraryReviewId, theme.code));
      // An inactive theme may still be decided where it was already suggested, but not newly added.
      if (!theme || (!theme.active && !before))
        throw new ValidationFailed([{ path: 'theme', message: 'Select a theme from the list' }]);
      await db.transaction(async (tx) => {
        await themes.decide(tx, {
          id: libraryReviewId,
          code: theme.code,
          status: data.decision,
          decidedBy: actor.id,
        });
        await audit.insert(tx, auditActorOf(actor), {
          event: 'library.theme-decided',
          subjectType: 'library-review',
          subjectId: libraryReviewId,
          before: before ? { theme: theme.code, status: before.status } : null,
          after: { theme: theme.code, status: data.decision },
        });
      });
      return (await themes.reviewTheme(db, libraryReviewId, theme.code))!;
    },

    /** Confirmed themes counted by year and in pairs, within a year range. */
    async analysis(_actor: Actor, input: unknown) {
      const range: YearRange = parseOrThrow(YearRangeQuery, input);
      const [byYear, coOccurrence, taxonomy] = await Promise.all([
        themes.countsByYear(db, range),
        themes.coOccurrence(db, range),
        themes.themes(db),
      ]);
      return { range, byYear, coOccurrence, themes: taxonomy };
    },

    /** The reviews behind one number of the analysis. */
    async reviewsBehind(_actor: Actor, input: unknown) {
      const query = parseOrThrow(ReviewsBehindQuery, input);
      const all = await themes.themes(db);
      const theme = all.find((t) => t.code === query.theme);
      const other = query.with === undefined ? undefined : all.find((t) => t.code === query.with);
      if (!theme || (query.with !== undefined && !other)) throw new NotFound('Theme');
      return { query, theme, with: other, reviews: await themes.reviewsWith(db, query) };
    },
  };
}
export type ThemesService = ReturnType<typeof createThemesService>;
