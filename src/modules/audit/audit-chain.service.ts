import type { Db } from '../../platform/db/index.ts';
import { Forbidden } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { chainHash, GENESIS_HASH } from './audit-chain.ts';
import {
  createAuditChainRepository,
  type AuditChainRepository,
  type ChainAnchor,
} from './audit-chain.repository.ts';
import type { AuditRepository } from './audit.repository.ts';
import type { AuditActor, AuditRow } from './audit.types.ts';
import { auditActorOf } from './audit-actor.ts';

const SEAL_BATCH = 1000;
const VERIFY_PAGE = 2000;
const PURGE_BATCH = 5000;
/** Rows still unsealed after this long mean the sealer is not running (or a transaction hangs). */
export const UNSEALED_WARNING_MINUTES = 5;

/** The first place where the chain does not hold. */
export interface ChainBreak {
  chainSeq: number;
  eventId: number;
  at: string;
  problem: 'changed' | 'missing' | 'reordered';
  message: string;
}

export interface ChainReport {
  ok: boolean;
  /** Sealed rows whose hash was recomputed (up to the first break). */
  checkedRows: number;
  firstSeq: number | null;
  lastSeq: number | null;
  /** The hash of the last row checked: keep it outside the database to detect rows removed from the end later. */
  lastHash: string | null;
  anchor: ChainAnchor | null;
  /** Rows this check sealed before verifying. */
  sealedNow: number;
  /** Rows this check found still unsealed after UNSEALED_WARNING_MINUTES (the sealer is not running). */
  unsealedOld: number;
  broken: ChainBreak | null;
}

interface Deps {
  db: Db;
  audit: AuditRepository;
  chain?: AuditChainRepository;
  /** The audit log retention period in force (policy setting), for the purge. */
  retentionYears?: () => Promise<number>;
}

