import type { FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import { Conflict, ValidationFailed, type FieldError } from '../errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * What modules' hooks want every page's layout to show (e.g. the unread notifications count).
     * A bag the platform passes on without knowing what is in it, so platform never imports a module.
     */
    layoutData: Record<string, unknown> | null;
  }
  interface FastifyInstance {
    views: nunjucks.Environment;
  }
  interface FastifyReply {
    /** Renders a page with what every layout needs: the signed-in user, CSRF token, CSP nonce, flash. */
    page(template: string, context?: Record<string, unknown>): FastifyReply;
  }
}

declare module '@fastify/session' {
  interface FastifySessionObject {
    userId?: string;
    /** When the person signed in (ms since the epoch), for the absolute session timeout. */
    signedInAt?: number;
    /** When a request last saved the session with a new idle expiry (ms since the epoch). */
    touchedAt?: number;
    flash?: string;
    /** Part-way through signing in: the password was right, a second step is owed. */
    pending?: {
      userId: string;
      next: 'code' | 'set-up';
      since: number;
      returnTo: string;
      /** The secret being set up, kept so that reloading the page shows the same QR code. */
      secret?: string;
    };
    /** Recovery codes just made, shown once on the next page and then forgotten. */
    recoveryCodes?: string[];
    /** A new authenticator secret being set up from "Your account". */
    newAppSecret?: string;
    returnTo?: string;
  }
}

/** GOV.UK error summary items: each message links to its field. */
export function errorSummary(fields: FieldError[], idFor: (path: string) => string = (p) => p) {
  return fields.map((f) => ({ text: f.message, href: `#${idFor(f.path)}` }));
}

/** Error messages keyed by field path, for each component's `errorMessage`. */
export function errorsByField(fields: FieldError[]): Record<string, { text: string }> {
  const out: Record<string, { text: string }> = {};
  for (const f of fields) out[f.path] ??= { text: f.message };
  return out;
}

export function setFlash(request: FastifyRequest, message: string): void {
  request.session.flash = message;
}

export function pageDecorator(this: FastifyReply, template: string, context: Record<string, unknown> = {}) {
  const request = this.request;
  const session = request.session as (typeof request.session & { flash?: string }) | undefined;
  const flash = session?.flash;
  if (flash && session) session.flash = undefined;
  // A CSRF token means a session: make one only for signed-in users or pages with a form.
  const csrfToken = request.actor || context.hasForm ? this.generateCsrf() : undefined;
  const html = request.server.views.render(template, {
    ...request.layoutData,
    currentUser: request.actor,
    csrfToken,
    cspNonce: this.cspNonce?.script,
    flash,
    ...context,
  });
  return this.type('text/html; charset=utf-8').send(html);
}

export interface FormPage {
  template: string;
  /** The page's context, or a function building it only when the form has to be shown again. */
  context: Record<string, unknown> | (() => Promise<Record<string, unknown>>);
  /** Fields shown as GOV.UK date inputs: their error links go to the day box. */
  dateFields?: string[];
}

/**
 * Runs a form's action. Invalid input re-renders the same page with 400 and the GOV.UK error
 * summary; a stale edit re-renders with 409 and what changed; anything else goes to the error handler.
 */
export async function submitForm<T>(
  reply: FastifyReply,
  page: FormPage,
  action: () => Promise<T>,
  onSuccess: (result: T) => FastifyReply | Promise<FastifyReply>,
): Promise<FastifyReply> {
  const context = () => (typeof page.context === 'function' ? page.context() : Promise.resolve(page.context));
  try {
    return await onSuccess(await action());
  } catch (err) {
    if (err instanceof ValidationFailed) {
      const dates = new Set(page.dateFields ?? []);
      return reply.code(400).page(page.template, {
        ...(await context()),
        errorList: errorSummary(err.fields, (p) => (dates.has(p) ? `${p}-day` : p)),
        errors: errorsByField(err.fields),
      });
    }
    if (err instanceof Conflict) {
      return reply.code(409).page(page.template, {
        ...(await context()),
        conflict: err.current ?? true,
        errorList: [
          {
            text: 'Someone else saved a change to this record after you opened it. Check their change below, then make yours again.',
            href: '#main-content',
          },
        ],
        errors: {},
      });
    }
    throw err;
  }
}
