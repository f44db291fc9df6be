import { z } from 'zod';
import { pageParam, pageSizeParam } from '../../platform/schema.ts';
import { NOTIFICATION_KINDS, type NotificationKind } from './notifications.types.ts';

const KINDS = Object.keys(NOTIFICATION_KINDS) as [NotificationKind, ...NotificationKind[]];

export const NotificationListQuery = z.object({
  page: pageParam,
  pageSize: pageSizeParam,
  unread: z
    .enum(['true', 'false'], { error: 'Use true or false' })
    .transform((v) => v === 'true')
    .optional()
    .describe('`true`: only notifications not yet read'),
});

export const NotificationResponse = z.object({
  id: z.string(),
  kind: z.enum(KINDS),
  subject: z.string(),
  body: z.string(),
  link: z.string().nullable().describe('a path inside Lantern where the recipient can act on it'),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);
export const notificationJson = (n: {
  id: string;
  kind: NotificationKind;
  subject: string;
  body: string;
  link: string | null;
  createdAt: Date;
  readAt: Date | null;
}) => ({ ...n, createdAt: n.createdAt.toISOString(), readAt: iso(n.readAt) });

export const EmailPreferencesBody = z.object({
  emailKinds: z
    .array(z.enum(KINDS, { error: `Use the kinds listed: ${KINDS.join(', ')}` }), {
      error: 'Send emailKinds as a list',
    })
    .describe('the kinds to send by email as well; every kind left out is turned off'),
});

export const EmailPreferencesResponse = z.object({
  emailKinds: z.array(z.enum(KINDS)),
  kinds: z
    .array(z.object({ kind: z.enum(KINDS), description: z.string(), email: z.boolean() }))
    .describe('every kind, in plain English; the inbox always gets all of them'),
});

export const preferencesJson = (
  prefs: { kind: NotificationKind; description: string; email: boolean }[],
) => ({
  emailKinds: prefs.filter((p) => p.email).map((p) => p.kind),
  kinds: prefs,
});
