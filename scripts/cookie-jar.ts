/** A tiny cookie jar for the benchmark scripts: the name=value pairs a response set, merged into what is held. */
export function mergeCookies(held: string | undefined, response: Response): string {
  const jar = new Map(
    (held ?? '')
      .split('; ')
      .filter(Boolean)
      .map((c) => c.split('=', 2) as [string, string]),
  );
  for (const c of response.headers.getSetCookie()) {
    const [pair] = c.split(';');
    const at = pair!.indexOf('=');
    jar.set(pair!.slice(0, at), pair!.slice(at + 1));
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}
