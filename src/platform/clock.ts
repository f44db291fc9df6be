/** Today's date in England ('YYYY-MM-DD'): statutory days and "overdue" follow UK local time, not UTC. */
const londonDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });

export function londonToday(now: Date = new Date()): string {
  // One formatter for the process: building one costs more than the rest of many requests.
  return londonDate.format(now);
}

/** Adds calendar days to a 'YYYY-MM-DD' date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
