import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.ts';
import { publicPdf, publicReportPdf } from './public-pdf.ts';
import type { PublicReport } from './publishing.types.ts';

/** The opening of a report as its summary: the report passed the check, so it is safe to show. */
function summaryOf(text: string): string {
  const first = text.split(/\n\s*\n/).find((p) => p.trim().length > 40) ?? text;
  const flat = first.replace(/\s+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 300).replace(/\s\S*$/, '')}…` : flat;
}

/** A briefing section's lines: its numbered points and questions are written one to a line. */
const linesOf = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** The public title the business unit set: never the internal subject reference. */
const titleOf = (r: PublicReport) => r.publicTitle;
const fileNameOf = (r: PublicReport) =>
  titleOf(r)
    .replace(/[^\w\- ]/g, '')
    .replace(/\s+/g, '-')
    .toLowerCase();

/**
 * Published reviews, for anyone (no sign-in): the anonymised report of every published review that
 * passed the publication check, and nothing else about the review.
 */
export async function publicPages(app: FastifyInstance, { services }: { services: Services }) {
  const publishing = services.publishing;

  app.get('/published-reviews', async (_request, reply) => {
    const reports = await publishing.publicReports();
    return reply.page('published-reviews.njk', {
      pageTitle: 'Published reviews',
      reports: reports.map((r) => ({ ...r, title: titleOf(r), summary: summaryOf(r.text) })),
    });
  });

  app.get('/published-reviews/:reviewId', async (request, reply) => {
    const { reviewId } = request.params as { reviewId: string };
    const report = await publishing.publicReport(reviewId);
    const pressStatement = await publishing.publicPressStatement(reviewId);
    const briefing = await publishing.publicBriefing(reviewId);
    return reply.page('published-review.njk', {
      pressStatement: pressStatement?.split(/\n\s*\n/),
      briefing: briefing && {
        title: briefing.title,
        sections: briefing.sections.map((s) => ({ ...s, lines: linesOf(s.text) })),
      },
      pageTitle: titleOf(report),
      backLink: '/published-reviews',
      report: { ...report, title: titleOf(report), paragraphs: report.text.split(/\n\s*\n/) },
    });
  });

  app.get('/published-reviews/:reviewId/report.txt', async (request, reply) => {
    const { reviewId } = request.params as { reviewId: string };
    const report = await publishing.publicReport(reviewId);
    const name = fileNameOf(report);
    return reply
      .type('text/plain; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}.txt"`)
      .send(report.text);
  });

  app.get('/published-reviews/:reviewId/report.pdf', async (request, reply) => {
    const { reviewId } = request.params as { reviewId: string };
    // Made from the checked text, never the uploaded original.
    const report = await publishing.publicReport(reviewId);
    const pdf = await publicReportPdf(titleOf(report), report.text);
    return reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="${fileNameOf(report)}.pdf"`)
      .send(pdf);
  });

  app.get('/published-reviews/:reviewId/briefing.pdf', async (request, reply) => {
    const { reviewId } = request.params as { reviewId: string };
    // Only a briefing whose whole text passed the check, and made from that text alone.
    const briefing = await publishing.publicBriefing(reviewId);
    if (!briefing) return reply.callNotFound();
    const report = await publishing.publicReport(reviewId);
    const pdf = await publicPdf(
      briefing.title,
      `7-minute learning briefing: ${titleOf(report)}`,
      briefing.sections.map((s) => ({ heading: s.heading, text: s.text, keepLines: true })),
    );
    return reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="${fileNameOf(report)}-briefing.pdf"`)
      .send(pdf);
  });
}
