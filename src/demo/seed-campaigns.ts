import { createHash } from 'node:crypto';
import { addDays, londonToday } from '../platform/clock.ts';
import type { Queryable } from '../platform/db/index.ts';
import type { DemoIds } from './seed-demo.ts';

/** A one-page PDF leaflet, written by hand (with a correct cross-reference table) so the seed needs no PDF library. */
export function syntheticLeafletPdf(lines: string[]): Buffer {
  const text = lines
    .map(
      (line, i) =>
        `BT /F1 ${i === 0 ? 18 : 12} Tf 72 ${760 - i * 28} Td (${line.replace(/[\\()]/g, '\\$&')}) Tj ET`,
    )
    .join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(text)} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body);
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  body += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

const SHARES: { org: string; by: string; daysAgo: number; how: string; reach: number | null }[] = [
  {
    org: 'council',
    by: 'la',
    daysAgo: 40,
    how: 'Leaflet given out by family support workers; video on the staff intranet.',
    reach: 220,
  },
  {
    org: 'acute',
    by: 'trust',
    daysAgo: 35,
    how: 'Video shown on the postnatal ward; leaflet in every discharge pack.',
    reach: 900,
  },
  {
    org: 'community',
    by: 'community',
    daysAgo: 30,
    how: 'Health visitors take the leaflet to every new-birth visit.',
    reach: 450,
  },
  {
    org: 'riverside',
    by: 'gp',
    daysAgo: 12,
    how: 'Video played at the practice team meeting; leaflets in the waiting room.',
    reach: 35,
  },
  {
    org: 'elm',
    by: 'elmLead',
    daysAgo: 9,
    how: 'Leaflets in the waiting room and on the practice website.',
    reach: null,
  },
];

/** "Safer sleep and alcohol": a video link and a leaflet, linked to the Baby T safer-sleep recommendation, shared by five organisations. */
export async function seedDemoCampaigns(tx: Queryable, ids: DemoIds): Promise<void> {
  const today = londonToday();
  const [campaign] = await tx.query<{ id: string }>(
    `INSERT INTO campaigns (title, description, start_date, end_date, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [
      'Safer sleep and alcohol',
      'Reminds parents and carers that sharing a bed or sofa with a baby is far more dangerous after drinking alcohol or taking drugs, and when routines change: visits, holidays and celebrations.',
      addDays(today, -45),
      addDays(today, 45),
      ids.users.manager,
    ],
  );
  const recommendations = await tx.query<{ id: string }>(
    `SELECT rc.id FROM recommendations rc JOIN reviews r ON r.id = rc.review_id
      WHERE r.subject_ref = 'Baby T' AND rc.text LIKE 'Maternity and health visiting%'`,
  );
  for (const r of recommendations)
    await tx.query('INSERT INTO campaign_recommendations (campaign_id, recommendation_id) VALUES ($1, $2)', [
      campaign!.id,
      r.id,
    ]);
  await tx.query(
    // Added a minute before the leaflet, so the two list in the order they were added.
    `INSERT INTO campaign_resources (campaign_id, kind, title, url, created_by, created_at)
     VALUES ($1, 'video', $2, $3, $4, now() - interval '1 minute')`,
    [
      campaign!.id,
      'Safer sleep after a drink (2 minutes)',
      'https://www.example.org/brookvale/safer-sleep-and-alcohol',
      ids.users.manager,
    ],
  );
  const pdf = syntheticLeafletPdf([
    'Safer sleep and alcohol',
    'Never share a bed or sofa with your baby after drinking alcohol or taking drugs.',
    'Put your baby on their back, in their own cot or Moses basket, in your room.',
    'Visiting, on holiday or celebrating? Plan where your baby will sleep.',
    'Brookvale Safeguarding Children Partnership (demo leaflet)',
  ]);
  await tx.query(
    `INSERT INTO campaign_resources (campaign_id, kind, title, file_name, content_type, size_bytes, sha256, content, created_by)
     VALUES ($1, 'leaflet', $2, $3, 'application/pdf', $4, $5, $6, $7)`,
    [
      campaign!.id,
      'Leaflet for parents and carers',
      'safer-sleep-and-alcohol.pdf',
      pdf.length,
      createHash('sha256').update(pdf).digest('hex'),
      pdf,
      ids.users.manager,
    ],
  );
  for (const s of SHARES) {
    if (!ids.users[s.by]) continue;
    await tx.query(
      `INSERT INTO campaign_shares (campaign_id, organisation_id, shared_on, how, reach, recorded_by) VALUES ($1, $2, $3, $4, $5, $6)`,
      [campaign!.id, ids.orgs[s.org], addDays(today, -s.daysAgo), s.how, s.reach, ids.users[s.by]],
    );
  }
}
