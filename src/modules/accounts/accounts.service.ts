import type { Db, Queryable } from '../../platform/db/index.ts';
import { Conflict, NotFound, ValidationFailed } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { parseOrThrow } from '../../platform/http/forms.ts';
import type { Action, ActionsService } from '../actions/index.ts';
import { auditActorOf, type AuditRepository } from '../audit/index.ts';
import type { OrganisationsService } from '../organisations/index.ts';
import { createAccountLinksService } from './account-links.service.ts';
import { assertBusinessUnit } from './accounts.access.ts';
import { hashToken, LINK_LIFETIME_HOURS, linkMessage, linkUrl, newToken } from './account-links.ts';
import { createAccountsRepository, type AccountsRepository } from './accounts.repository.ts';
import { InviteSchema, UserUpdateSchema } from './accounts.schema.ts';
import type { AccountUser, LinkPurpose, UserFilters } from './accounts.types.ts';
import { createAuditLogService } from './audit-log.service.ts';
import { isUuid } from '../../platform/schema.ts';

interface Deps {
  db: Db;
  audit: AuditRepository;
  actions: ActionsService;
  organisations: OrganisationsService;
  accounts?: AccountsRepository;
}

/** A link made for an account, with the address it was sent to: shown once to the sender. */
export interface IssuedLink {
  user: AccountUser;
  purpose: LinkPurpose;
  url: string;
  expiresAt: Date;
}

