import type { SessionStore } from '@fastify/session';
import type { Db } from '../db/index.ts';

type Callback = (err?: unknown) => void;
type GetCallback = Parameters<SessionStore['get']>[1];
type StoredSession = Parameters<GetCallback>[1];

/**
 * Server-side sessions in the database, so any app instance behind a load balancer can serve any
 * request. Expired rows are ignored on read and deleted by `purgeExpired`.
 */
export function createDbSessionStore(
  db: Db,
  idleMinutes: number,
): SessionStore & { purgeExpired(): Promise<void> } {
  const expiry = () => new Date(Date.now() + idleMinutes * 60_000);
  return {
    get(sid: string, callback: GetCallback) {
      db.query<{ data: unknown }>('SELECT data FROM sessions WHERE sid = $1 AND expires_at > now()', [
        sid,
      ]).then(
        (rows) => callback(null, (rows[0]?.data ?? null) as StoredSession),
        (err) => callback(err),
      );
    },
    set(sid: string, session: object, callback: Callback) {
      const { cookie: _cookie, ...data } = session as Record<string, unknown>;
      const userId = typeof data.userId === 'string' ? data.userId : null;
      db.query(
        `INSERT INTO sessions (sid, data, user_id, expires_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (sid) DO UPDATE SET data = EXCLUDED.data, user_id = EXCLUDED.user_id, expires_at = EXCLUDED.expires_at`,
        [sid, JSON.stringify(data), userId, expiry()],
      ).then(
        () => callback(),
        (err) => callback(err),
      );
    },
    destroy(sid: string, callback: Callback) {
      db.query('DELETE FROM sessions WHERE sid = $1', [sid]).then(
        () => callback(),
        (err) => callback(err),
      );
    },
    async purgeExpired() {
      await db.query('DELETE FROM sessions WHERE expires_at <= now()');
    },
  };
}
