import { britishDate, footOfEachPage, openA4Pdf, pdfText } from '../exports/index.ts';
import { AGE_BAND_LABELS, type Review } from '../reviews/index.ts';
import {
  ABUSE_OR_NEGLECT_LABELS,
  ETHNICITY_LABELS,
  INCIDENT_CATEGORY_LABELS,
  OUTCOME_LABELS,
  SEX_LABELS,
  SOCIAL_CARE_LABELS,
  type IncidentNotification,
} from './incident-notification.types.ts';

export interface NotificationPrint {
  review: Review;
  notification: IncidentNotification;
  producedOn: string;
}

const MARGIN = 50;
const GREY = '#f3f2f1';
/** The Government Security Classification marking for personal safeguarding information. */
export const MARKING = 'OFFICIAL-SENSITIVE';

const dateOr = (date: string | null, otherwise: string) => (date ? britishDate(date) : otherwise);

/** The notification's fields in the order the summary page shows them. */
export function notificationFields({ review, notification: n }: NotificationPrint): [string, string][] {
  const agencies = [...n.agencies.map((a) => a.name), ...(n.otherAgencies ? [n.otherAgencies] : [])];
  return [
    ['Date of incident', britishDate(review.incidentDate)],
    ['Local authority became aware', britishDate(review.awareDate)],
    ['Notified to the Panel', dateOr(review.panelNotifiedDate, 'Not yet recorded')],
    ['Notified to Ofsted', dateOr(n.ofstedNotifiedDate, 'Not recorded')],
    ['Kind of incident', INCIDENT_CATEGORY_LABELS[n.incidentCategory]],
    ['Abuse or neglect', ABUSE_OR_NEGLECT_LABELS[n.abuseOrNeglect]],
    ['Description', n.description],
    ['Agencies involved', agencies.join('; ') || 'None recorded'],
    ['Submitted by', n.submittedBy || 'Not recorded'],
  ];
}

function childrenTable(doc: PDFKit.PDFDocument, n: IncidentNotification) {
  const header = ['Reference', 'Age band', 'Sex', 'Ethnic group', 'Died or harmed', 'Children’s social care'];
  const rows = n.children.map((c) => [
    pdfText(c.reference),
    AGE_BAND_LABELS[c.ageBand],
    SEX_LABELS[c.sex],
    ETHNICITY_LABELS[c.ethnicity],
    OUTCOME_LABELS[c.outcome],
    pdfText(SOCIAL_CARE_LABELS[c.socialCare]),
  ]);
  doc.font('Helvetica').fontSize(9);
  doc.table({
    columnStyles: [70, 60, 50, 90, 70, '*'],
    rowStyles: (i: number) => (i === 0 ? { font: { src: 'Helvetica-Bold' }, backgroundColor: GREY } : {}),
    data: [header, ...rows],
  });
}

/** The security marking at the top of a page, drawn first so it also reads first. */
function markPage(doc: PDFKit.PDFDocument) {
  const { x, y } = doc;
  // Text that flows onto a new page carries on in its own font, so put that back afterwards.
  const state = doc as unknown as { _font: { name: string } | null; _fontSize: number };
  const font = state._font?.name ?? 'Helvetica';
  const size = state._fontSize;
  const top = doc.page.margins.top;
  // Writing inside the margin would otherwise start a new page.
  doc.page.margins.top = 0;
  doc
    .font('Helvetica-Bold')
    .fontSize(10)
    .text(MARKING, MARGIN, 20, { width: doc.page.width - 2 * MARGIN, align: 'center', lineBreak: false });
  doc.page.margins.top = top;
  doc.font(font).fontSize(size);
  doc.x = x;
  doc.y = y;
}

/** The serious incident notification as a plain A4 PDF, in the built-in Helvetica. */
export function notificationPdf(print: NotificationPrint): Promise<Buffer> {
  const title = `Serious incident notification: review ${pdfText(print.review.subjectRef)}`;
  const { doc, finished } = openA4Pdf(title, 'Serious incident notification to the National Panel', MARGIN);

  markPage(doc);
  doc.on('pageAdded', () => markPage(doc));
  doc.font('Helvetica-Bold').fontSize(18).text(title);
  doc.moveDown(0.3).font('Helvetica').fontSize(10);
  doc.text(`Generated on ${britishDate(print.producedOn)}. Children are named by reference only.`);
  doc.moveDown(0.8);
  for (const [label, value] of notificationFields(print)) {
    doc.font('Helvetica-Bold').fontSize(10.5).text(label);
    doc.font('Helvetica').fontSize(10.5).text(pdfText(value)).moveDown(0.4);
  }
  // Keep the heading with the table: start a new page when less than its header and a row fit.
  if (doc.y > doc.page.height - doc.page.margins.bottom - 120) doc.addPage();
  else doc.moveDown(0.5);
  doc.font('Helvetica-Bold').fontSize(13).text(`Children (${print.notification.children.length})`);
  doc.moveDown(0.3);
  childrenTable(doc, print.notification);
  // The marking again at the foot of each page, with the page number.
  footOfEachPage(doc, (page, pages) => `${MARKING} - Page ${page} of ${pages}`, { margin: MARGIN });
  doc.end();
  return finished;
}
