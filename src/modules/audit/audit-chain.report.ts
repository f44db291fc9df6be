import { UNSEALED_WARNING_MINUTES, type ChainReport } from './audit-chain.service.ts';

const rows = (n: number) => `${n} ${n === 1 ? 'row' : 'rows'}`;

/** The outcome of a check in plain words, one sentence a line: for the command line and the page. */
export function describeChainReport(report: ChainReport): { headline: string; lines: string[] } {
  const lines: string[] = [];
  if (report.sealedNow) lines.push(`Sealed ${rows(report.sealedNow)} of new audit entries before checking.`);
  if (report.anchor)
    lines.push(
      `The chain starts after position ${report.anchor.chainSeq}: ${rows(report.anchor.purgedRows)} older than the retention period were removed.`,
    );
  if (report.broken) lines.push(report.broken.message);
  if (report.checkedRows)
    lines.push(
      `${rows(report.checkedRows)} checked${report.broken ? ' before the break' : ''} (chain positions ${report.firstSeq} to ${report.lastSeq}).`,
    );
  if (report.ok && report.lastHash)
    lines.push(`Last sealed row: chain position ${report.lastSeq}, hash ${report.lastHash}.`);
  if (report.unsealedOld)
    lines.push(
      `Warning: ${rows(report.unsealedOld)} had waited more than ${UNSEALED_WARNING_MINUTES} minutes to be sealed. Check that the background jobs are running.`,
    );
  const headline = report.ok
    ? `The audit trail is intact: ${rows(report.checkedRows)} checked.`
    : `The audit trail is broken at chain position ${report.broken!.chainSeq} (event ${report.broken!.eventId}, recorded ${report.broken!.at}).`;
  return { headline, lines };
}
