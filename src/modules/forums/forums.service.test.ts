import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createServices } from '../../composition.ts';
import { loadConfig } from '../../config.ts';
import { addDays, londonToday } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/current-user.ts';
import {
  createActor,
  createLearningPoint,
  createOrganisation,
  createRecommendation,
  createReview,
} from '../../../test/factories.ts';
import { createTestDb } from '../../../test/test-db.ts';
import { briefingWorld, publishedBriefing } from '../briefings/briefings.test-support.ts';

describe('forums service', () => {
  let db: Db;
  let services: ReturnType<typeof createServices>;
  let manager: Actor;
  let chair: Actor;
  let practiceLead: Actor;
  let otherPracticeId: string;
  let board: Actor;
  let forumId: string;
  before(async () => {
    db = await createTestDb();
    services = createServices(db, loadConfig({ NODE_ENV: 'test' }));
    manager = await createActor(db, 'business-unit');
    const icb = await createOrganisation(db, 'icb');
    chair = await createActor(db, 'organisation-lead', icb.id);
    const practice = await createOrganisation(db, 'gp-practice');
    otherPracticeId = (await createOrganisation(db, 'gp-practice')).id;
    practiceLead = await createActor(db, 'organisation-lead', practice.id);
    board = await createActor(db, 'board-member');
    const forum = await services.forums.create(manager, {
      name: 'GP Forum',
      purpose: 'Learning from reviews',
    });
    forumId = forum.id;
    await services.forums.addMember(manager, forumId, { userId: chair.id, forumRole: 'chair' });
    await services.forums.addMember(manager, forumId, {
      userId: practiceLead.id,
      forumRole: 'practice-lead',
    });
  });
  after(() => db.close());

  const auditEvents = async (subjectId: string) =>
    (
      await db.query<{ event: string }>('SELECT event FROM audit_events WHERE subject_id = $1 ORDER BY id', [
        subjectId,
      ])
    ).map((r) => r.event);

  it('lets only the business unit create and change forums, with an audit row each time', async () => {
    await assert.rejects(services.forums.create(chair, { name: 'Another' }), Forbidden);
    await assert.rejects(services.forums.create(board, { name: 'Another' }), Forbidden);
    await assert.rejects(services.forums.create(manager, { name: 'gp forum' }), (err: ValidationFailed) => {
      assert.equal(err.fields[0]!.message, 'A forum with this name already exists');
      return true;
    });
    const forum = await services.forums.visible(manager, forumId);
    await assert.rejects(
      services.forums.update(manager, forumId, { name: 'X', version: forum.version + 1 }),
      Conflict,
    );
    const events = await auditEvents(forumId);
    assert.deepEqual(events.slice(0, 3), ['forum.created', 'forum.member-added', 'forum.member-added']);
  });

  it('shows the GP practices with no member yet, and reads as 404 for an unknown forum', async () => {
    const overview = await services.forums.overview(board, forumId);
    assert.equal(overview.forum.chairName, 'Test organisation-lead');
    assert.ok(overview.practicesWithoutMember.some((p) => p.id === otherPracticeId));
    assert.ok(!overview.practicesWithoutMember.some((p) => p.id === practiceLead.organisationId));
    await assert.rejects(services.forums.overview(board, 'not-a-uuid'), NotFound);
    await assert.rejects(services.forums.overview(board, '00000000-0000-4000-8000-000000000000'), NotFound);
  });

  it('replaces the chair when a new one is added, keeping the old one on record', async () => {
    const forum = await services.forums.create(manager, { name: 'Chair swap forum' });
    const first = await createActor(db, 'organisation-lead');
    const second = await createActor(db, 'organisation-lead');
    await services.forums.addMember(manager, forum.id, { userId: first.id, forumRole: 'chair' });
    await services.forums.addMember(manager, forum.id, { userId: second.id, forumRole: 'chair' });
    const overview = await services.forums.overview(manager, forum.id);
    assert.equal(overview.forum.chairUserId, second.id);
    assert.deepEqual(
      overview.formerMembers.map((m) => m.userId),
      [first.id],
    );
    await assert.rejects(
      services.forums.addMember(manager, forum.id, { userId: second.id, forumRole: 'member' }),
      ValidationFailed,
    );
  });

  it('refuses a board member or reviewer as chair, and never lets one run meetings', async () => {
    const forum = await services.forums.create(manager, { name: 'Read-only chair forum' });
    const reviewer = await createActor(db, 'reviewer');
    for (const who of [board, reviewer]) {
      await assert.rejects(
        services.forums.addMember(manager, forum.id, { userId: who.id, forumRole: 'chair' }),
        (err: ValidationFailed) => {
          assert.deepEqual(err.fields, [
            {
              path: 'userId',
              message: 'Select someone who can chair: a practitioner, safeguarding lead or the business unit',
            },
          ]);
          return true;
        },
      );
    }
    await services.forums.addMember(manager, forum.id, { userId: board.id, forumRole: 'member' });
    // A chair recorded before this rule (or whose role changed since) still cannot run meetings.
    const asChair = { ...(await services.forums.visible(manager, forum.id)), chairUserId: board.id };
    assert.equal(services.forums.canRunMeetings(board, asChair), false);
    assert.equal(services.forums.canRunMeetings(chair, { ...asChair, chairUserId: chair.id }), true);
  });

  it('takes two new chairs added at once one after the other: one chair left, no error', async () => {
    const forum = await services.forums.create(manager, { name: 'Busy chair forum' });
    const a = await createActor(db, 'organisation-lead');
    const b = await createActor(db, 'practitioner');
    const c = await createActor(db, 'organisation-lead');
    await services.forums.addMember(manager, forum.id, { userId: a.id, forumRole: 'chair' });
    await Promise.all([
      services.forums.addMember(manager, forum.id, { userId: b.id, forumRole: 'chair' }),
      services.forums.addMember(manager, forum.id, { userId: c.id, forumRole: 'chair' }),
    ]);
    const overview = await services.forums.overview(manager, forum.id);
    assert.equal(overview.members.filter((m) => m.forumRole === 'chair').length, 1);
    assert.equal(overview.formerMembers.length, 2);
  });

  it('lets the chair run meetings (schedule, attendance, minutes, agenda) and no one else but the business unit', async () => {
    const input = { meetingDate: addDays(londonToday(), -7), startTime: '12:30', format: 'online' };
    await assert.rejects(services.forumMeetings.schedule(practiceLead, forumId, input), Forbidden);
    await assert.rejects(services.forumMeetings.schedule(board, forumId, input), Forbidden);
    await assert.rejects(
      services.forumMeetings.schedule(chair, forumId, { ...input, format: 'in-person' }),
      (err: ValidationFailed) => err.fields[0]!.path === 'venue',
    );
    const meeting = await services.forumMeetings.schedule(chair, forumId, input);
    const members = (await services.forums.overview(chair, forumId)).members;
    const lead = members.find((m) => m.userId === practiceLead.id)!;
    await services.forumMeetings.recordAttendance(chair, forumId, meeting.id, {
      attendance: [{ memberId: lead.id, status: 'present' }],
    });
    await assert.rejects(
      services.forumMeetings.recordAttendance(chair, forumId, meeting.id, {
        attendance: [{ memberId: '00000000-0000-4000-8000-000000000000', status: 'present' }],
      }),
      ValidationFailed,
    );
    await assert.rejects(
      services.forumMeetings.recordAttendance(chair, forumId, meeting.id, {
        attendance: [
          { memberId: lead.id, status: 'present' },
          { memberId: lead.id, status: 'absent' },
        ],
      }),
      (err: ValidationFailed) => err.fields[0]!.path === 'attendance.1.memberId',
    );
    const withMinutes = await services.forumMeetings.recordMinutes(chair, forumId, meeting.id, {
      minutes: 'Discussed safer sleep.',
      version: meeting.version,
    });
    assert.equal(withMinutes.practicesPresent, 1);
    await assert.rejects(
      services.forumMeetings.recordMinutes(chair, forumId, meeting.id, {
        minutes: 'Stale',
        version: meeting.version,
      }),
      Conflict,
    );
    const overview = await services.forums.overview(manager, forumId);
    const row = overview.attendance.rows.find((r) => r.organisationId === practiceLead.organisationId)!;
    assert.equal(row.byMeeting[meeting.id], 'present');
    assert.deepEqual(await auditEvents(meeting.id), [
      'forum-meeting.scheduled',
      'forum-meeting.attendance-recorded',
      'forum-meeting.minutes-recorded',
    ]);
  });

  it('links an agenda item to a learning point (and so its review), and counts it as evidence for the recommendation', async () => {
    const review = await createReview(db, { subjectRef: 'Child F' });
    const point = await createLearningPoint(db, review.id);
    const recommendation = await createRecommendation(db, review.id);
    await db.query('INSERT INTO recommendation_learning_points VALUES ($1, $2)', [
      recommendation.id,
      point.id,
    ]);
    const held = await services.forumMeetings.schedule(manager, forumId, {
      meetingDate: addDays(londonToday(), -3),
      startTime: '09:00',
      format: 'online',
    });
    const item = await services.forumMeetings.addAgendaItem(manager, forumId, held.id, {
      title: 'Learning from Child F',
      learningPointId: point.id,
    });
    assert.equal(item.reviewId, review.id);
    assert.equal(item.reviewRef, 'Child F');
    await assert.rejects(
      services.forumMeetings.addAgendaItem(manager, forumId, held.id, {
        title: 'Wrong pairing',
        reviewId: (await createReview(db)).id,
        learningPointId: point.id,
      }),
      (err: ValidationFailed) => err.fields[0]!.path === 'learningPointId',
    );
    const upcoming = await services.forumMeetings.schedule(manager, forumId, {
      meetingDate: addDays(londonToday(), 20),
      startTime: '09:00',
      format: 'online',
    });
    await services.forumMeetings.addAgendaItem(manager, forumId, upcoming.id, {
      title: 'Later',
      reviewId: review.id,
    });
    const evidence = await services.forums.learningEvidence(manager, recommendation.id);
    assert.equal(evidence.length, 1, 'a meeting not yet held is not evidence');
    assert.equal(evidence[0]!.kind, 'forum');
    assert.equal(evidence[0]!.href, `/forums/${forumId}/meetings/${held.id}`);
    assert.match(evidence[0]!.detail, /^Discussed at GP Forum, \d+ \w+ \d{4} \(0 practices present\)$/);
    await assert.rejects(services.forums.learningEvidence(practiceLead, recommendation.id), NotFound);
  });

  it('links an agenda item to a published learning briefing only, and never shows a draft’s title', async () => {
    const world = await briefingWorld(db);
    const published = await publishedBriefing(services, world);
    const draft = await services.briefings.createDraft(manager, { reviewId: world.review.id });
    const meeting = await services.forumMeetings.schedule(manager, forumId, {
      meetingDate: addDays(londonToday(), -2),
      startTime: '10:00',
      format: 'online',
    });
    const item = await services.forumMeetings.addAgendaItem(chair, forumId, meeting.id, {
      title: 'The safer-sleep briefing',
      briefingId: published.id,
    });
    assert.equal(item.briefingId, published.id);
    assert.equal(item.briefingTitle, published.title);
    for (const who of [manager, chair]) {
      await assert.rejects(
        services.forumMeetings.addAgendaItem(who, forumId, meeting.id, {
          title: 'A draft',
          briefingId: draft.id,
        }),
        (err: ValidationFailed) => {
          assert.deepEqual(err.fields, [{ path: 'briefingId', message: 'Select a published briefing' }]);
          return true;
        },
      );
    }
    await assert.rejects(
      services.forumMeetings.addAgendaItem(manager, forumId, meeting.id, {
        title: 'No such briefing',
        briefingId: '00000000-0000-4000-8000-000000000000',
      }),
      (err: ValidationFailed) => err.fields[0]!.path === 'briefingId',
    );
    const choices = await services.forumMeetings.linkChoices(manager);
    assert.ok(choices.briefings.some((b) => b.id === published.id));
    assert.ok(!choices.briefings.some((b) => b.id === draft.id), 'the picker lists published briefings only');
    // A link to a draft made before this rule: the agenda shows no title.
    await db.query('UPDATE forum_agenda_items SET briefing_id = $2 WHERE id = $1', [item.id, draft.id]);
    const { agenda } = await services.forumMeetings.get(board, forumId, meeting.id);
    assert.equal(agenda.find((i) => i.id === item.id)!.briefingTitle, null);
  });

  it('makes a forum action a tracked action the owning organisation can update and the business unit can close', async () => {
    const meeting = await services.forumMeetings.schedule(chair, forumId, {
      meetingDate: addDays(londonToday(), -1),
      startTime: '13:00',
      format: 'online',
    });
    const input = {
      organisationId: practiceLead.organisationId,
      description: 'Name a deputy safeguarding lead',
      dueDate: addDays(londonToday(), 30),
    };
    await assert.rejects(
      services.forumMeetings.addAction(practiceLead, forumId, meeting.id, input),
      Forbidden,
    );
    await assert.rejects(
      services.forumMeetings.addAction(chair, forumId, meeting.id, { ...input, organisationId: undefined }),
      ValidationFailed,
    );
    const action = await services.forumMeetings.addAction(chair, forumId, meeting.id, input);
    assert.equal(action.recommendationId, null);
    assert.equal(action.forumMeetingId, meeting.id);
    assert.match(action.origin, /^GP Forum, \d+ \w+ \d{4}$/);
    const mine = await services.actions.list(practiceLead, {}, { page: 1, pageSize: 50 });
    assert.ok(
      mine.items.some((a) => a.id === action.id),
      'in the owning practice’s tracker',
    );
    const moved = await services.actions.update(practiceLead, action.id, {
      status: 'in-progress',
      version: action.version,
    });
    await services.actions.update(manager, action.id, { status: 'closed', version: moved.version });
    const view = await services.forumMeetings.get(board, forumId, meeting.id);
    assert.deepEqual(
      view.actions.map((a) => [a.id, a.status]),
      [[action.id, 'closed']],
    );
    const [audit] = await db.query<{ details: { forumMeetingId: string } }>(
      "SELECT details FROM audit_events WHERE event = 'action.created' AND subject_id = $1",
      [action.id],
    );
    assert.equal(audit!.details.forumMeetingId, meeting.id);
  });
});
