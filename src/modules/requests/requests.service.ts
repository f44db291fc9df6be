import { createHash } from 'node:crypto';
import { londonToday } from '../../platform/clock.ts';
import type { Db, Queryable } from '../../platform/db/index.ts';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { parseOrThrow } from '../../platform/http/forms.ts';
import type { UploadedFile } from '../../platform/http/uploads.ts';
import { isUuid } from '../../platform/schema.ts';
import { formatDate } from '../../platform/views/filters.ts';
import { auditActorOf, type AuditRepository } from '../audit/index.ts';
import { ALLOWED_DESCRIPTION, checkedContentType, MAX_EVIDENCE_BYTES } from '../evidence/index.ts';
import type { NotificationsService } from '../notifications/index.ts';
import type { Organisation, OrganisationsService } from '../organisations/index.ts';
import { reviewScopeFor, type Review, type ReviewsRepository } from '../reviews/index.ts';
import type { RequestRow, RequestsRepository } from './requests.repository.ts';
import { AnswerSchema, RequestSendSchema, WithdrawSchema } from './requests.schema.ts';
import {
  ASK_LABELS,
  type InformationRequest,
  type RequestDetail,
  type StoredFile,
} from './requests.types.ts';

interface Deps {
  db: Db;
  requests: RequestsRepository;
  reviews: ReviewsRepository;
  audit: AuditRepository;
  notifications: NotificationsService;
  organisations: OrganisationsService;
  /** When a request is due unless the business unit says otherwise (a partnership policy). */
  defaultDueDate: (review: Pick<Review, 'panelNotifiedDate'>) => Promise<string>;
}

/** How the actor stands to a request: its organisation, the business unit, or a reader of its review. */
/**
 * `commissioner`: the lead of the organisation that commissions the asked one (an ICB over a
 * health provider), who follows it as they follow its actions; like a reader, sees returns only.
 */
type Access = 'organisation' | 'business-unit' | 'reader' | 'commissioner';

const dayMonth = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  timeZone: 'Europe/London',
});

/** The request without its answer, with what follows from today's date. */
export function derived(row: RequestRow, today = londonToday()): InformationRequest {
  const { answer: _answer, ...rest } = row;
  const overdue = row.status === 'sent' && row.dueDate < today;
  const statusText =
    row.status === 'returned'
      ? `Returned ${dayMonth.format(row.returnedAt!)}`
      : row.status === 'withdrawn'
        ? 'Withdrawn'
        : overdue
          ? 'Overdue'
          : 'Not returned yet';
  return { ...rest, overdue, statusText };
}

const asksInWords = (asks: string[]) =>
  asks
    .map((a) => ASK_LABELS[a as keyof typeof ASK_LABELS].toLowerCase().replace(' (see note)', ' information'))
    .join(' and ');