export function createAccountsService(deps: Deps) {
  const { db, audit, actions, organisations } = deps;
  const accounts = deps.accounts ?? createAccountsRepository();

  async function find(actor: Actor, id: string): Promise<AccountUser> {
    assertBusinessUnit(actor);
    const user = isUuid(id) ? await accounts.find(db, id) : undefined;
    if (!user) throw new NotFound('User');
    return user;
  }

  /** Makes a one-time link for the account, e-mails it (the outbox), and retires earlier links. */
  async function issueLink(
    tx: Queryable,
    actor: Actor,
    user: { id: string; email: string; name: string },
    { purpose, baseUrl }: { purpose: LinkPurpose; baseUrl: string },
  ): Promise<{ url: string; expiresAt: Date }> {
    const token = newToken();
    const expiresAt = new Date(Date.now() + LINK_LIFETIME_HOURS[purpose] * 3_600_000);
    const url = linkUrl(baseUrl, token);
    await accounts.retireLinks(tx, user.id);
    await accounts.insertLink(tx, {
      tokenHash: hashToken(token),
      userId: user.id,
      purpose,
      expiresAt,
      createdBy: actor.id,
    });
    await accounts.queueEmail(tx, {
      to: user.email,
      ...linkMessage(purpose, { name: user.name, email: user.email, url, senderName: actor.name }),
    });
    return { url, expiresAt };
  }

  async function checkOrganisation(organisationId: string): Promise<void> {
    if (!(await organisations.find(organisationId)))
      throw new ValidationFailed([
        { path: 'organisationId', message: 'Select an organisation from the list' },
      ]);
  }

  return {
    async list(
      actor: Actor,
      filters: UserFilters,
      paging: { page: number; pageSize: number; sort?: 'newest' | 'name' },
    ) {
      assertBusinessUnit(actor);
      return accounts.list(db, filters, { sort: 'newest', ...paging });
    },

    get: find,

    /** What the account forms offer; only the business unit may open them. */
    async formChoices(actor: Actor) {
      assertBusinessUnit(actor);
      return { organisations: await organisations.list(actor) };
    },

    /**
     * Adds an account with no password and e-mails its holder an invitation link (valid 7 days).
     * The link is returned once, so the inviting admin can pass it on when e-mail is not set up.
     */
    async invite(actor: Actor, input: unknown, { baseUrl }: { baseUrl: string }): Promise<IssuedLink> {
      assertBusinessUnit(actor);
      const data = parseOrThrow(InviteSchema, input);
      await checkOrganisation(data.organisationId);
      const taken = [{ path: 'email', message: 'There is already an account with this email address' }];
      const result = await db.transaction(async (tx) => {
        const id = await accounts.insert(tx, { ...data, jobTitle: data.jobTitle ?? null });
        if (!id) return undefined;
        const link = await issueLink(
          tx,
          actor,
          { id, email: data.email, name: data.name },
          { purpose: 'invitation', baseUrl },
        );
        await audit.insert(tx, auditActorOf(actor), {
          event: 'user.invited',
          subjectType: 'user',
          subjectId: id,
          after: { ...data, jobTitle: data.jobTitle ?? null },
          details: { linkExpiresAt: link.expiresAt },
        });
        return { id, ...link };
      });
      if (!result) throw new ValidationFailed(taken);
      const user = (await accounts.find(db, result.id))!;
      return { user, purpose: 'invitation', url: result.url, expiresAt: result.expiresAt };
    },

    /**
     * Sends a new link: an invitation again for an account whose holder never set a password,
     * otherwise a password reset (valid 2 hours). Earlier links stop working.
     */
    async sendLink(actor: Actor, id: string, { baseUrl }: { baseUrl: string }): Promise<IssuedLink> {
      const user = await find(actor, id);
      if (!user.active)
        throw new ValidationFailed([
          { path: 'link', message: 'Reactivate the account before sending it a link' },
        ]);
      const purpose: LinkPurpose = user.status === 'invited' ? 'invitation' : 'password-reset';
      const link = await db.transaction(async (tx) => {
        const issued = await issueLink(tx, actor, user, { purpose, baseUrl });
        await audit.insert(tx, auditActorOf(actor), {
          event: purpose === 'invitation' ? 'user.invitation-sent' : 'user.password-reset-sent',
          subjectType: 'user',
          subjectId: user.id,
          details: { linkExpiresAt: issued.expiresAt },
        });
        return issued;
      });
      return { user, purpose, ...link };
    },

    /**
     * Changes role, organisation or whether the account is active. Checks, in order: the caller
     * is the business unit (403); the account exists (404); the caller's copy is current (409);
     * the values are valid (400). Deactivating ends the leaver's sessions, API tokens and links.
     */
    async update(actor: Actor, id: string, input: unknown): Promise<AccountUser> {
      const before = await find(actor, id);
      const version = Number((input as { version?: unknown } | null)?.version);
      if (before.version !== version) throw new Conflict(undefined, before);
      const { version: _v, ...fields } = parseOrThrow(UserUpdateSchema, input);
      const changes: { role?: AccountUser['role']; organisationId?: string; active?: boolean } = {};
      for (const [key, value] of Object.entries(fields) as [keyof typeof changes, never][]) {
        if (value !== undefined && value !== before[key]) changes[key] = value;
      }
      if (id === actor.id && (changes.role || changes.active === false)) {
        const path = changes.role ? 'role' : 'active';
        throw new ValidationFailed([
          {
            path,
            message:
              'You cannot change your own role or deactivate yourself: ask another member of the business unit',
          },
        ]);
      }
      if (changes.organisationId) await checkOrganisation(changes.organisationId);
      if (Object.keys(changes).length === 0) return before;
      const event =
        changes.active === false
          ? 'user.deactivated'
          : changes.active === true
            ? 'user.reactivated'
            : 'user.updated';
      await db.transaction(async (tx) => {
        if ((await accounts.lockVersion(tx, id)) !== version)
          throw new Conflict(undefined, await accounts.find(tx, id));
        await accounts.update(tx, id, changes);
        const details: Record<string, unknown> = {};
        if (changes.active === false) {
          details.sessionsEnded = await accounts.endSessions(tx, id);
          details.apiTokensRevoked = await accounts.revokeApiTokens(tx, id);
          await accounts.retireLinks(tx, id);
        }
        await audit.insert(tx, auditActorOf(actor), {
          event,
          subjectType: 'user',
          subjectId: id,
          before: Object.fromEntries(Object.keys(changes).map((k) => [k, before[k as keyof typeof changes]])),
          after: changes,
          details: Object.keys(details).length ? details : undefined,
        });
      });
      return (await accounts.find(db, id))!;
    },

    /** The open actions a person owns, so that a leaver's work can be handed to someone else. */
    async openActionsOf(actor: Actor, id: string): Promise<Action[]> {
      const user = await find(actor, id);
      const { items } = await actions.list(
        actor,
        { ownerUserId: user.id, open: true },
        { page: 1, pageSize: 200, sort: 'due' },
      );
      return items;
    },

    ...createAccountLinksService({ db, audit, accounts }),
    ...createAuditLogService({ db, audit }),
  };
}
export type AccountsService = ReturnType<typeof createAccountsService>;
