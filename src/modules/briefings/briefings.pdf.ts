import { britishDate, footOfEachPage, openA4Pdf, pdfText } from '../exports/index.ts';
import { TYPE_LABELS, type ReviewType } from '../reviews/index.ts';
import { SECTIONS, type Briefing } from './briefings.types.ts';

const MARGIN = 56;
const BLUE = '#1d70b8';
const GREY_TEXT = '#505a5f';

/** The title block: the partnership, what the document is, the title, and where it comes from. */
function header(doc: PDFKit.PDFDocument, b: Briefing) {
  const width = doc.page.width - 2 * MARGIN;
  doc
    .font('Helvetica-Bold')
    .fontSize(10)
    .fillColor(BLUE)
    .text(pdfText(b.partnershipName.toUpperCase()), { width });
  doc.font('Helvetica').fontSize(10).fillColor(GREY_TEXT).text('7-minute learning briefing', { width });
  if (b.status === 'draft') doc.font('Helvetica-Bold').fillColor('#d4351c').text('DRAFT - not yet published');
  doc.moveDown(0.6).font('Helvetica-Bold').fontSize(20).fillColor('black').text(pdfText(b.title), { width });
  doc.moveDown(0.3).font('Helvetica').fontSize(10).fillColor(GREY_TEXT);
  const kind = TYPE_LABELS[b.reviewType as ReviewType] ?? 'Review';
  doc.text(pdfText(`Review: ${b.reviewRef} (${kind})`), { width });
  doc.text(b.publishedDate ? `Published on ${britishDate(b.publishedDate)}` : 'Not yet published', { width });
  doc.moveDown(0.6);
  doc
    .moveTo(MARGIN, doc.y)
    .lineTo(doc.page.width - MARGIN, doc.y)
    .lineWidth(1.5)
    .strokeColor(BLUE)
    .stroke();
  doc.moveDown(0.8).fillColor('black');
}

/** One numbered section; a heading never sits alone at the foot of a page. */
function section(doc: PDFKit.PDFDocument, n: number, label: string, body: string, bullets: boolean) {
  if (doc.y > doc.page.height - doc.page.margins.bottom - 90) doc.addPage();
  doc.x = MARGIN;
  doc.font('Helvetica-Bold').fontSize(13).fillColor(BLUE).text(`${n}. ${label}`);
  doc.moveDown(0.25).font('Helvetica').fontSize(10.5).fillColor('black');
  // Paragraph gaps already space the paragraphs: a blank line between them would double the gap.
  const text = body.trim().replace(/\n\s*\n/g, '\n');
  if (!text) {
    doc.font('Helvetica-Oblique').text('Nothing added.');
  } else if (bullets) {
    const lines = text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    doc.list(lines.map(pdfText), { bulletRadius: 2, textIndent: 12, paragraphGap: 3 });
  } else {
    doc.text(pdfText(text), { paragraphGap: 4, lineGap: 1.5 });
  }
  doc.moveDown(0.9);
}

/**
 * A learning briefing as an A4 PDF, in the built-in Helvetica: partnership, title, review
 * reference and publication date, then the seven sections with headings. Questions for
 * reflection, one per line, print as a bulleted list.
 */
export function briefingPdf(b: Briefing): Promise<Buffer> {
  const { doc, finished } = openA4Pdf(pdfText(b.title), '7-minute learning briefing', MARGIN);
  header(doc, b);
  SECTIONS.forEach((s, i) => section(doc, i + 1, s.label, b[s.key], s.key === 'questionsForReflection'));
  footOfEachPage(
    doc,
    (page, pages) =>
      pdfText(`${b.partnershipName} - 7-minute briefing - review ${b.reviewRef} - Page ${page} of ${pages}`),
    { margin: MARGIN, fontSize: 8.5, colour: GREY_TEXT },
  );
  doc.end();
  return finished;
}
