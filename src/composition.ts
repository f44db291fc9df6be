import type { Config, EncryptionConfig } from './config.ts';
import { createSecretBox, parseKey, type SecretBox } from './platform/crypto/secret-box.ts';
import type { Db, Queryable } from './platform/db/index.ts';
import { londonToday } from './platform/clock.ts';
import { withRequestTransactions } from './platform/db/request-transaction.ts';
import { createIdempotencyRepository, createIdempotencyService } from './platform/idempotency/index.ts';
import { createAccountsService } from './modules/accounts/index.ts';
import { createActionsRepository, createActionsService } from './modules/actions/index.ts';
import { createAuditChainService, createAuditRepository } from './modules/audit/index.ts';
import {
  createBankHolidaysService,
  createClocksRepository,
  createClocksService,
  createPolicyService,
} from './modules/clocks/index.ts';
import {
  createAuthService,
  createOidcService,
  createTwoFactorService,
  createDirectoryRepository,
  createDirectoryService,
  createUsersRepository,
} from './modules/auth/index.ts';
import { createBriefingsRepository, createBriefingsService } from './modules/briefings/index.ts';
import { createLearningEvidenceService } from './modules/learning/index.ts';
import { createEvidenceRepository, createEvidenceService } from './modules/evidence/index.ts';
import { createExportsService } from './modules/exports/index.ts';
import { createImportsService } from './modules/imports/index.ts';
import {
  createIncidentNotificationsRepository,
  createIncidentNotificationsService,
} from './modules/incident-notifications/index.ts';
import {
  createMailer,
  createNotificationsRepository,
  createNotificationsService,
  createOutboxRepository,
  createOutboxService,
} from './modules/notifications/index.ts';
import { createOrganisationsRepository, createOrganisationsService } from './modules/organisations/index.ts';
import { createRemindersRepository, createRemindersService } from './modules/reminders/index.ts';
import {
  createRequestsRepository,
  createRequestsService,
  requestReminderSource,
} from './modules/requests/index.ts';
import {
  createFlagsRepository,
  createFlagsService,
  createFlagTypesService,
  createPeopleRepository,
  createPeopleService,
} from './modules/people/index.ts';
import {
  createReviewsRepository,
  createReviewsService,
  statutoryDeadlineSource,
} from './modules/reviews/index.ts';
import {
  createFactorsService,
  createRecommendationMeasuresRepository,
  createRecommendationMeasuresService,
  createSaferSleepMeasuresService,
  createSaferSleepRepository,
  createSaferSleepService,
} from './modules/safer-sleep/index.ts';
import { createFeedbackRepository, createFeedbackService } from './modules/site/index.ts';
import {
  createLossesRepository,
  createLossesService,
  createUnbornRepository,
  createUnbornService,
} from './modules/unborn/index.ts';
import {
  createAttendeeService,
  createReachService,
  createTrainingRepository,
  createTrainingService,
} from './modules/training/index.ts';
import {
  createFhirRepository,
  createFhirService,
  createSystemTokensRepository,
  createSystemTokensService,
} from './modules/fhir/index.ts';
import {
  createForumsRepository,
  createForumsService,
  createMeetingsService,
} from './modules/forums/index.ts';
import { createCampaignsRepository, createCampaignsService } from './modules/campaigns/index.ts';
import { createPublishingRepository, createPublishingService } from './modules/publishing/index.ts';
import { createThemesRepository, createThemesService } from './modules/themes/index.ts';
import { createPublicationCheckService, findIdentifiersAsync } from './modules/publication-check/index.ts';
import { createLibraryRepository, createLibraryService } from './modules/library/index.ts';
import {
  createDisposalRepository,
  createRetentionRepository,
  createRetentionService,
} from './modules/retention/index.ts';

