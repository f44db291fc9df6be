import { londonToday } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import { parseOrThrow } from '../../platform/http/forms.ts';
import { isUuid } from '../../platform/schema.ts';
import { formatDate } from '../../platform/views/filters.ts';
import { auditActorOf, type AuditRepository } from '../audit/index.ts';
import type { DirectoryService } from '../auth/index.ts';
import { evidenceByRecommendation } from '../learning/index.ts';
import type { ReviewsService } from '../reviews/index.ts';
import type { ForumsRepository } from './forums.repository.ts';
import { ForumCreateSchema, ForumUpdateSchema, MemberAddSchema } from './forums.schema.ts';
import type {
  AttendanceStatus,
  Forum,
  ForumMember,
  LearningEvidence,
  PracticeAttendance,
} from './forums.types.ts';

export interface ForumsDeps {
  db: Db;
  forums: ForumsRepository;
  audit: AuditRepository;
  directory: DirectoryService;
  reviews: ReviewsService;
  today?: () => string;
}

const RANK: Record<AttendanceStatus, number> = { present: 3, apologies: 2, absent: 1 };

/** Roles that only read: they may be members of a forum, but never chair it or run its meetings. */
const READ_ONLY_ROLES: readonly string[] = ['board-member', 'reviewer'];

/** The business unit runs forums; the chair runs its meetings; everyone signed in reads them. */
export function createForumsService({
  db,
  forums,
  audit,
  directory,
  reviews,
  today = londonToday,
}: ForumsDeps) {
  const mustBeBusinessUnit = (actor: Actor) => {
    if (actor.role !== 'business-unit')
      throw new Forbidden('Only the partnership business unit manages forums');
  };

  /** Every signed-in user may read a forum (minutes hold no family data); 404 when there is none. */
  async function visible(_actor: Actor, forumId: string): Promise<Forum> {
    const forum = isUuid(forumId) ? await forums.find(db, today(), forumId) : undefined;
    if (!forum) throw new NotFound('Forum');
    return forum;
  }

  /**
   * Forum discussions of each recommendation's review or learning points, once per meeting, in one
   * query for all of them; NotFound unless the actor may see every one of the recommendations.
   */
  async function learningEvidenceFor(
    actor: Actor,
    recommendationIds: readonly string[],
  ): Promise<Map<string, LearningEvidence[]>> {
    await reviews.assertRecommendationsVisible(actor, recommendationIds);
    if (!recommendationIds.length) return new Map();
    const rows = await forums.discussionsOf(db, recommendationIds, today());
    const seen = new Set<string>();
    // A meeting that took several items about the recommendation counts once (its first item).
    const firsts = rows.filter((r) => {
      const key = `${r.recommendationId} ${r.meetingId}`;
      return !seen.has(key) && seen.add(key);
    });
    return evidenceByRecommendation(firsts, (r) => ({
      kind: 'forum',
      title: r.title,
      href: `/forums/${r.forumId}/meetings/${r.meetingId}`,
      detail: `Discussed at ${r.forumName}, ${formatDate(r.meetingDate)} (${r.practicesPresent} practice${r.practicesPresent === 1 ? '' : 's'} present)`,
      date: r.meetingDate,
    }));
  }

  async function checkName(name: string, exceptId: string | null) {
    if (await forums.nameTaken(db, name, exceptId))
      throw new ValidationFailed([{ path: 'name', message: 'A forum with this name already exists' }]);
  }

  /** Each organisation (every GP practice, and any other with a member) across the meetings held. */
  async function attendanceByPractice(forumId: string, members: ForumMember[]) {
    const held = (await forums.meetings(db, forumId)).filter((m) => m.meetingDate <= today()).reverse();
    const marks = await forums.attendanceByOrganisation(db, forumId);
    const orgs = new Map<string, { name: string; hasMember: boolean }>();
    for (const p of await forums.gpPractices(db)) orgs.set(p.id, { name: p.name, hasMember: false });
    for (const m of members) {
      if (m.leftOn) continue;
      orgs.set(m.organisationId, { name: m.organisationName, hasMember: true });
    }
    const rows: PracticeAttendance[] = [...orgs].map(([organisationId, o]) => {
      const byMeeting: Record<string, AttendanceStatus | null> = {};
      for (const meeting of held) {
        const best = marks
          .filter((x) => x.organisationId === organisationId && x.meetingId === meeting.id)
          .sort((a, b) => RANK[b.status] - RANK[a.status])[0];
        byMeeting[meeting.id] = best?.status ?? null;
      }
      return {
        organisationId,
        organisationName: o.name,
        hasMember: o.hasMember,
        byMeeting,
        meetingsPresent: Object.values(byMeeting).filter((s) => s === 'present').length,
      };
    });
    rows.sort((a, b) => a.organisationName.localeCompare(b.organisationName, 'en-GB'));
    return { held, rows };
  }

  return {
    visible,
    today,

    /** Whether the actor may schedule meetings and record minutes, attendance and actions. */
    canRunMeetings: (actor: Actor, forum: Forum): boolean =>
      actor.role === 'business-unit' ||
      (!READ_ONLY_ROLES.includes(actor.role) && forum.chairUserId !== null && forum.chairUserId === actor.id),

    async list(_actor: Actor, paging: { page: number; pageSize: number }) {
      return forums.list(db, today(), paging);
    },

    /** The forum page: members, GP practices with no member yet, meetings and attendance by practice. */
    async overview(actor: Actor, forumId: string) {
      const forum = await visible(actor, forumId);
      const all = await forums.members(db, forumId);
      const members = all.filter((m) => !m.leftOn);
      const practices = await forums.gpPractices(db);
      const covered = new Set(members.map((m) => m.organisationId));
      const meetings = await forums.meetings(db, forumId);
      return {
        forum,
        members,
        formerMembers: all.filter((m) => m.leftOn),
        practicesWithoutMember: practices.filter((p) => !covered.has(p.id)),
        practiceCount: practices.length,
        meetings,
        attendance: await attendanceByPractice(forumId, all),
      };
    },

    async create(actor: Actor, input: unknown): Promise<Forum> {
      mustBeBusinessUnit(actor);
      const data = parseOrThrow(ForumCreateSchema, input);
      await checkName(data.name, null);
      const id = await db.transaction(async (tx) => {
        const newId = await forums.insert(tx, {
          name: data.name,
          purpose: data.purpose ?? '',
          createdBy: actor.id,
        });
        await audit.insert(tx, auditActorOf(actor), {
          event: 'forum.created',
          subjectType: 'forum',
          subjectId: newId,
          after: data,
        });
        return newId;
      });
      return (await forums.find(db, today(), id))!;
    },

    async update(actor: Actor, forumId: string, input: unknown): Promise<Forum> {
      const before = await visible(actor, forumId);
      const version = Number((input as { version?: unknown } | null)?.version);
      if (version !== before.version) throw new Conflict(undefined, before);
      mustBeBusinessUnit(actor);
      const data = parseOrThrow(ForumUpdateSchema, input);
      await checkName(data.name, forumId);
      await db.transaction(async (tx) => {
        // Left out of a PATCH, the purpose stays as it was.
        const changes = { name: data.name, purpose: data.purpose ?? before.purpose };
        if (!(await forums.update(tx, forumId, changes, data.version))) throw new Conflict(undefined, before);
        await audit.insert(tx, auditActorOf(actor), {
          event: 'forum.updated',
          subjectType: 'forum',
          subjectId: forumId,
          before: { name: before.name, purpose: before.purpose },
          after: changes,
        });
      });
      return (await forums.find(db, today(), forumId))!;
    },

    /** People the business unit may add: active users not already members. */
    async candidates(actor: Actor, forumId: string) {
      mustBeBusinessUnit(actor);
      const current = new Set(
        (await forums.members(db, forumId)).filter((m) => !m.leftOn).map((m) => m.userId),
      );
      return (await directory.listActive()).filter((u) => !current.has(u.id));
    },

    /** Adds a user as a member for their own organisation. A new chair replaces the old one. */
    async addMember(actor: Actor, forumId: string, input: unknown): Promise<ForumMember> {
      const forum = await visible(actor, forumId);
      mustBeBusinessUnit(actor);
      const data = parseOrThrow(MemberAddSchema, input);
      const [user] = await directory.findActive([data.userId]);
      if (!user) throw new ValidationFailed([{ path: 'userId', message: 'Select a person from the list' }]);
      if (data.forumRole === 'chair' && READ_ONLY_ROLES.includes(user.role))
        throw new ValidationFailed([
          {
            path: 'userId',
            message: 'Select someone who can chair: a practitioner, safeguarding lead or the business unit',
          },
        ]);
      const id = await db.transaction(async (tx) => {
        // One change of membership at a time per forum: two new chairs at once would otherwise
        // both end the old one and collide on the one-chair index.
        await forums.lockForum(tx, forumId);
        const all = await forums.members(tx, forumId);
        if (all.some((m) => !m.leftOn && m.userId === user.id))
          throw new ValidationFailed([{ path: 'userId', message: `${user.name} is already a member` }]);
        const oldChair = all.find((m) => !m.leftOn && m.forumRole === 'chair');
        if (data.forumRole === 'chair' && oldChair) await forums.endMember(tx, oldChair.id, today());
        const memberId = await forums.insertMember(tx, {
          forumId,
          userId: user.id,
          organisationId: user.organisationId,
          forumRole: data.forumRole,
        });
        await audit.insert(tx, auditActorOf(actor), {
          event: 'forum.member-added',
          subjectType: 'forum',
          subjectId: forum.id,
          after: {
            memberId,
            userId: user.id,
            organisationId: user.organisationId,
            forumRole: data.forumRole,
          },
          details:
            data.forumRole === 'chair' && oldChair ? { replacedChairMemberId: oldChair.id } : undefined,
        });
        return memberId;
      });
      return (await forums.member(db, forumId, id))!;
    },

    /** A member leaves: kept on record (left today) so the attendance history still reads. */
    async removeMember(actor: Actor, forumId: string, memberId: string): Promise<void> {
      await visible(actor, forumId);
      mustBeBusinessUnit(actor);
      const member = isUuid(memberId) ? await forums.member(db, forumId, memberId) : undefined;
      if (!member || member.leftOn) throw new NotFound('Member');
      await db.transaction(async (tx) => {
        await forums.endMember(tx, memberId, today());
        await audit.insert(tx, auditActorOf(actor), {
          event: 'forum.member-left',
          subjectType: 'forum',
          subjectId: forumId,
          before: { memberId, userId: member.userId, forumRole: member.forumRole },
        });
      });
    },

    /**
     * Forum discussions of a recommendation's review or of its learning points, as evidence that
     * its learning is spreading: "Discussed at GP Forum, 12 March 2026 (5 practices present)".
     */
    async learningEvidence(actor: Actor, recommendationId: string): Promise<LearningEvidence[]> {
      return (await learningEvidenceFor(actor, [recommendationId])).get(recommendationId.toLowerCase()) ?? [];
    },

    learningEvidenceFor,
  };
}
export type ForumsService = ReturnType<typeof createForumsService>;