export function createRequestsService(deps: Deps) {
  const { db, requests, reviews, audit, notifications, organisations, defaultDueDate } = deps;

  async function reviewFor(actor: Actor, reviewId: string): Promise<Review> {
    const review = isUuid(reviewId) ? await reviews.find(db, reviewId, reviewScopeFor(actor)) : undefined;
    if (!review) throw new NotFound('Review');
    return review;
  }

  /**
   * Who may see a request: the business unit; the asked organisation's leads; board members and the
   * review's reviewers, who read returns as they read the review; the leads of the organisation that
   * commissions the asked one. Anyone else is told it does not exist.
   */
  async function accessOf(actor: Actor, row: RequestRow): Promise<Access | undefined> {
    if (actor.role === 'business-unit') return 'business-unit';
    if (actor.role === 'organisation-lead' && actor.organisationId === row.organisationId)
      return 'organisation';
    if (actor.role === 'organisation-lead' && actor.organisationId === row.commissionedBy)
      return 'commissioner';
    if (actor.role === 'board-member') return 'reader';
    if (actor.role === 'reviewer' && (await requests.isReviewer(db, row.reviewId, actor.id))) return 'reader';
    return undefined;
  }

  async function visible(actor: Actor, id: string): Promise<{ row: RequestRow; access: Access }> {
    const row = isUuid(id) ? await requests.find(db, id) : undefined;
    const access = row && (await accessOf(actor, row));
    if (!row || !access) throw new NotFound('Information request');
    return { row, access };
  }

  /** A draft answer is the organisation's own until it is sent; readers see returns only. */
  const answerVisible = (row: RequestRow, access: Access) =>
    (access !== 'reader' && access !== 'commissioner') || row.status === 'returned';

  async function detailOf(row: RequestRow, access: Access, q: Queryable = db): Promise<RequestDetail> {
    const show = answerVisible(row, access);
    return {
      ...derived(row),
      answer: show ? row.answer : null,
      files: show ? await requests.files(q, row.id) : [],
    };
  }

  /** A file that passed the evidence checks (type by content, size), ready to store. */
  async function checkFile(file: UploadedFile | undefined) {
    if (!file) return undefined;
    if (file.content.length > MAX_EVIDENCE_BYTES)
      throw new ValidationFailed([{ path: 'file', message: 'The selected file must be smaller than 10 MB' }]);
    const contentType = await checkedContentType(file.fileName, file.content);
    if (!contentType)
      throw new ValidationFailed([
        { path: 'file', message: `The selected file must be ${ALLOWED_DESCRIPTION}` },
      ]);
    return {
      fileName: file.fileName.replace(/[\\/\r\n"]/g, '_').slice(-200),
      contentType,
      content: file.content,
      sha256: createHash('sha256').update(file.content).digest('hex'),
    };
  }

  /** The default due date, or, when that has already passed, the default counted from today. */
  async function suggestedDueDate(review: Pick<Review, 'panelNotifiedDate'>): Promise<string> {
    const due = await defaultDueDate(review);
    return due >= londonToday() ? due : defaultDueDate({ panelNotifiedDate: null });
  }

  function assertBusinessUnit(actor: Actor, what: string) {
    if (actor.role !== 'business-unit') throw new Forbidden(`Only the partnership business unit ${what}`);
  }

  /** Saves the organisation's answer and any file; with `returnIt`, sends the return too. One transaction. */
  async function answer(
    actor: Actor,
    id: string,
    input: unknown,
    upload: UploadedFile | undefined,
    returnIt: boolean,
  ): Promise<RequestDetail> {
    const { row, access } = await visible(actor, id);
    if (access !== 'organisation')
      throw new Forbidden(`Only ${row.organisationName}’s safeguarding leads answer this request`);
    if (row.status !== 'sent')
      throw new Conflict(`This request has been ${row.status}, so its answer can no longer change`);
    const data = parseOrThrow(AnswerSchema, input);
    if (data.version !== undefined && data.version !== row.version)
      throw new Conflict(undefined, await detailOf(row, access));
    const file = await checkFile(upload);
    const text = data.answer ?? row.answer;
    const hasFiles = (await requests.files(db, id)).length > 0;
    if (returnIt && !text && !file && !hasFiles)
      throw new ValidationFailed([
        { path: 'answer', message: 'Enter your answer or attach a file before you send the return' },
      ]);
    return db.transaction(async (tx) => {
      const locked = await requests.lock(tx, id);
      if (locked?.status !== 'sent' || locked.version !== row.version) throw new Conflict();
      if (text !== row.answer || file) {
        await requests.saveAnswer(tx, id, text);
        if (file) await requests.insertFile(tx, { ...file, requestId: id, uploadedBy: actor.id });
        // The answer itself stays out of the audit log: chronologies are sensitive, the log is browsed.
        await audit.insert(tx, auditActorOf(actor), {
          event: 'information-request.answer-saved',
          subjectType: 'information-request',
          subjectId: id,
          after: { answerLength: text.length, fileName: file?.fileName, sha256: file?.sha256 },
        });
      }
      if (returnIt) {
        await requests.markReturned(tx, id, actor.id);
        await audit.insert(tx, auditActorOf(actor), {
          event: 'information-request.returned',
          subjectType: 'information-request',
          subjectId: id,
          before: { status: 'sent' },
          after: { status: 'returned' },
          details: { reviewId: row.reviewId, organisationId: row.organisationId },
        });
      }
      return detailOf((await requests.find(tx, id))!, access, tx);
    });
  }

  return {
    /**
     * The requests of a review the actor may see: an organisation's lead sees only theirs and those
     * of the organisations it commissions.
     */
    async listForReview(actor: Actor, reviewId: string): Promise<InformationRequest[]> {
      await reviewFor(actor, reviewId);
      if (actor.role === 'practitioner') return [];
      const org = actor.role === 'organisation-lead' ? actor.organisationId : undefined;
      const today = londonToday();
      return (await requests.listForReview(db, reviewId, org)).map((r) => derived(r, today));
    },

    /**
     * The requests page: the business unit sees all, an organisation's lead their organisation's
     * and those of the organisations it commissions.
     */
    async list(actor: Actor): Promise<InformationRequest[]> {
      if (actor.role !== 'business-unit' && actor.role !== 'organisation-lead')
        throw new Forbidden('Information requests are for the business unit and organisation leads');
      const org = actor.role === 'organisation-lead' ? actor.organisationId : undefined;
      const today = londonToday();
      return (await requests.list(db, org)).map((r) => derived(r, today));
    },

    /** What the "send requests" form offers: organisations not already asked, and the default due date. */
    async sendChoices(actor: Actor, reviewId: string) {
      const review = await reviewFor(actor, reviewId);
      assertBusinessUnit(actor, 'sends information requests');
      const open = new Set(await requests.openOrganisationIds(db, reviewId));
      const all = await organisations.list(actor);
      const choices = all.filter((o) => !open.has(o.id) && o.id !== actor.organisationId);
      return { review, organisations: choices, dueDate: await suggestedDueDate(review) };
    },

    /**
     * Sends a request to each chosen organisation and tells each organisation's active leads, all in
     * one transaction. Returns the requests and the organisations that have no lead to tell.
     */
    async send(
      actor: Actor,
      reviewId: string,
      input: unknown,
    ): Promise<{ requests: InformationRequest[]; unnotified: string[] }> {
      const review = await reviewFor(actor, reviewId);
      assertBusinessUnit(actor, 'sends information requests');
      const data = parseOrThrow(RequestSendSchema, input);
      const known = new Map((await organisations.list(actor)).map((o) => [o.id, o]));
      const chosen = [...new Set(data.organisationIds)].map((id) => known.get(id));
      if (chosen.some((o) => !o))
        throw new ValidationFailed([
          { path: 'organisationIds', message: 'Select organisations from the list' },
        ]);
      const orgs = chosen as Organisation[];
      const dueDate = data.dueDate ?? (await suggestedDueDate(review));
      const note = data.note ?? '';
      const unnotified: string[] = [];
      const ids = await db.transaction(async (tx) => {
        await reviews.lock(tx, reviewId); // one sender at a time, so "one open request" holds
        const open = new Set(await requests.openOrganisationIds(tx, reviewId));
        const already = orgs.filter((o) => open.has(o.id));
        if (already.length)
          throw new Conflict(
            `${already.map((o) => o.name).join(', ')} already asked: the request is still open`,
          );
        const created: string[] = [];
        for (const org of orgs) {
          const id = await requests.insert(tx, {
            reviewId,
            organisationId: org.id,
            asks: data.asks,
            note,
            dueDate,
            requestedBy: actor.id,
          });
          await audit.insert(tx, auditActorOf(actor), {
            event: 'information-request.sent',
            subjectType: 'information-request',
            subjectId: id,
            after: { reviewId, organisationId: org.id, asks: data.asks, note, dueDate },
          });
          const leads = await requests.leadsOf(tx, org.id);
          if (!leads.length) unnotified.push(org.name);
          for (const userId of leads) {
            await notifications.notify(tx, {
              userId,
              kind: 'request-received',
              subject: `Information request for the review of ${review.subjectRef}`,
              // The note stays in Lantern: e-mail carries only what is needed to find the request.
              body:
                `The partnership business unit asks ${org.name} for ${asksInWords(data.asks)} ` +
                `for the review of ${review.subjectRef}, by ${formatDate(dueDate)}.`,
              link: `/requests/${id}`,
            });
          }
          created.push(id);
        }
        return created;
      });
      const today = londonToday();
      const rows = await Promise.all(ids.map((id) => requests.find(db, id)));
      return { requests: rows.map((r) => derived(r!, today)), unnotified };
    },

    /** One request with its return (when the actor may read it). Every view is audited: chronologies are sensitive. */
    async get(actor: Actor, id: string) {
      const { row, access } = await visible(actor, id);
      await audit.insert(db, auditActorOf(actor), {
        event: 'information-request.viewed',
        subjectType: 'information-request',
        subjectId: id,
      });
      return {
        request: await detailOf(row, access),
        canAnswer: access === 'organisation' && row.status === 'sent',
        canWithdraw: access === 'business-unit' && row.status === 'sent',
        // The asked organisation and its commissioner may not see the review itself (it opens to them
        // only through their actions), so the page does not link to it.
        canOpenReview: access === 'business-unit' || access === 'reader',
      };
    },

    saveAnswer: (actor: Actor, id: string, input: unknown, upload?: UploadedFile) =>
      answer(actor, id, input, upload, false),

    sendReturn: (actor: Actor, id: string, input: unknown, upload?: UploadedFile) =>
      answer(actor, id, input, upload, true),

    /** The business unit withdraws an open request, saying why. */
    async withdraw(actor: Actor, id: string, input: unknown): Promise<RequestDetail> {
      const { row, access } = await visible(actor, id);
      assertBusinessUnit(actor, 'withdraws information requests');
      if (row.status !== 'sent') throw new Conflict(`This request has already been ${row.status}`);
      const { reason } = parseOrThrow(WithdrawSchema, input);
      return db.transaction(async (tx) => {
        const locked = await requests.lock(tx, id);
        if (locked?.status !== 'sent') throw new Conflict();
        await requests.markWithdrawn(tx, id, actor.id, reason);
        await audit.insert(tx, auditActorOf(actor), {
          event: 'information-request.withdrawn',
          subjectType: 'information-request',
          subjectId: id,
          before: { status: 'sent' },
          after: { status: 'withdrawn', reason },
        });
        return detailOf((await requests.find(tx, id))!, access, tx);
      });
    },

    /** A file of a return, for download; every download is audited. */
    async download(actor: Actor, id: string, fileId: string): Promise<StoredFile> {
      const { row, access } = await visible(actor, id);
      const file =
        answerVisible(row, access) && isUuid(fileId) ? await requests.file(db, id, fileId) : undefined;
      if (!file) throw new NotFound('File');
      await audit.insert(db, auditActorOf(actor), {
        event: 'information-request.file-downloaded',
        subjectType: 'information-request',
        subjectId: id,
        details: { fileId, fileName: file.fileName },
      });
      return file;
    },

    /** Open requests, for the reminders job (it runs in its own transaction). */
    openRequestsForReminders: (tx: Queryable) => requests.open(tx),

    /** Active organisation-lead user ids of an organisation: who is told and reminded. */
    leadsOf: (tx: Queryable, organisationId: string) => requests.leadsOf(tx, organisationId),
  };
}
export type RequestsService = ReturnType<typeof createRequestsService>;
