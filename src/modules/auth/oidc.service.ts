import * as client from 'openid-client';
import type { AuthPolicy, OidcConfig } from '../../config.ts';
import type { Db } from '../../platform/db/index.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import type { AuditRepository } from '../audit/index.ts';
import { needsSecondStep, toActor } from './auth.service.ts';
import { createSignInAttempts } from './sign-in-attempts.ts';
import type { UsersRepository } from './users.repository.ts';

interface Deps {
  db: Db;
  users: UsersRepository;
  audit: AuditRepository;
  policy: AuthPolicy;
  oidc: OidcConfig | undefined;
  now?: () => number;
}

/** What Lantern keeps in the server-side session between sending someone to the IdP and their return. */
export interface OidcPending {
  state: string;
  nonce: string;
  codeVerifier: string;
  redirectUri: string;
  since: number;
}

/** Why signing in through the IdP did not work, in the words the page uses. */
export type OidcProblem = 'denied' | 'idp-error' | 'expired' | 'invalid' | 'no-email';

export type OidcResult =
  | { ok: true; actor: Actor }
  | { ok: 'second-step'; userId: string; next: 'code' | 'set-up' }
  /** `detail` is for the log: a wrong issuer address shows here as well as an IdP that is down. */
  | { ok: false; reason: 'unreachable'; detail: string }
  | { ok: false; reason: 'problem'; problem: OidcProblem }
  | { ok: false; reason: 'no-account'; email: string }
  | { ok: false; reason: 'locked'; lockedUntil: Date };

/** How long someone may take at their identity provider before the sign-in must start again. */
export const OIDC_PENDING_MINUTES = 10;
/** Seconds to wait for the identity provider before telling the person it cannot be reached. */
const IDP_TIMEOUT_SECONDS = 10;

/** An error from the network rather than from what the IdP said: it cannot be reached just now. */
function isUnreachable(err: unknown): boolean {
  for (let e = err; e instanceof Error; e = e.cause) {
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return true;
    if (e instanceof TypeError && /fetch failed/i.test(e.message)) return true;
    if ('code' in e && /^(ECONN|ENOTFOUND|EAI_|ETIMEDOUT|EHOSTUNREACH|UND_ERR)/.test(String(e.code)))
      return true;
  }
  return false;
}

/** The messages of an error and its causes (openid-client's outer message is generic), for the audit. */
function whatWentWrong(err: unknown): string {
  const messages: string[] = [];
  for (let e = err; e instanceof Error && messages.length < 4; e = e.cause)
    messages.push(`${'code' in e ? `${String(e.code)}: ` : ''}${e.message}`);
  return messages.join(' / ').slice(0, 500);
}

/**
 * Signing in through an organisation's OpenID Connect identity provider (e.g. Microsoft Entra ID):
 * the authorisation code flow with PKCE, state and nonce (checked by openid-client). The IdP says who
 * the person is; Lantern decides whether they may come in: only an existing, active account with the
 * same e-mail address (no accounts are made here: the business unit gives each one a role and an
 * organisation). Sign-ins share the password's throttle and audit events.
 */
