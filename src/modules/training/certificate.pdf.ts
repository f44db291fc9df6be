import { britishDate, openA4Pdf, pdfText } from '../exports/index.ts';

export interface CertificateFacts {
  name: string;
  organisationName: string;
  courseTitle: string;
  date: string;
  startTime: string;
  endTime: string;
  facilitator: string;
  issuedOn: string;
}

/** The length of a session in hours, in words: "3 hours", "1.5 hours", "1 hour". */
export function hoursBetween(start: string, end: string): string {
  const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  const hours = Math.round(((minutes(end) - minutes(start)) / 60) * 100) / 100;
  return `${hours} hour${hours === 1 ? '' : 's'}`;
}

const MARGIN = 70;
const BLUE = '#1d70b8';

/** A certificate of attendance, one A4 page in the built-in Helvetica. */
export function certificatePdf(c: CertificateFacts): Promise<Buffer> {
  const title = `Certificate of attendance: ${pdfText(c.name)}`;
  const { doc, finished } = openA4Pdf(title, 'Certificate of attendance', MARGIN);
  const width = doc.page.width - 2 * MARGIN;
  doc
    .rect(MARGIN - 20, MARGIN - 20, width + 40, doc.page.height - 2 * MARGIN + 40)
    .lineWidth(3)
    .stroke(BLUE);
  doc.moveDown(2);
  doc
    .font('Helvetica-Bold')
    .fontSize(28)
    .fillColor(BLUE)
    .text('Certificate of attendance', { align: 'center' });
  doc.moveDown(1.5).fillColor('#0b0c0c');
  doc.font('Helvetica').fontSize(14).text('This is to certify that', { align: 'center' });
  doc.moveDown(0.8).font('Helvetica-Bold').fontSize(24).text(pdfText(c.name), { align: 'center' });
  doc.moveDown(0.4).font('Helvetica').fontSize(14).text(pdfText(c.organisationName), { align: 'center' });
  doc.moveDown(1.2).text('attended', { align: 'center' });
  doc.moveDown(0.8).font('Helvetica-Bold').fontSize(18).text(pdfText(c.courseTitle), { align: 'center' });
  doc.moveDown(1.2).font('Helvetica').fontSize(14);
  doc.text(`on ${britishDate(c.date)}, ${c.startTime} to ${c.endTime}`, { align: 'center' });
  doc.moveDown(0.4).text(`Hours of learning: ${hoursBetween(c.startTime, c.endTime)}`, { align: 'center' });
  if (c.facilitator) doc.moveDown(0.4).text(`Facilitated by ${pdfText(c.facilitator)}`, { align: 'center' });
  doc.moveDown(3).fontSize(11).fillColor('#505a5f');
  doc.text(
    `Issued on ${britishDate(c.issuedOn)} by the safeguarding children partnership, through Lantern.`,
    {
      align: 'center',
    },
  );
  doc.end();
  return finished;
}
