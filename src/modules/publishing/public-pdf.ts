import { footOfEachPage, openA4Pdf, pdfText } from '../exports/index.ts';

const MARGIN = 60;

/**
 * The public PDF of a report, made from the text the publication check passed and nothing else:
 * the uploaded original (its metadata, annotations, attachments and images were never checked) is
 * never served publicly.
 */
export function publicReportPdf(title: string, text: string): Promise<Buffer> {
  const { doc, finished } = openA4Pdf(pdfText(title), 'Published review', MARGIN);
  doc.font('Helvetica-Bold').fontSize(18).text(pdfText(title));
  doc.moveDown();
  for (const paragraph of text.split(/\n\s*\n/)) {
    doc
      .font('Helvetica')
      .fontSize(11)
      .text(pdfText(paragraph.replace(/\s+/g, ' ').trim()));
    doc.moveDown(0.6);
  }
  footOfEachPage(doc, (page, pages) => `${pdfText(title)}: page ${page} of ${pages}`, { margin: MARGIN });
  doc.end();
  return finished;
}
