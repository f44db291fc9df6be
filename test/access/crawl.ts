import type { LightMyRequestResponse } from 'fastify';

/** Links a crawl does not follow: downloads, static files and signing out. */
const SKIP =
  /\.(pdf|csv|xlsx|txt|docx|svg)(\?|$)|\/(download|file|files|original)(\/|\?|$)|^\/(sign-out|govuk|assets|public)\b/;

/**
 * Reads every page reachable by following links from `start`, breadth first, calling `visit` with
 * each answer. A list's filters and pages multiply without end, so at most `variants` URLs of one
 * path are read. Returns every URL read and those still queued when `maxPages` was reached.
 */
export async function crawl(
  get: (url: string) => Promise<LightMyRequestResponse>,
  {
    start = '/dashboard',
    maxPages = 500,
    variants = 3,
    visit,
  }: {
    start?: string;
    maxPages?: number;
    variants?: number;
    visit?: (url: string, response: LightMyRequestResponse) => Promise<void> | void;
  } = {},
): Promise<{ read: string[]; left: string[] }> {
  const queue = [start];
  const seen = new Set(queue);
  const perPath = new Map<string, number>();
  const read: string[] = [];
  while (queue.length && read.length < maxPages) {
    const url = queue.shift()!;
    const response = await get(url);
    read.push(url);
    await visit?.(url, response);
    if (response.statusCode !== 200 || !String(response.headers['content-type']).startsWith('text/html'))
      continue;
    for (const [, raw] of response.body.matchAll(/href="(\/[^"#]*)"/g)) {
      const link = raw!.replace(/&amp;/g, '&');
      if (SKIP.test(link) || seen.has(link)) continue;
      const path = link.split('?')[0]!;
      const count = perPath.get(path) ?? 0;
      if (count >= variants) continue;
      perPath.set(path, count + 1);
      seen.add(link);
      queue.push(link);
    }
  }
  return { read, left: queue };
}
