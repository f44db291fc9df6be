import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.ts';
import { actorOf } from '../../platform/http/current-user.ts';
import { submitForm } from '../../platform/http/pages.ts';
import { ValidationFailed } from '../../platform/errors.ts';
import { CHECK_BODY_LIMIT } from './publication-check.schema.ts';
import { FINDING_KIND_LABELS, type Finding } from './publication-check.types.ts';

/** Characters of surrounding text shown either side of a finding. */
const CONTEXT = 60;
/** A page listing thousands of findings helps nobody; the count says how many there were. */
const SHOWN = 500;

type Body = Record<string, unknown>;
const field = (body: Body, key: string) => (typeof body[key] === 'string' ? (body[key] as string) : '');

/** Each finding with the text around it, split so the template escapes every part. */
function inContext(text: string, findings: Finding[]) {
  return findings.slice(0, SHOWN).map((f) => ({
    kindLabel: FINDING_KIND_LABELS[f.kind],
    before: (f.start > CONTEXT ? '…' : '') + text.slice(Math.max(0, f.start - CONTEXT), f.start),
    match: f.text,
    after: text.slice(f.end, f.end + CONTEXT) + (f.end + CONTEXT < text.length ? '…' : ''),
  }));
}

/** A page to paste a report's text and see what could identify a child or family. */
export async function publicationCheckPages(app: FastifyInstance, { services }: { services: Services }) {
  const base = { pageTitle: 'Check a report before publication', values: {}, errors: {} };

  app.get('/publication-check', async (request, reply) => {
    actorOf(request);
    return reply.page('publication-check.njk', base);
  });

  app.post('/publication-check', { bodyLimit: CHECK_BODY_LIMIT }, async (request, reply) => {
    const actor = actorOf(request);
    const body = (request.body ?? {}) as Body;
    const values = { text: field(body, 'text'), allowed: field(body, 'allowed') };
    const allowed = values.allowed
      .split(/\r?\n/)
      .map((a) => a.trim())
      .filter(Boolean);
    return submitForm(
      reply,
      { template: 'publication-check.njk', context: { ...base, values } },
      async () => {
        if (!values.text.trim())
          throw new ValidationFailed([{ path: 'text', message: 'Enter the text to check' }]);
        return services.publicationCheck.check(actor, { text: values.text, allowed });
      },
      (findings) =>
        reply.page('publication-check.njk', {
          ...base,
          values,
          checked: true,
          total: findings.length,
          results: inContext(values.text, findings),
          shown: Math.min(SHOWN, findings.length),
        }),
    );
  });
}
