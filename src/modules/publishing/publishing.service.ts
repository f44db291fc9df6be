import { createHash } from 'node:crypto';
import type { Db, Queryable } from '../../platform/db/index.ts';
import { Forbidden, NotFound, ValidationFailed } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { parseOrThrow } from '../../platform/http/forms.ts';
import type { UploadedFile } from '../../platform/http/uploads.ts';
import { isUuid } from '../../platform/schema.ts';
import { auditActorOf, type AuditRepository } from '../audit/index.ts';
import type { BriefingsService, PublishedBriefingText } from '../briefings/index.ts';
import type { ReviewsService, ReviewWithDeadlines } from '../reviews/index.ts';
import type { FindingPlace, PublishingRepository } from './publishing.repository.ts';
import { AcceptSchema, EditTextSchema, PastedTextSchema, SettingsSchema } from './publishing.schema.ts';
import type {
  DocumentKind,
  FindIdentifiers,
  PublicationDocument,
  PublicationSettings,
  StoredFinding,
} from './publishing.types.ts';
import { normalise, readDocumentFile } from './report-text.ts';

export interface PublishingDeps {
  db: Db;
  publishing: PublishingRepository;
  audit: AuditRepository;
  reviews: ReviewsService;
  briefings: Pick<BriefingsService, 'list' | 'publishedText'>;
  /** The publication check (the publication-check module's detector). */
  findIdentifiers: FindIdentifiers;
  /** Told when a review's report has been published (to add it to the library); optional. */
  onReportPublished?: (reviewId: string) => Promise<void>;
}

const CONTEXT = 80;

/** Where a finding is in a text: the words either side, cut at word boundaries where possible. */
export function placeOf(
  text: string,
  f: { kind: FindingPlace['kind']; text: string; start: number; end: number },
) {
  const from = Math.max(0, f.start - CONTEXT);
  const to = Math.min(text.length, f.end + CONTEXT);
  const before = text.slice(from, f.start).replace(/^\S*\s/, from > 0 ? '' : '$&');
  const after = text.slice(f.end, to).replace(/\s\S*$/, to < text.length ? '' : '$&');
  return {
    ...f,
    contextBefore: (from > 0 ? '…' : '') + before,
    contextAfter: after + (to < text.length ? '…' : ''),
  };
}

/** Everything of a briefing the public would read, so the check sees exactly that. */
const publicTextOf = (b: PublishedBriefingText) =>
  [b.title, ...b.sections.flatMap((s) => [s.heading, s.text])].join('\n\n');

/**
 * Publishing a review's report: the business unit attaches the final report and a press statement,
 * the publication check finds what could identify the child or family, and a person fixes the text
 * or accepts each finding with a reason. The review cannot be published while any is open.
 */
/** A reference that is anonymised already ("Child Q", "Baby T1"), so it may be pre-filled as allowed. */
export const ANONYMISED_REFERENCE = /^(Child|Baby|Sibling|Young person) [A-Z0-9]{1,3}$/;

