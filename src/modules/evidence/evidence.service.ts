import { createHash } from 'node:crypto';
import type { Db } from '../../platform/db/index.ts';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { parseOrThrow } from '../../platform/http/forms.ts';
import type { UploadedFile } from '../../platform/http/uploads.ts';
import type { ActionsService } from '../actions/index.ts';
import { auditActorOf, type AuditRepository } from '../audit/index.ts';
import type { EvidenceRepository } from './evidence.repository.ts';
import { EvidenceReviewSchema, EvidenceSubmitSchema, EvidenceVersionSchema } from './evidence.schema.ts';
import type { Evidence, EvidenceFile } from './evidence.types.ts';
import { ALLOWED_DESCRIPTION, checkedContentType, MAX_EVIDENCE_BYTES } from './file-check.ts';
import { isUuid } from '../../platform/schema.ts';

interface Deps {
  db: Db;
  evidence: EvidenceRepository;
  audit: AuditRepository;
  actions: ActionsService;
}

export function createEvidenceService({ db, evidence, audit, actions }: Deps) {
  /** A file that passed the checks, ready to store; field errors name `file`. */
  async function checkFile(file: UploadedFile | undefined) {
    if (!file) return undefined;
    if (file.content.length > MAX_EVIDENCE_BYTES) {
      throw new ValidationFailed([{ path: 'file', message: 'The selected file must be smaller than 10 MB' }]);
    }
    const contentType = await checkedContentType(file.fileName, file.content);
    if (!contentType)
      throw new ValidationFailed([
        { path: 'file', message: `The selected file must be ${ALLOWED_DESCRIPTION}` },
      ]);
    const fileName = file.fileName.replace(/[\\/\r\n"]/g, '_').slice(-200);
    return {
      fileName,
      contentType,
      content: file.content,
      sha256: createHash('sha256').update(file.content).digest('hex'),
    };
  }

  /** The evidence and its action, if the actor may see the action. */
  async function visible(actor: Actor, evidenceId: string): Promise<Evidence> {
    const item = isUuid(evidenceId) ? await evidence.find(db, evidenceId) : undefined;
    if (!item) throw new NotFound('Evidence');
    await actions.find(actor, item.actionId); // 404 unless the actor may see the action
    return item;
  }

  /** Partners (the owning organisation's lead, the named owner) and the business unit add evidence. */
  async function assertCanAdd(actor: Actor, actionId: string) {
    const action = await actions.find(actor, actionId);
    if (actions.relationTo(actor, action) === 'read-only')
      throw new Forbidden('You can read this action but not add evidence');
    if (action.status === 'closed')
      throw new Forbidden('This action is closed: ask the business unit to reopen it first');
    return action;
  }

  return {
    async listForAction(actor: Actor, actionId: string): Promise<Evidence[]> {
      await actions.find(actor, actionId);
      return evidence.listForAction(db, actionId);
    },

    get: visible,

    /** The action evidence may be added to, for the form: refused as the submission would be. */
    actionForNewEvidence: assertCanAdd,

    /**
     * Submits new evidence: text, a file or both. A partner's submission moves the action to
     * "awaiting evidence", so the business unit sees it is ready to check.
     */
    async submit(actor: Actor, actionId: string, input: unknown, upload?: UploadedFile): Promise<Evidence> {
      const action = await assertCanAdd(actor, actionId);
      const data = parseOrThrow(EvidenceSubmitSchema, input);
      const file = await checkFile(upload);
      if (!file && !data.text)
        throw new ValidationFailed([{ path: 'text', message: 'Describe the evidence or choose a file' }]);
      const id = await db.transaction(async (tx) => {
        const newId = await evidence.insert(tx, { actionId, title: data.title, createdBy: actor.id });
        await evidence.insertVersion(tx, {
          evidenceId: newId,
          text: data.text ?? '',
          file,
          effectiveDate: data.effectiveDate,
          uploadedBy: actor.id,
        });
        await audit.insert(tx, auditActorOf(actor), {
          event: 'evidence.submitted',
          subjectType: 'evidence',
          subjectId: newId,
          after: {
            actionId,
            title: data.title,
            fileName: file?.fileName,
            sha256: file?.sha256,
            effectiveDate: data.effectiveDate,
          },
        });
        if (actor.role !== 'business-unit' && action.status !== 'awaiting-evidence') {
          await actions.transitionWithin(tx, actor, actionId, 'awaiting-evidence');
        }
        return newId;
      });
      return (await evidence.find(db, id))!;
    },

    /** A new version of returned (or not yet checked) evidence; accepted evidence is final. */
    async addVersion(
      actor: Actor,
      evidenceId: string,
      input: unknown,
      upload?: UploadedFile,
    ): Promise<Evidence> {
      const item = await visible(actor, evidenceId);
      const action = await assertCanAdd(actor, item.actionId);
      if (item.status === 'accepted')
        throw new Conflict('This evidence has been accepted, so it can no longer change');
      const data = parseOrThrow(EvidenceVersionSchema, input);
      const file = await checkFile(upload);
      if (!file && !data.text)
        throw new ValidationFailed([{ path: 'text', message: 'Describe the evidence or choose a file' }]);
      await db.transaction(async (tx) => {
        const number = await evidence.insertVersion(tx, {
          evidenceId,
          text: data.text ?? '',
          file,
          effectiveDate: data.effectiveDate,
          uploadedBy: actor.id,
        });
        await evidence.resubmit(tx, evidenceId);
        await audit.insert(tx, auditActorOf(actor), {
          event: 'evidence.version-added',
          subjectType: 'evidence',
          subjectId: evidenceId,
          after: {
            versionNumber: number,
            fileName: file?.fileName,
            sha256: file?.sha256,
            effectiveDate: data.effectiveDate,
          },
        });
        if (actor.role !== 'business-unit' && action.status !== 'awaiting-evidence') {
          await actions.transitionWithin(tx, actor, item.actionId, 'awaiting-evidence');
        }
      });
      return (await evidence.find(db, evidenceId))!;
    },

    /**
     * The business unit checks submitted evidence: accepting it closes the action; returning it
     * (with a reason) sends the action back to "in progress". Both happen in one transaction.
     */
    async review(actor: Actor, evidenceId: string, input: unknown): Promise<Evidence> {
      const item = await visible(actor, evidenceId);
      if (actor.role !== 'business-unit')
        throw new Forbidden('Only the partnership business unit checks evidence');
      const data = parseOrThrow(EvidenceReviewSchema, input);
      if (data.decision === 'return' && !data.note) {
        throw new ValidationFailed([{ path: 'note', message: 'Say why the evidence is being returned' }]);
      }
      // Read before the transaction: on PGlite a query outside `tx` would wait for it for ever.
      const action = await actions.find(actor, item.actionId);
      await db.transaction(async (tx) => {
        const locked = await evidence.lock(tx, evidenceId);
        if (locked?.status !== 'submitted') throw new Conflict('This evidence has already been checked');
        const status = data.decision === 'accept' ? 'accepted' : 'returned';
        await evidence.setVerdict(tx, evidenceId, { status, note: data.note ?? '', reviewedBy: actor.id });
        await audit.insert(tx, auditActorOf(actor), {
          event: `evidence.${status}`,
          subjectType: 'evidence',
          subjectId: evidenceId,
          before: { status: 'submitted' },
          after: { status, note: data.note },
        });
        if (data.decision === 'accept') await actions.transitionWithin(tx, actor, item.actionId, 'closed');
        else if (action.status === 'awaiting-evidence' || action.status === 'closed') {
          await actions.transitionWithin(
            tx,
            actor,
            item.actionId,
            'in-progress',
            `Evidence returned: ${data.note}`,
          );
        }
      });
      return (await evidence.find(db, evidenceId))!;
    },

    /** A stored file, for download; every download is audited. */
    async download(actor: Actor, evidenceId: string, versionNumber: number): Promise<EvidenceFile> {
      await visible(actor, evidenceId);
      const file = Number.isInteger(versionNumber)
        ? await evidence.file(db, evidenceId, versionNumber)
        : undefined;
      if (!file) throw new NotFound('File');
      await audit.insert(db, auditActorOf(actor), {
        event: 'evidence.downloaded',
        subjectType: 'evidence',
        subjectId: evidenceId,
        details: { versionNumber },
      });
      return file;
    },
  };
}
export type EvidenceService = ReturnType<typeof createEvidenceService>;
