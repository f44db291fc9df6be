import { verify } from '@node-rs/argon2';
import type { Db } from '../../platform/db/index.ts';
import { ValidationFailed, type FieldError } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { parseOrThrow } from '../../platform/http/forms.ts';
import { auditActorOf, type AuditRepository } from '../audit/index.ts';
import { hashPassword } from '../auth/index.ts';
import { hashToken, isWellFormedToken } from './account-links.ts';
import type { AccountsRepository, LinkHolder } from './accounts.repository.ts';
import { ChangePasswordSchema, NewPasswordSchema } from './accounts.schema.ts';
import type { AccountUser } from './accounts.types.ts';
import { passwordProblem } from './password-rules.ts';

interface Deps {
  db: Db;
  audit: AuditRepository;
  accounts: AccountsRepository;
}

export type LinkResult = { ok: true; holder: LinkHolder } | { ok: false };

/** The new password's problems, named by field, for the form to show beside each. */
function newPasswordProblems(
  input: { password: string; confirmPassword: string },
  email: string,
): FieldError[] {
  const problem = passwordProblem(input.password, { email });
  if (problem) return [{ path: 'password', message: problem }];
  if (input.password !== input.confirmPassword)
    return [{ path: 'confirmPassword', message: 'The passwords do not match' }];
  return [];
}

async function matches(hash: string | null, password: string): Promise<boolean> {
  if (!hash) return false;
  try {
    return await verify(hash, password);
  } catch {
    return false;
  }
}

/** One-time links (no sign-in needed) and each person's own account and password. */
export function createAccountLinksService({ db, audit, accounts }: Deps) {
  async function usableLink(token: string): Promise<LinkResult> {
    const holder = isWellFormedToken(token) ? await accounts.findUsableLink(db, hashToken(token)) : undefined;
    return holder ? { ok: true, holder } : { ok: false };
  }

  return {
    /** Whether a link still works (not expired, not used, its account active). */
    checkLink: usableLink,

    /**
     * Sets the password of the link's account and spends the link. A weak password is refused
     * before the link is spent, so the holder can try again. Setting a password through a link
     * ends every session and API token of the account: whoever held them may not have known it.
     */
    async redeemLink(token: string, input: unknown, correlationId: string): Promise<LinkResult> {
      const link = await usableLink(token);
      if (!link.ok) return link;
      const data = parseOrThrow(NewPasswordSchema, input);
      const problems = newPasswordProblems(data, link.holder.email);
      if (problems.length) throw new ValidationFailed(problems);
      const hash = await hashPassword(data.password);
      const spent = await db.transaction(async (tx) => {
        const holder = await accounts.spendLink(tx, hashToken(token));
        if (!holder) return undefined;
        await accounts.setPasswordHash(tx, holder.userId, hash);
        await accounts.retireLinks(tx, holder.userId);
        const sessionsEnded = await accounts.endSessions(tx, holder.userId);
        const apiTokensRevoked = await accounts.revokeApiTokens(tx, holder.userId);
        await accounts.clearSignInThrottle(tx, holder.email);
        await audit.insert(
          tx,
          { id: holder.userId, label: holder.email, correlationId },
          {
            event: 'user.password-set',
            subjectType: 'user',
            subjectId: holder.userId,
            details: { through: holder.purpose, sessionsEnded, apiTokensRevoked },
          },
        );
        return holder;
      });
      return spent ? { ok: true, holder: spent } : { ok: false };
    },

    async myAccount(actor: Actor): Promise<AccountUser> {
      return (await accounts.find(db, actor.id))!;
    },

    /**
     * Changes the caller's own password; the current one is required, so a session left open
     * cannot be turned into a stolen account. Other sessions and API tokens end; this one stays.
     */
    async changeOwnPassword(actor: Actor, input: unknown, keepSessionId?: string): Promise<void> {
      const data = parseOrThrow(ChangePasswordSchema, input);
      if (!(await matches(await accounts.passwordHashOf(db, actor.id), data.currentPassword)))
        throw new ValidationFailed([
          { path: 'currentPassword', message: 'Your current password is incorrect' },
        ]);
      const problems = newPasswordProblems(data, actor.email);
      if (!problems.length && data.password === data.currentPassword)
        problems.push({
          path: 'password',
          message: 'Your new password must be different from your current one',
        });
      if (problems.length) throw new ValidationFailed(problems);
      const hash = await hashPassword(data.password);
      await db.transaction(async (tx) => {
        await accounts.setPasswordHash(tx, actor.id, hash);
        const sessionsEnded = await accounts.endSessions(tx, actor.id, keepSessionId);
        const apiTokensRevoked = await accounts.revokeApiTokens(tx, actor.id);
        await accounts.retireLinks(tx, actor.id);
        await audit.insert(tx, auditActorOf(actor), {
          event: 'user.password-changed',
          subjectType: 'user',
          subjectId: actor.id,
          details: { sessionsEnded, apiTokensRevoked },
        });
      });
    },
  };
}