export function createPublishingService(deps: PublishingDeps) {
  const { db, publishing, audit, reviews, findIdentifiers } = deps;

  /** The business unit and the review's reviewers see the publication page; everyone else gets 404. */
  async function visible(actor: Actor, reviewId: string): Promise<ReviewWithDeadlines> {
    const review = await reviews.find(actor, reviewId);
    if (actor.role !== 'business-unit' && actor.role !== 'reviewer') throw new NotFound('Review');
    return review;
  }
  async function manageable(actor: Actor, reviewId: string): Promise<ReviewWithDeadlines> {
    const review = await visible(actor, reviewId);
    if (actor.role !== 'business-unit')
      throw new Forbidden('Only the partnership business unit manages the publication of a report');
    return review;
  }

  // The subject reference is not allowed automatically (it could be initials): the business unit
  // lists the allowed references, pre-filled with it only when it is already an anonymised one.
  const allowedFor = (_review: ReviewWithDeadlines, settings: PublicationSettings) => settings.allowed;
  const settingsOf = async (q: Queryable, review: ReviewWithDeadlines): Promise<PublicationSettings> =>
    (await publishing.settings(q, review.id)) ?? {
      allowed: ANONYMISED_REFERENCE.test(review.subjectRef) ? [review.subjectRef] : [],
      briefingId: null,
      publicTitle: null,
    };

  /**
   * Runs the check on a document's new version. A finding still in the text keeps its status (an
   * accepted one stays accepted) and moves to where it now is; an open one no longer there is
   * fixed; anything new is open.
   */
  async function recheck(
    tx: Queryable,
    actor: Actor,
    doc: { id: string; text: string },
    args: {
      review: ReviewWithDeadlines;
      document: DocumentKind;
      settings: PublicationSettings;
    },
  ) {
    const found = await findIdentifiers(doc.text, { allowed: allowedFor(args.review, args.settings) });
    const standing = await publishing.standing(tx, args.review.id, args.document);
    const gone: string[] = [];
    const unmatched = found.map((f) => ({ ...placeOf(doc.text, f), documentId: doc.id }));
    for (const old of standing) {
      const at = unmatched.findIndex((f) => f.kind === old.kind && f.text === old.text);
      if (at < 0) {
        gone.push(old.id);
        continue;
      }
      await publishing.moveFinding(tx, old.id, unmatched[at]!);
      unmatched.splice(at, 1);
    }
    await publishing.markFixed(tx, gone, actor.id);
    for (const f of unmatched) await publishing.insertFinding(tx, args.review.id, args.document, f);
    return { found: found.length, fixed: gone.length, added: unmatched.length };
  }

  async function saveVersion(
    actor: Actor,
    reviewId: string,
    document: DocumentKind,
    version: { text: string; file?: { fileName: string; contentType: string; content: Buffer } },
    event: string,
  ) {
    const review = await manageable(actor, reviewId);
    const settings = await settingsOf(db, review);
    const file = version.file && {
      ...version.file,
      sha256: createHash('sha256').update(version.file.content).digest('hex'),
    };
    const before = await publishing.current(db, reviewId, document);
    return db.transaction(async (tx) => {
      await publishing.holdReview(tx, reviewId);
      const id = await publishing.insertDocument(tx, {
        reviewId,
        document,
        text: version.text,
        file,
        createdBy: actor.id,
      });
      const result = await recheck(tx, actor, { id, text: version.text }, { review, document, settings });
      await audit.insert(tx, auditActorOf(actor), {
        event,
        subjectType: 'review',
        subjectId: reviewId,
        before: before ? { document, version: before.version } : undefined,
        after: {
          document,
          version: (before?.version ?? 0) + 1,
          characters: version.text.length,
          fileName: file?.fileName ?? null,
          sha256: file?.sha256 ?? null,
          findings: result,
        },
      });
      return result;
    });
  }

  /**
   * How many possible identifiers the check finds in the chosen briefing's public text (null when no
   * published briefing of this review is chosen): any at all keep it off the public page, and no one
   * can accept a finding on a briefing, so the business unit is told to edit the briefing instead.
   */
  async function briefingFindingsOf(
    reviewId: string,
    settings: { briefingId: string | null; allowed: string[] } | null,
  ): Promise<number | null> {
    if (!settings?.briefingId) return null;
    const briefing = await deps.briefings.publishedText(settings.briefingId);
    if (briefing?.reviewId !== reviewId) return null;
    return (await findIdentifiers(publicTextOf(briefing), { allowed: settings.allowed })).length;
  }

  return {
    /** Whether the actor may change anything on the publication page. */
    canManage: (actor: Actor) => actor.role === 'business-unit',

    /** The publication page: documents, findings, the allowed references and the briefing. */
    async get(actor: Actor, reviewId: string) {
      const review = await visible(actor, reviewId);
      const [report, pressStatement, findings, settings, briefingList] = await Promise.all([
        publishing.current(db, reviewId, 'report'),
        publishing.current(db, reviewId, 'press-statement'),
        publishing.findings(db, reviewId),
        settingsOf(db, review),
        deps.briefings.list(actor, { reviewId, pageSize: 200 }),
      ]);
      await audit.insert(db, auditActorOf(actor), {
        event: 'publication.viewed',
        subjectType: 'review',
        subjectId: reviewId,
      });
      const briefings = briefingList.items.filter((b) => b.status === 'published');
      const briefingFindings = await briefingFindingsOf(reviewId, settings);
      return { review, report, pressStatement, findings, settings, briefings, briefingFindings };
    },

    /** Attaches a report or statement: an uploaded file's text, or pasted text. A new version each time. */
    async attach(
      actor: Actor,
      reviewId: string,
      document: DocumentKind,
      input: { text?: string; file?: UploadedFile },
    ) {
      await manageable(actor, reviewId);
      const version = input.file
        ? await readDocumentFile(input.file)
        : { text: normalise(parseOrThrow(PastedTextSchema, { text: input.text ?? '' }).text) };
      return saveVersion(actor, reviewId, document, version, 'publication.document-attached');
    },

    /** Saves an edit of the current text as a new version, and checks it again. */
    async editText(actor: Actor, reviewId: string, document: DocumentKind, input: unknown) {
      await manageable(actor, reviewId);
      const { text } = parseOrThrow(EditTextSchema, input);
      if (!(await publishing.current(db, reviewId, document))) throw new NotFound('Document');
      return saveVersion(actor, reviewId, document, { text: normalise(text) }, 'publication.document-edited');
    },

    /** Accepts a finding with the reason it may be published as it is (for example, a public official's title). */
    async accept(actor: Actor, reviewId: string, findingId: string, input: unknown): Promise<StoredFinding> {
      await manageable(actor, reviewId);
      const finding = isUuid(findingId) ? await publishing.finding(db, reviewId, findingId) : undefined;
      if (!finding) throw new NotFound('Finding');
      const { reason } = parseOrThrow(AcceptSchema, input);
      await db.transaction(async (tx) => {
        if (!(await publishing.accept(tx, findingId, reason, actor.id)))
          throw new ValidationFailed([
            { path: 'reason', message: 'This finding has already been dealt with' },
          ]);
        await audit.insert(tx, auditActorOf(actor), {
          event: 'publication.finding-accepted',
          subjectType: 'review',
          subjectId: reviewId,
          after: { findingId, kind: finding.kind, text: finding.text, reason },
        });
      });
      return (await publishing.finding(db, reviewId, findingId))!;
    },

    /** Changes the allowed references and the briefing; the current texts are checked again. */
    async saveSettings(actor: Actor, reviewId: string, input: unknown) {
      const review = await manageable(actor, reviewId);
      const data = parseOrThrow(SettingsSchema, input);
      const settings = {
        allowed: [...new Set(data.allowed.filter(Boolean))],
        briefingId: data.briefingId || null,
        publicTitle: data.publicTitle,
      };
      if (settings.publicTitle) {
        const found = await findIdentifiers(settings.publicTitle, { allowed: settings.allowed });
        if (found.length)
          throw new ValidationFailed([
            {
              path: 'publicTitle',
              message: `The public title must not identify anyone: remove ${found.map((f) => `“${f.text}”`).join(', ')} or list it as an allowed reference`,
            },
          ]);
      }
      if (settings.briefingId) {
        const { items } = await deps.briefings.list(actor, { reviewId, pageSize: 200 });
        if (!items.some((b) => b.id === settings.briefingId && b.status === 'published'))
          throw new ValidationFailed([
            { path: 'briefingId', message: 'Select a published briefing of this review' },
          ]);
      }
      const before = await settingsOf(db, review);
      const docs = (
        await Promise.all([
          publishing.current(db, reviewId, 'report'),
          publishing.current(db, reviewId, 'press-statement'),
        ])
      ).filter((d): d is PublicationDocument => Boolean(d));
      await db.transaction(async (tx) => {
        await publishing.holdReview(tx, reviewId);
        await publishing.saveSettings(tx, reviewId, settings, actor.id);
        for (const doc of docs) await recheck(tx, actor, doc, { review, document: doc.document, settings });
        await audit.insert(tx, auditActorOf(actor), {
          event: 'publication.settings-changed',
          subjectType: 'review',
          subjectId: reviewId,
          before,
          after: settings,
        });
      });
    },

    /** The uploaded original of one version (business unit and reviewers). */
    async file(actor: Actor, reviewId: string, documentId: string) {
      await visible(actor, reviewId);
      const file = isUuid(documentId) ? await publishing.file(db, reviewId, documentId) : undefined;
      if (!file) throw new NotFound('File');
      await audit.insert(db, auditActorOf(actor), {
        event: 'publication.file-downloaded',
        subjectType: 'review',
        subjectId: reviewId,
        details: { documentId, fileName: file.fileName },
      });
      return file;
    },

    /**
     * The publication gate the reviews service asks before a review moves to `published`: a
     * message when no report is attached or the check has open findings, null otherwise.
     */
    async gate(reviewId: string, q: Queryable = db): Promise<string | null> {
      if (!(await publishing.current(q, reviewId, 'report')))
        return 'Attach the final report and clear the publication check before publishing';
      const open = await publishing.openCounts(q, reviewId);
      const plural = (n: number) => (n === 1 ? 'finding' : 'findings');
      if (open.report)
        return `The report has ${open.report} open ${plural(open.report)} from the publication check`;
      if (open['press-statement'])
        return `The press statement has ${open['press-statement']} open ${plural(open['press-statement'])} from the publication check`;
      if (!(await publishing.settings(q, reviewId))?.publicTitle)
        return 'Set the public title on the publication page before publishing';
      return null;
    },

    /** Told by the reviews service once a review is published. */
    async reportPublished(reviewId: string): Promise<void> {
      await publishing.markPublished(db, reviewId);
      await deps.onReportPublished?.(reviewId);
    },

    /** Public (no sign-in): every published review's report that passed the check. */
    publicReports: () => publishing.publicReports(db),

    /** The public report of a review, or undefined when it has none (not published, not clean, no title). */
    publicReportIfAny: (reviewId: string) =>
      isUuid(reviewId) ? publishing.publicReport(db, reviewId) : Promise.resolve(undefined),

    async publicReport(reviewId: string) {
      const report = isUuid(reviewId) ? await publishing.publicReport(db, reviewId) : undefined;
      if (!report) throw new NotFound('Report');
      return report;
    },

    /** The press statement shown with a public report, when it passed the check (call after publicReport). */
    publicPressStatement: (reviewId: string) => publishing.publicPressStatement(db, reviewId),

    /**
     * The learning briefing the business unit chose to publish with a public report, or null. It is
     * shown only when its whole public text (title, headings and sections) passes the publication
     * check with the review's allowed references: there is no one to accept a finding on it, so any
     * finding keeps it off the public page, as an open finding keeps a report or press statement off.
     */
    async publicBriefing(reviewId: string): Promise<PublishedBriefingText | null> {
      if (!isUuid(reviewId) || !(await publishing.publicReport(db, reviewId))) return null;
      const settings = await publishing.settings(db, reviewId);
      if (!settings?.briefingId) return null;
      const briefing = await deps.briefings.publishedText(settings.briefingId);
      if (briefing?.reviewId !== reviewId) return null;
      const found = await findIdentifiers(publicTextOf(briefing), { allowed: settings.allowed });
      return found.length ? null : briefing;
    },
  };
}
export type PublishingService = ReturnType<typeof createPublishingService>;