/** Seals audit rows into a hash chain, verifies it, and purges rows older than the retention period. */
export function createAuditChainService({
  db,
  audit,
  chain = createAuditChainRepository(),
  retentionYears,
}: Deps) {
  /** Seals every committed unsealed row, in id order, one batch per transaction. Returns how many. */
  async function seal(): Promise<number> {
    let total = 0;
    for (;;) {
      const sealed = await db.transaction(async (tx) => {
        await chain.lockChain(tx);
        const rows = await chain.unsealed(tx, SEAL_BATCH);
        if (!rows.length) return 0;
        const start = (await chain.head(tx)) ?? (await chain.anchor(tx));
        let seq = start?.chainSeq ?? 0;
        let previous = start?.chainHash ?? GENESIS_HASH;
        const sealedRows = rows.map((row) => {
          previous = chainHash(previous, row);
          return { id: row.id, chainSeq: ++seq, chainHash: previous };
        });
        await chain.seal(tx, sealedRows);
        return rows.length;
      });
      total += sealed;
      if (sealed < SEAL_BATCH) return total;
    }
  }

  /** True when `hash` is what the row would have had if sealed after some other row: moved. */
  async function sealedElsewhere(row: { chainHash: string } & Parameters<typeof chainHash>[1]) {
    let after = 0;
    for (;;) {
      const page = await chain.sealedAfter(db, after, VERIFY_PAGE);
      if (!page.length) return false;
      if (page.some((p) => chainHash(p.chainHash, row) === row.chainHash)) return true;
      after = page.at(-1)!.chainSeq;
    }
  }

  /** Seals what is waiting, then walks the chain from its start (or the purge anchor) recomputing every hash. */
  async function verify(): Promise<ChainReport> {
    // Counted before sealing: rows that waited this long mean the sealing job is not running.
    const unsealedOld = await chain.countUnsealedOlderThan(db, UNSEALED_WARNING_MINUTES);
    const sealedNow = await seal();
    const anchor = (await chain.anchor(db)) ?? null;
    const report: ChainReport = {
      ok: true,
      checkedRows: 0,
      firstSeq: null,
      lastSeq: null,
      lastHash: null,
      anchor,
      sealedNow,
      unsealedOld,
      broken: null,
    };
    let expected = (anchor?.chainSeq ?? 0) + 1;
    let previous = anchor?.chainHash ?? GENESIS_HASH;
    for (;;) {
      const page = await chain.sealedAfter(db, expected - 1, VERIFY_PAGE);
      for (const row of page) {
        const where = `event ${row.id} (chain position ${row.chainSeq}, recorded ${row.at})`;
        const fail = (problem: ChainBreak['problem'], message: string) => {
          report.ok = false;
          report.broken = { chainSeq: row.chainSeq, eventId: row.id, at: row.at, problem, message };
          return report;
        };
        if (row.chainSeq !== expected) {
          const gap = row.chainSeq - 1 === expected ? `${expected}` : `${expected} to ${row.chainSeq - 1}`;
          return fail(
            'missing',
            `Chain position ${gap} is missing: audit rows were deleted before ${where}.`,
          );
        }
        if (chainHash(previous, row) !== row.chainHash) {
          if (await sealedElsewhere(row))
            return fail(
              'reordered',
              `The chain is out of order at ${where}: it was sealed after a different event.`,
            );
          return fail(
            'changed',
            `The chain is broken at ${where}: its contents do not match its hash, so it (or the hash of the row before it) was changed after it was sealed.`,
          );
        }
        report.firstSeq ??= row.chainSeq;
        report.lastSeq = row.chainSeq;
        report.lastHash = row.chainHash;
        report.checkedRows++;
        previous = row.chainHash;
        expected++;
      }
      if (page.length < VERIFY_PAGE) return report;
    }
  }

  /** Removes sealed rows older than the retention period, a whole prefix of the chain at a time. */
  async function purge(): Promise<number> {
    if (!retentionYears) throw new Error('The audit purge needs the retention policy');
    const years = await retentionYears();
    await seal();
    let total = 0;
    for (;;) {
      const purged = await db.transaction(async (tx) => {
        await chain.lockChain(tx);
        const to = await chain.purgeUpTo(tx, years, PURGE_BATCH);
        if (!to) return 0;
        const rows = await chain.purgeTo(tx, to);
        await audit.insert(
          tx,
          { id: null, label: 'audit log retention (scheduled)' },
          {
            event: 'audit.purged',
            subjectType: 'audit-log',
            details: { rows, upToChainSeq: to.chainSeq, retentionYears: years },
          },
        );
        return rows;
      });
      total += purged;
      if (purged < PURGE_BATCH) return total;
    }
  }

  /** Verifies, and records in the audit log that the check was run and what it found. */
  async function verifyAndRecord(by: AuditActor): Promise<ChainReport> {
    const report = await verify();
    await audit.insert(db, by, {
      event: 'audit.chain-checked',
      subjectType: 'audit-log',
      details: {
        ok: report.ok,
        checkedRows: report.checkedRows,
        lastSeq: report.lastSeq,
        lastHash: report.lastHash,
        unsealedOld: report.unsealedOld,
        ...(report.broken
          ? {
              brokenAt: report.broken.chainSeq,
              eventId: report.broken.eventId,
              problem: report.broken.message,
            }
          : {}),
      },
    });
    return report;
  }

  const assertBusinessUnit = (actor: Actor) => {
    if (actor.role !== 'business-unit')
      throw new Forbidden('Only the partnership business unit can check the audit trail');
  };

  return {
    seal,
    verify,
    purge,

    verifyAndRecord,

    /** The check from the audit log page, by the business unit. */
    async checkTrail(actor: Actor): Promise<ChainReport> {
      assertBusinessUnit(actor);
      return verifyAndRecord(auditActorOf(actor));
    },

    /** The most recent check, by anyone (from the audit log itself). */
    async lastCheck(actor: Actor): Promise<AuditRow | undefined> {
      assertBusinessUnit(actor);
      const { items } = await audit.search(db, { event: 'audit.chain-checked' }, { page: 1, pageSize: 1 });
      return items[0];
    },
  };
}
export type AuditChainService = ReturnType<typeof createAuditChainService>;
