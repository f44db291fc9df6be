import { footOfEachPage, openA4Pdf, pdfText } from '../exports/index.ts';

const MARGIN = 60;

/** A part of a public document: an optional heading, then its text. */
export interface PublicPdfBlock {
  heading?: string;
  text: string;
  /**
   * Each line is its own paragraph (a briefing's numbered points, questions one to a line). Without
   * it, lines within a paragraph run together: a report's text keeps the hard line breaks of the
   * file it was read from.
   */
  keepLines?: boolean;
}

function paragraphsOf(block: PublicPdfBlock): string[] {
  const paragraphs = block.keepLines ? block.text.split('\n') : block.text.split(/\n\s*\n/);
  return paragraphs.map((p) => p.replace(/\s+/g, ' ').trim()).filter(Boolean);
}

/**
 * A public PDF made from text the publication check passed and nothing else: the uploaded original
 * of a report (its metadata, annotations, attachments and images were never checked) is never
 * served publicly. The title, then each block with its heading.
 */
export function publicPdf(title: string, subtitle: string, blocks: PublicPdfBlock[]): Promise<Buffer> {
  const { doc, finished } = openA4Pdf(pdfText(title), subtitle, MARGIN);
  doc.font('Helvetica').fontSize(11).fillColor('#505a5f').text(pdfText(subtitle));
  doc.font('Helvetica-Bold').fontSize(18).fillColor('black').text(pdfText(title));
  doc.moveDown();
  for (const block of blocks) {
    if (block.heading) {
      // A heading never sits alone at the foot of a page.
      if (doc.y > doc.page.height - doc.page.margins.bottom - 80) doc.addPage();
      doc.font('Helvetica-Bold').fontSize(14).text(pdfText(block.heading));
      doc.moveDown(0.3);
    }
    for (const paragraph of paragraphsOf(block)) {
      doc.font('Helvetica').fontSize(11).text(pdfText(paragraph));
      doc.moveDown(0.6);
    }
  }
  footOfEachPage(doc, (page, pages) => `${pdfText(title)}: page ${page} of ${pages}`, { margin: MARGIN });
  doc.end();
  return finished;
}

/** The public PDF of a published review's report. */
export const publicReportPdf = (title: string, text: string) =>
  publicPdf(title, 'Published review', [{ text }]);
