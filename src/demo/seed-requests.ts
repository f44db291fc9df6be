import { addDays, londonToday } from '../platform/clock.ts';
import type { Queryable } from '../platform/db/index.ts';
import type { DemoIds } from './seed-demo.ts';

interface DemoRequest {
  org: string;
  asks: string[];
  note: string;
  /** Days from today: negative is in the past. */
  due: number;
  returned?: { by: string; daysAgo: number; answer: string };
}

const SENT_DAYS_AGO = 16;
const NOTE = 'Please cover the twelve months before the neighbour’s call to the police.';

/** Child Q's agency returns: two in, one still open, one overdue. All fictional. */
const REQUESTS: DemoRequest[] = [
  {
    org: 'council',
    asks: ['chronology', 'involvement-summary'],
    note: NOTE,
    due: -2,
    returned: {
      by: 'la',
      daysAgo: 4,
      answer:
        'Chronology of contact, children’s services (fictional)\n' +
        'Month 1: Contact from the nursery about Child Q’s weight and clothing; advice and information given.\n' +
        'Month 4: Second contact from the nursery; referred to early help, family declined.\n' +
        'Month 9: Police notification after the neighbour’s call; strategy discussion held; section 47 enquiry began.\n' +
        'Summary: we had two chances to bring the nursery’s concerns together with health information and took neither.',
    },
  },
  {
    org: 'police',
    asks: ['chronology'],
    note: NOTE,
    due: -2,
    returned: {
      by: 'police',
      daysAgo: 6,
      answer:
        'Chronology, Brookvale Police (fictional)\n' +
        'Month 6: Call about noise at the address; officers attended, no children seen, no referral made.\n' +
        'Month 9: Neighbour’s call; officers found Child Q in neglectful conditions and made a referral the same day.',
    },
  },
  { org: 'community', asks: ['chronology', 'involvement-summary'], note: NOTE, due: 5 },
  { org: 'riverside', asks: ['chronology'], note: NOTE, due: -2 },
];

/** Information requests for the Child Q review, in every state the review page shows. */
export async function seedDemoRequests(tx: Queryable, ids: DemoIds): Promise<void> {
  const [review] = await tx.query<{ id: string }>(
    "SELECT id FROM reviews WHERE subject_ref = 'Child Q' ORDER BY created_at LIMIT 1",
  );
  if (!review) return;
  const today = londonToday();
  const sentAt = new Date(Date.now() - SENT_DAYS_AGO * 86_400_000);
  for (const r of REQUESTS) {
    const returnedAt = r.returned ? new Date(Date.now() - r.returned.daysAgo * 86_400_000) : null;
    await tx.query(
      `INSERT INTO information_requests (review_id, organisation_id, asks, note, due_date, status, answer,
                                         requested_by, sent_at, returned_by, returned_at)
       VALUES ($1, $2, $3::text[], $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        review.id,
        ids.orgs[r.org],
        r.asks,
        r.note,
        addDays(today, r.due),
        r.returned ? 'returned' : 'sent',
        r.returned?.answer ?? '',
        ids.users.manager,
        sentAt,
        r.returned ? ids.users[r.returned.by] : null,
        returnedAt,
      ],
    );
  }
}
