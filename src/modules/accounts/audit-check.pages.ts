import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.ts';
import { actorOf } from '../../platform/http/current-user.ts';

/** What the last check recorded in the audit log (see AuditChainService.verifyAndRecord). */
interface CheckDetails {
  ok?: boolean;
  checkedRows?: number;
  unsealedOld?: number;
  brokenAt?: number;
  eventId?: number;
  problem?: string;
}

/** "Check the audit trail": the business unit re-computes the audit hash chain and sees the result. */
export async function auditCheckPages(app: FastifyInstance, { services }: { services: Services }) {
  app.get('/audit-log/check', async (request, reply) => {
    const last = await services.auditChain.lastCheck(actorOf(request));
    return reply.page('audit-check.njk', {
      pageTitle: 'Check the audit trail',
      activeNav: 'audit-log',
      backLink: '/audit-log',
      last: last && { at: last.at, by: last.actorLabel, ...((last.details ?? {}) as CheckDetails) },
    });
  });

  app.post('/audit-log/check', async (request, reply) => {
    await services.auditChain.checkTrail(actorOf(request));
    return reply.redirect('/audit-log/check');
  });
}