export function createOidcService({ db, users, audit, policy, oidc, now = Date.now }: Deps) {
  const attempts = createSignInAttempts({ db, users, audit, policy });
  // Found on first use and kept: Lantern starts even when the IdP is down, and tries again next time.
  let discovered: Promise<client.Configuration> | undefined;

  function configuration(settings: OidcConfig): Promise<client.Configuration> {
    discovered ??= client
      .discovery(new URL(settings.issuer), settings.clientId, settings.clientSecret, undefined, {
        // Plain http is refused by config.ts except on this machine (a local or test IdP).
        execute: new URL(settings.issuer).protocol === 'http:' ? [client.allowInsecureRequests] : [],
        timeout: IDP_TIMEOUT_SECONDS,
      })
      .catch((err: unknown) => {
        discovered = undefined;
        throw err;
      });
    return discovered;
  }

  const auditProblem = (correlationId: string, details: Record<string, unknown>) =>
    audit.insert(
      db,
      { id: null, label: 'organisation sign-in', correlationId },
      { event: 'auth.oidc-failed', subjectType: 'user', subjectId: null, details },
    );

  /** Where to send the person to sign in at their IdP, and what to keep until they come back. */
  async function begin(
    redirectUri: string,
  ): Promise<
    { ok: true; url: string; pending: OidcPending } | { ok: false; reason: 'unreachable'; detail: string }
  > {
    if (!oidc) throw new Error('Sign-in through an identity provider is not set up');
    let config: client.Configuration;
    try {
      config = await configuration(oidc);
    } catch (err) {
      return { ok: false, reason: 'unreachable', detail: whatWentWrong(err) };
    }
    const codeVerifier = client.randomPKCECodeVerifier();
    const pending = { state: client.randomState(), nonce: client.randomNonce(), codeVerifier, redirectUri };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid email profile',
      response_type: 'code',
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { ok: true, url: url.href, pending: { ...pending, since: now() } };
  }

  /** The claims of the checked ID token, or why there are none. */
  async function exchange(
    pending: OidcPending | undefined,
    query: string,
    correlationId: string,
  ): Promise<{ ok: true; claims: client.IDToken } | Exclude<OidcResult, { ok: true | 'second-step' }>> {
    if (!oidc) throw new Error('Sign-in through an identity provider is not set up');
    // No pending sign-in (a replayed or bookmarked callback) or one left too long: start again.
    if (!pending || now() - pending.since > OIDC_PENDING_MINUTES * 60_000) {
      await auditProblem(correlationId, { reason: pending ? 'expired' : 'no-pending-sign-in' });
      return { ok: false, reason: 'problem', problem: 'expired' };
    }
    try {
      const config = await configuration(oidc);
      const currentUrl = new URL(pending.redirectUri);
      currentUrl.search = query;
      const tokens = await client.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      return { ok: true, claims: tokens.claims()! };
    } catch (err) {
      if (isUnreachable(err)) return { ok: false, reason: 'unreachable', detail: whatWentWrong(err) };
      const idpError = err instanceof client.AuthorizationResponseError ? err.error : undefined;
      await auditProblem(correlationId, {
        reason: idpError ?? 'invalid-response',
        message: whatWentWrong(err),
      });
      const problem = idpError === 'access_denied' ? 'denied' : idpError ? 'idp-error' : 'invalid';
      return { ok: false, reason: 'problem', problem };
    }
  }

  /**
   * The person is back from their IdP: checks the response against what was kept in the session,
   * then lets in the active account with the address the IdP vouches for.
   */
  async function complete(
    pending: OidcPending | undefined,
    query: string,
    correlationId: string,
  ): Promise<OidcResult> {
    if (!oidc) throw new Error('Sign-in through an identity provider is not set up');
    const exchanged = await exchange(pending, query, correlationId);
    if (exchanged.ok !== true) return exchanged;
    const { claims } = exchanged;
    const claim = claims[oidc.emailClaim];
    const email = typeof claim === 'string' ? claim.trim() : '';
    // An address the IdP itself says it has not checked proves nothing about who this is.
    if (!email.includes('@') || email.length > 320 || claims.email_verified === false) {
      await auditProblem(correlationId, { reason: 'no-email', claim: oidc.emailClaim, sub: claims.sub });
      return { ok: false, reason: 'problem', problem: 'no-email' };
    }
    const begun = await attempts.begin(email);
    if (!begun.ok) return begun.reason === 'locked' ? begun : { ok: false, reason: 'no-account', email };
    const user = await users.findByEmail(db, email);
    if (!user || !user.active) {
      const failed = await attempts.fail(
        email,
        begun.attempt,
        'auth.oidc-sign-in-failed',
        user?.id ?? null,
        correlationId,
      );
      return failed.reason === 'locked' ? failed : { ok: false, reason: 'no-account', email };
    }
    const amr = Array.isArray(claims.amr) ? claims.amr.filter((v) => typeof v === 'string') : [];
    // RFC 8176: `mfa` means the IdP used more than one factor. No claim, no trust: Lantern's code.
    const idpMfa = oidc.mfa === 'trust-idp' && amr.includes('mfa');
    const details = { method: 'oidc', sub: claims.sub, amr };
    if (needsSecondStep(user, policy) && !idpMfa) {
      await audit.insert(
        db,
        { id: user.id, label: user.email, correlationId },
        { event: 'auth.oidc-accepted', subjectType: 'user', subjectId: user.id, details },
      );
      return { ok: 'second-step', userId: user.id, next: user.twoFactorEnabledAt ? 'code' : 'set-up' };
    }
    await attempts.succeed(user, correlationId, idpMfa ? { ...details, secondFactor: 'idp' } : details);
    return { ok: true, actor: toActor(user, correlationId) };
  }

  return {
    enabled: oidc !== undefined,
    label: oidc?.label ?? '',
    begin,
    complete,
  };
}
export type OidcService = ReturnType<typeof createOidcService>;
