import type { FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import type { FieldError } from '../errors.ts';

declare module 'fastify' {
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
    flash?: string;
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
    currentUser: request.actor,
    csrfToken,
    cspNonce: this.cspNonce?.script,
    flash,
    ...context,
  });
  return this.type('text/html; charset=utf-8').send(html);
}
