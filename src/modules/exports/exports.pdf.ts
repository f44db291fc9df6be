import PDFDocument from 'pdfkit';
import { ACTION_STATUS_LABELS, type Action } from '../actions/index.ts';
import { STATUS_LABELS, TYPE_LABELS, type Recommendation, type Review } from '../reviews/index.ts';
import { britishDate, OVERDUE_FILL } from './exports.rows.ts';

export interface ActionPlan {
  review: Review;
  recommendations: Recommendation[];
  actions: Action[];
  producedOn: string;
  /** Says whose actions the plan shows when the reader sees only some of them. */
  scopeNote?: string;
}

const MARGIN = 50;
const GREY = '#f3f2f1';
const RED = `#${OVERDUE_FILL.slice(2)}`;
// Windows-1252 beyond ASCII and Latin-1: the characters the built-in Helvetica can draw.
const CP1252_EXTRAS = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';

// Letters with a stroke rather than an accent, which Unicode does not decompose.
const NO_DECOMPOSITION: Record<string, string> = { Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', Ħ: 'H', ħ: 'h', ı: 'i' };

/**
 * The built-in PDF fonts cover Windows-1252 only; anything else would print as junk. Accented
 * letters outside it keep their base letter (ő → o, Ł → L); anything else becomes ?.
 */
export function pdfText(text: string): string {
  return [...text]
    .map((ch) => {
      if (drawable(ch)) return ch;
      const base = [...ch.normalize('NFKD')].filter(drawable).join('');
      return base || NO_DECOMPOSITION[ch] || '?';
    })
    .join('');
}

function drawable(ch: string): boolean {
  const code = ch.codePointAt(0)!;
  return (
    ch === '\n' ||
    (code >= 0x20 && code <= 0x7e) ||
    (code >= 0xa0 && code <= 0xff) ||
    CP1252_EXTRAS.includes(ch)
  );
}

const shortDate = (date: string) =>
  new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${date}T00:00:00Z`));

function actionsTable(doc: PDFKit.PDFDocument, actions: Action[]) {
  const header = ['Action', 'Organisation', 'Owner', 'Status', 'Original due', 'Current due', 'Overdue'];
  const rows = actions.map((a) => [
    pdfText(a.description),
    pdfText(a.organisationName),
    pdfText(a.ownerName ?? 'Not named'),
    ACTION_STATUS_LABELS[a.status],
    shortDate(a.originalDueDate),
    a.overdue ? { text: shortDate(a.dueDate), backgroundColor: RED } : shortDate(a.dueDate),
    a.overdue ? { text: 'Yes', font: { src: 'Helvetica-Bold' }, backgroundColor: RED } : 'No',
  ]);
  doc.font('Helvetica').fontSize(8.5);
  doc.table({
    columnStyles: ['*', 82, 66, 62, 56, 56, 40],
    rowStyles: (i: number) => (i === 0 ? { font: { src: 'Helvetica-Bold' }, backgroundColor: GREY } : {}),
    data: [header, ...rows],
  });
}

function recommendationSection(doc: PDFKit.PDFDocument, recommendation: Recommendation, actions: Action[]) {
  doc.moveDown(1).x = MARGIN;
  doc.font('Helvetica-Bold').fontSize(13).text(`Recommendation ${recommendation.number}`);
  doc.moveDown(0.3).font('Helvetica').fontSize(10.5).text(pdfText(recommendation.text));
  doc.moveDown(0.5);
  if (actions.length) actionsTable(doc, actions);
  else doc.font('Helvetica-Oblique').fontSize(10).text('No actions recorded.');
}

/**
 * A line at the foot of every page, written once the page count is known (the document must
 * buffer its pages, as `openA4Pdf`'s do): `line(page, pages)` gives each page's text.
 */
export function footOfEachPage(
  doc: PDFKit.PDFDocument,
  line: (page: number, pages: number) => string,
  style: { margin: number; fontSize?: number; colour?: string } = { margin: MARGIN },
) {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    // Writing inside the margin would otherwise start a new page.
    doc.page.margins.bottom = 0;
    doc
      .font('Helvetica')
      .fontSize(style.fontSize ?? 9)
      .fillColor(style.colour ?? 'black')
      .text(line(i + 1, range.count), style.margin, doc.page.height - 35, {
        width: doc.page.width - 2 * style.margin,
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
}

/**
 * An A4 PDF in British English with its title shown in the viewer, collected into a Buffer:
 * `finished` resolves once `doc.end()` has been called and the last bytes written.
 */
export function openA4Pdf(
  title: string,
  subject: string,
  margin: number,
): { doc: PDFKit.PDFDocument; finished: Promise<Buffer> } {
  const doc = new PDFDocument({
    size: 'A4',
    margin,
    bufferPages: true,
    lang: 'en-GB',
    displayTitle: true,
    info: { Title: title, Author: 'Lantern', Subject: subject },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, finished };
}

/** A review's action plan as a plain A4 PDF for a board pack, in the built-in Helvetica. */
export function actionPlanPdf(plan: ActionPlan): Promise<Buffer> {
  const title = `Action plan: review ${pdfText(plan.review.subjectRef)}`;
  const { doc, finished } = openA4Pdf(title, 'Case review action plan', MARGIN);

  doc.font('Helvetica-Bold').fontSize(20).text(title);
  doc.moveDown(0.5).font('Helvetica').fontSize(11);
  doc.text(`Kind of review: ${TYPE_LABELS[plan.review.type]}`);
  doc.text(`Review status: ${STATUS_LABELS[plan.review.status]}`);
  doc.text(`Produced on ${britishDate(plan.producedOn)}.`);
  if (plan.scopeNote) doc.text(pdfText(plan.scopeNote));
  if (!plan.recommendations.length) doc.moveDown().text('This review has no recommendations yet.');
  for (const recommendation of plan.recommendations) {
    const actions = plan.actions.filter((a) => a.recommendationId === recommendation.id);
    recommendationSection(doc, recommendation, actions);
  }
  footOfEachPage(doc, (page, pages) => `Page ${page} of ${pages}`);
  doc.end();
  return finished;
}