/** The composition root: repositories (SQL) → services (rules) → the app (HTTP), wired by hand. */
export function createRepositories() {
  return {
    audit: createAuditRepository(),
    users: createUsersRepository(),
    directory: createDirectoryRepository(),
    organisations: createOrganisationsRepository(),
    reviews: createReviewsRepository(),
    actions: createActionsRepository(),
    evidence: createEvidenceRepository(),
    feedback: createFeedbackRepository(),
    notifications: createNotificationsRepository(),
    reminders: createRemindersRepository(),
    requests: createRequestsRepository(),
    incidentNotifications: createIncidentNotificationsRepository(),
    clocks: createClocksRepository(),
    outbox: createOutboxRepository(),
    people: createPeopleRepository(),
    flags: createFlagsRepository(),
    unborn: createUnbornRepository(),
    losses: createLossesRepository(),
    saferSleep: createSaferSleepRepository(),
    recommendationMeasures: createRecommendationMeasuresRepository(),
    fhir: createFhirRepository(),
    systemTokens: createSystemTokensRepository(),
    briefings: createBriefingsRepository(),
    training: createTrainingRepository(),
    forums: createForumsRepository(),
    campaigns: createCampaignsRepository(),
    publishing: createPublishingRepository(),
    themes: createThemesRepository(),
    library: createLibraryRepository(),
    retention: createRetentionRepository(),
    disposal: createDisposalRepository(),
  };
}
export type Repositories = ReturnType<typeof createRepositories>;

