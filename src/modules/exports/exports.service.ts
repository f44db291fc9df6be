import { londonToday } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import type { Action, ActionFilters, ActionSort, ActionsService } from '../actions/index.ts';
import { auditActorOf, type AuditRepository } from '../audit/index.ts';
import type { ReviewsService } from '../reviews/index.ts';
import { trackerCsv } from './exports.csv.ts';
import { actionPlanPdf } from './exports.pdf.ts';
import { fileSlug, inPlanOrder } from './exports.rows.ts';
import { CONTENT_TYPES, type PlanFormat, type TrackerFormat } from './exports.schema.ts';
import { actionPlanWorkbook, trackerWorkbook } from './exports.xlsx.ts';

interface Deps {
  db: Db;
  actions: ActionsService;
  reviews: ReviewsService;
  audit: AuditRepository;
  today?: () => string;
}

/** A file ready to download. */
export interface ExportFile {
  filename: string;
  contentType: string;
  body: Buffer;
}

const PAGE_SIZE = 200;

/** Whose actions the caller sees, in words, for a file that shows only some of them. */
function scopeNote(actor: Actor): string | undefined {
  switch (actor.role) {
    case 'organisation-lead':
      return `Shows the actions owned by ${actor.organisationName} and any organisation it commissions.`;
    case 'practitioner':
      return `Shows the actions owned by ${actor.name}.`;
    default:
      return undefined;
  }
}

export function createExportsService({ db, actions, reviews, audit, today = londonToday }: Deps) {
  /** Every action of the caller's tracker, a page at a time, so the file has the same scope as the page. */
  async function allActions(actor: Actor, filters: ActionFilters, sort?: ActionSort): Promise<Action[]> {
    const all = new Map<string, Action>();
    for (let page = 1; ; page++) {
      const { items, total } = await actions.list(actor, filters, { page, pageSize: PAGE_SIZE, sort });
      for (const item of items) all.set(item.id, item);
      if (items.length < PAGE_SIZE || page * PAGE_SIZE >= total) break;
    }
    return [...all.values()];
  }

  return {
    /**
     * The caller's action tracker as CSV or a workbook with a sheet per review. In the tracker's
     * order when one is asked for (the page's links carry it); otherwise as an action plan reads,
     * review by review. Audited.
     */
    async exportTracker(
      actor: Actor,
      { format, filters, sort }: { format: TrackerFormat; filters: ActionFilters; sort?: ActionSort },
    ): Promise<ExportFile> {
      const listed = await allActions(actor, filters, sort);
      const rows = sort ? listed : inPlanOrder(listed);
      const body = format === 'csv' ? trackerCsv(rows) : await trackerWorkbook(rows);
      await audit.insert(db, auditActorOf(actor), {
        event: 'actions.exported',
        subjectType: 'actions',
        details: { format, filters, sort, rows: rows.length },
      });
      return { filename: `action-tracker-${today()}.${format}`, contentType: CONTENT_TYPES[format], body };
    },

    /**
     * A review's action plan for anyone who can see the review (404 otherwise). It holds the
     * actions the caller can see on the tracker, so a partner's copy shows their own actions.
     */
    async exportActionPlan(actor: Actor, reviewId: string, format: PlanFormat): Promise<ExportFile> {
      const { review, recommendations } = await reviews.get(actor, reviewId);
      const planActions = await actions.listForReview(actor, reviewId);
      const body =
        format === 'pdf'
          ? await actionPlanPdf({
              review,
              recommendations,
              actions: planActions,
              producedOn: today(),
              scopeNote: scopeNote(actor),
            })
          : await actionPlanWorkbook({
              subjectRef: review.subjectRef,
              recommendations,
              actions: planActions,
            });
      await audit.insert(db, auditActorOf(actor), {
        event: 'review.action-plan-exported',
        subjectType: 'review',
        subjectId: review.id,
        details: { format, actions: planActions.length },
      });
      return {
        filename: `action-plan-${fileSlug(review.subjectRef)}-${today()}.${format}`,
        contentType: CONTENT_TYPES[format],
        body,
      };
    },
  };
}
export type ExportsService = ReturnType<typeof createExportsService>;