export function createServices(
  database: Db,
  config: Pick<Config, 'auth'> & Partial<Pick<Config, 'mail' | 'encryption' | 'oidc'>>,
  repos: Repositories = createRepositories(),
) {
  // Every service's queries join the request's transaction when an API write carries an
  // Idempotency-Key (src/platform/http/idempotency.ts); otherwise this is `database` itself.
  const db = withRequestTransactions(database);
  const directory = createDirectoryService({ db, directory: repos.directory });
  const organisations = createOrganisationsService({
    db,
    organisations: repos.organisations,
    audit: repos.audit,
  });
  const clocks = createClocksService({ db, clocks: repos.clocks });
  const reviews = createReviewsService({
    db,
    reviews: repos.reviews,
    audit: repos.audit,
    directory,
    deadlinesFor: (review, q) => clocks.deadlinesFor(review, q),
    // Publishing is made further down; these run only when a review is published.
    publicationGate: (reviewId, tx) => publishing.gate(reviewId, tx),
    onPublished: (reviewId) => publishing.reportPublished(reviewId),
  });
  const notifications = createNotificationsService({
    db,
    notifications: repos.notifications,
    audit: repos.audit,
  });
  const actions = createActionsService({
    db,
    actions: repos.actions,
    audit: repos.audit,
    reviews,
    organisations,
    directory,
  });
  const requests = createRequestsService({
    db,
    requests: repos.requests,
    reviews: repos.reviews,
    audit: repos.audit,
    notifications,
    organisations,
    // Agencies return a set number of working days after the Panel was notified (or today),
    // per the rapid-review plan (policy setting).
    defaultDueDate: async (review) => {
      const { policy, calendar } = await clocks.current();
      return calendar.addWorkingDays(
        review.panelNotifiedDate ?? londonToday(),
        policy.agencyReturnWorkingDays,
      );
    },
  });
  const people = createPeopleService({
    db,
    people: repos.people,
    organisationExists: async (id) => Boolean(await organisations.find(id)),
    audit: repos.audit,
    notify: notifications.notify,
    leadsOf: requests.leadsOf,
  });
  const flags = createFlagsService({ db, flags: repos.flags, audit: repos.audit, people });
  const auth = createAuthService({ db, users: repos.users, audit: repos.audit, policy: config.auth });
  const twoFactor = createTwoFactorService({
    db,
    users: repos.users,
    audit: repos.audit,
    policy: config.auth,
    secrets: secretBoxFor(db, config.encryption),
  });
  const briefings = createBriefingsService({
    db,
    briefings: repos.briefings,
    audit: repos.audit,
    reviews,
    organisations,
    notifications,
  });
  const trainingReach = createReachService({
    db,
    training: repos.training,
    audit: repos.audit,
    notify: notifications.notify,
  });
  const forums = createForumsService({ db, forums: repos.forums, audit: repos.audit, directory, reviews });
  const campaigns = createCampaignsService({
    db,
    campaigns: repos.campaigns,
    audit: repos.audit,
    reviews,
    organisations,
  });
  const themes = createThemesService({ db, themes: repos.themes, audit: repos.audit });
  const library = createLibraryService({
    db,
    library: repos.library,
    audit: repos.audit,
    // Every review added to the library gets theme suggestions for a person to confirm.
    onReviewAdded: async (libraryReviewId) => {
      await themes.suggestThemes(libraryReviewId);
    },
  });
  const publishing = createPublishingService({
    db,
    publishing: repos.publishing,
    audit: repos.audit,
    reviews,
    briefings,
    findIdentifiers: findIdentifiersAsync,
    // The published, checked report joins the library beside other areas' reviews.
    onReportPublished: async (reviewId) => {
      const report = await publishing.publicReportIfAny(reviewId);
      if (report)
        await library.recordPartnershipReport({
          reviewId,
          title: report.publicTitle,
          year: report.year,
          reviewType: report.reviewType,
          body: report.text,
        });
    },
  });
  const businessUnitIds = async (tx: Queryable) => (await repos.reminders.businessUnit(tx)).map((u) => u.id);
  return {
    db,
    idempotency: createIdempotencyService({ db, keys: createIdempotencyRepository() }),
    actions,
    auth,
    twoFactor,
    oidc: createOidcService({
      db,
      users: repos.users,
      audit: repos.audit,
      policy: config.auth,
      oidc: config.oidc,
    }),
    directory,
    organisations,
    reviews,
    feedback: createFeedbackService({ db, feedback: repos.feedback }),
    evidence: createEvidenceService({ db, evidence: repos.evidence, audit: repos.audit, actions }),
    // One line per feature service; each feature's owner edits only its own line.
    exports: createExportsService({ db, actions, reviews, audit: repos.audit }),
    imports: createImportsService({ db, audit: repos.audit, organisations, directory }),
    accounts: createAccountsService({ db, audit: repos.audit, actions, organisations }),
    incidentNotifications: createIncidentNotificationsService({
      db,
      notifications: repos.incidentNotifications,
      audit: repos.audit,
      reviews,
      organisations,
    }),
    notifications,
    requests,
    reminders: createRemindersService({
      db,
      reminders: repos.reminders,
      notify: notifications.notify,
      policy: () => clocks.policy(),
      sources: [
        requestReminderSource(requests, businessUnitIds, db),
        statutoryDeadlineSource(reviews, businessUnitIds),
      ],
    }),
    clocks,
    auditChain: createAuditChainService({
      db,
      audit: repos.audit,
      retentionYears: async () => (await clocks.policy()).auditRetentionYears,
    }),
    policy: createPolicyService({ db, clocks: repos.clocks, audit: repos.audit }),
    bankHolidays: createBankHolidaysService({
      db,
      clocks: repos.clocks,
      clocksService: clocks,
      audit: repos.audit,
    }),
    people,
    flags,
    flagTypes: createFlagTypesService({ db, flags: repos.flags, audit: repos.audit }),
    unborn: createUnbornService({
      db,
      unborn: repos.unborn,
      audit: repos.audit,
      people,
      flags,
      clocks,
      organisationExists: async (id) => Boolean(await organisations.find(id)),
    }),
    losses: createLossesService({ db, losses: repos.losses, audit: repos.audit, people, flags }),
    saferSleep: createSaferSleepService({
      db,
      saferSleep: repos.saferSleep,
      audit: repos.audit,
      people,
      flags,
    }),
    saferSleepFactors: createFactorsService({ db, saferSleep: repos.saferSleep, audit: repos.audit }),
    saferSleepMeasures: createSaferSleepMeasuresService({ db, saferSleep: repos.saferSleep }),
    recommendationMeasures: createRecommendationMeasuresService({
      db,
      links: repos.recommendationMeasures,
      saferSleep: repos.saferSleep,
      audit: repos.audit,
    }),
    fhir: createFhirService({
      db,
      fhir: repos.fhir,
      people: repos.people,
      peopleService: people,
      auth,
      audit: repos.audit,
      notify: notifications.notify,
      leadsOf: requests.leadsOf,
    }),
    systemTokens: createSystemTokensService({
      db,
      tokens: repos.systemTokens,
      audit: repos.audit,
      organisations,
    }),
    briefings,
    learning: createLearningEvidenceService({
      sources: [
        briefings.learningEvidenceFor,
        trainingReach.learningEvidenceFor,
        forums.learningEvidenceFor,
        campaigns.learningEvidenceFor,
      ],
    }),
    training: createTrainingService({
      db,
      training: repos.training,
      audit: repos.audit,
      notify: notifications.notify,
    }),
    trainingAttendees: createAttendeeService({ db, training: repos.training, audit: repos.audit }),
    trainingReach,
    forums,
    forumMeetings: createMeetingsService({
      db,
      forums: repos.forums,
      forumsService: forums,
      audit: repos.audit,
      actions,
      reviews,
      briefings,
    }),
    campaigns,
    publishing,
    themes,
    publicationCheck: createPublicationCheckService({ db, audit: repos.audit }),
    library,
    retention: createRetentionService({
      db,
      retention: repos.retention,
      disposal: repos.disposal,
      audit: repos.audit,
      policy: () => clocks.policy(),
    }),
    outbox: createOutboxService({
      db,
      outbox: repos.outbox,
      audit: repos.audit,
      mailer: createMailer(config.mail ?? {}),
    }),
  };
}
export type Services = ReturnType<typeof createServices>;

/** The secret that signs session cookies: from the environment, or made once and kept in the database. */
export async function sessionSecretFor(db: Db, config: Pick<Config, 'sessionSecret'>): Promise<string> {
  if (config.sessionSecret) return config.sessionSecret;
  const rows = await db.query<{ value: string }>("SELECT value FROM settings WHERE key = 'session_secret'");
  if (!rows[0]) throw new Error('The session secret is missing: run `lantern migrate`');
  return rows[0].value;
}

/**
 * The box that seals secrets at rest: under LANTERN_ENCRYPTION_KEY (required in production), else
 * under a development key made once by `lantern migrate` (migration 036) and kept in the database,
 * as the session secret is. That key protects nothing from someone with the database; it only lets
 * development and tests run the same code. It is read on first use and kept; a failed read (the
 * database away) is tried again next time.
 */
export function secretBoxFor(db: Db, encryption?: EncryptionConfig): () => Promise<SecretBox> {
  const previous = (encryption?.previousKeys ?? []).map((k) =>
    parseKey(k, 'LANTERN_ENCRYPTION_KEY_PREVIOUS'),
  );
  if (encryption?.key) {
    const box = createSecretBox(parseKey(encryption.key, 'LANTERN_ENCRYPTION_KEY'), previous);
    return async () => box;
  }
  let box: Promise<SecretBox> | undefined;
  const load = async () => {
    const [row] = await db.query<{ value: string }>(
      "SELECT value FROM settings WHERE key = 'development_encryption_key'",
    );
    if (!row) throw new Error('The development encryption key is missing: run `lantern migrate`');
    return createSecretBox(parseKey(row.value, 'the development encryption key'), previous);
  };
  return () => {
    box ??= load().catch((err: unknown) => {
      box = undefined;
      throw err;
    });
    return box;
  };
}
