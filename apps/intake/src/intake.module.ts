import {
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  CalendarReplaced,
  CaseClosed,
  CaseCloseRefused,
  CaseDecided,
  CaseExtended,
  CaseOpened,
  CaseResumed,
  CaseSuspended,
  ImplementationPublished,
  ImplementationRetired,
  LicenceCancelled,
  LicenceExpired,
  LicenceInvalidated,
  LicenceIssued,
  LicenceRestored,
  LicenceRevoked,
  LicenceSuspended,
  TaskAssigned,
  TaskCompleted,
} from '@hall/contracts';
import {
  IDEMPOTENCY_STORE,
  PeriodicTask,
  PlatformModule,
  SERVICE_RUNTIME,
  type ServiceRuntime,
} from '@hall/platform';
import { type Clock, systemClock } from '@hall/calendar';
import { ApplicationRepository } from './records/application.repository.js';
import { ApplicationsController } from './applications/applications.controller.js';
import { ApplicationsService } from './applications/applications.service.js';
import { AcceptApplication } from './applications/usecases/accept.js';
import { DeemAccepted } from './applications/usecases/deem-accepted.js';
import { HandOutResult } from './applications/usecases/hand-out.js';
import { HandOverApplication } from './applications/usecases/hand-over.js';
import { addServicePoints, countServicePoints } from './service-points/service-point.repository.js';
import { ServicePointsController } from './service-points/service-points.controller.js';
import { ServicePointsService } from './service-points/service-points.service.js';
import { SaveServicePoint } from './service-points/usecases/save-service-point.js';
import { AppointmentsController } from './appointments/appointments.controller.js';
import { AppointmentsService } from './appointments/appointments.service.js';
import { daysAheadFromEnv } from './appointments/appointment-rules.js';
import { RefuseApplication } from './applications/usecases/refuse.js';
import { RequestSupplement } from './applications/usecases/request-supplement.js';
import { SubmitApplication } from './applications/usecases/submit.js';
import { SupplementApplication } from './applications/usecases/supplement.js';
import { TerminateTolerance } from './applications/usecases/terminate-tolerance.js';
import { WithdrawApplication } from './applications/usecases/withdraw.js';
import { PrismaWindowRepository, RawWindowRepository } from './applications/window.repository.js';
import { RawSubmissionRepository } from './applications/submission.repository.js';
import { SubmitIdempotencyStore } from './applications/submit-idempotency.js';
import { QueryCodes } from './public/query-code.js';
import { CalendarReplacedConsumer } from './calendar/calendar-replaced.consumer.js';
import { ClosingConsumer } from './closing/closing.consumer.js';
import { CompletionConsumer } from './completion/completion.consumer.js';
import { MaterialDownloadController } from './downloads/material-download.controller.js';
import { TaskDepartments } from './downloads/task-departments.consumer.js';
import { FilesController } from './files/files.controller.js';
import { UploadGate, uploadLimitsFromEnv, type UploadLimits } from './files/upload-limits.js';
import { UploadedFileRepository } from './files/uploaded-file.repository.js';
import { ImplementationRepository } from './implementations/implementation.repository.js';
import {
  onImplementationPublished,
  onImplementationRetired,
} from './implementations/implementation-view.consumer.js';
import { ImplementationsController } from './implementations/implementations.controller.js';
import { IntakeStore } from './intake.store.js';
import { IntakeJobs } from './jobs/intake-jobs.js';
import { JobsController } from './jobs/jobs.controller.js';
import { onLicenceStatusView } from './licences/licence-holding.consumer.js';
import { LicenceWalletService } from './licences/licence-wallet.service.js';
import { LicencesController } from './licences/licences.controller.js';
import { DecisionNotices } from './notices/decision-notices.js';
import { NoticesService } from './notices/notices.service.js';
import { NotificationDispatcher } from './notifications/notification.dispatcher.js';
import { NotificationRepository } from './notifications/notification.repository.js';
import { senderFromEnv, type NotificationSender } from './notifications/notification.sender.js';
import { NotificationsController } from './notifications/notifications.controller.js';
import {
  onCaseExtended,
  onCaseResumed,
  onCaseSuspended,
} from './notifications/procedure-notices.consumer.js';
import { PublicController } from './public/public.controller.js';
import { EnquiriesController, PublicEnquiriesController } from './enquiries/enquiries.controller.js';
import { EnquiriesService } from './enquiries/enquiries.service.js';
import {
  AnonymousAttachmentGate,
  anonymousAttachmentLimitsFromEnv,
  type AnonymousAttachmentLimits,
} from './enquiries/anonymous-attachments.js';
import { EnquiryRepository } from './enquiries/enquiry.repository.js';
import { limitDaysFromEnv, maxExtensionDaysFromEnv } from './enquiries/enquiry-rules.js';
import { actsOnTaskCompleted, ReturnConsumer } from './returns/return.consumer.js';
import { INTAKE_CLOCK } from './shared/tokens.js';

export interface IntakeOptions {
  /** Where "now" comes from (tests move it). */
  clock?: Clock;
  /** External notification channel; default from env (SMTP when NOTIFY_SMTP_URL is set, else the log). */
  sender?: NotificationSender;
  /** How often the scheduled rules run (ms; 0 = only on demand). Default 10 minutes. */
  jobIntervalMs?: number;
  /** How often unsent notifications are picked up (ms). */
  notifyPollMs?: number;
  /** How often the years loaded through supervision are re-read from the database (ms; 0 = only at start). Default 60 s. */
  calendarRefreshMs?: number;
  /** Per-user upload rate and quota, and how long unattached uploads are kept; default from `UPLOAD_*` env (see upload-limits.ts). */
  uploadLimits?: Partial<UploadLimits>;
  /** 预约: how many working days (today included) can be booked; default `APPOINTMENT_DAYS_AHEAD` or 14. */
  appointmentDaysAhead?: number;
  /** Attachments of an anonymous 咨询: files per request, per-IP rate and 24-hour quota; default from `ENQUIRY_ANON_*` env. */
  anonymousAttachmentLimits?: Partial<AnonymousAttachmentLimits>;
  /** Milliseconds for the upload rate (default real time; tests freeze it). */
  uploadRateNow?: () => number;
}

@Module({})
export class IntakeModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(IntakeStore) private readonly store: IntakeStore,
    @Inject(IntakeJobs) private readonly jobs: IntakeJobs,
    @Inject(NotificationDispatcher) private readonly dispatcher: NotificationDispatcher,
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
  ) {
    this.calendarRefresh = new PeriodicTask({
      name: 'intake.calendar-refresh',
      logger: runtime.logger,
      run: () => this.store.refreshCalendar(),
    });
  }

  private static options = new WeakMap<
    IntakeStore,
    Required<Pick<IntakeOptions, 'jobIntervalMs' | 'notifyPollMs' | 'calendarRefreshMs'>>
  >();
  /** Re-reads the working calendar; a failed read is logged and the current calendar stays until the next pass. */
  private readonly calendarRefresh: PeriodicTask;

  static register(runtime: ServiceRuntime, options: IntakeOptions = {}): DynamicModule {
    const clock = options.clock ?? systemClock;
    const store = new IntakeStore(runtime);
    const notices = new NoticesService(runtime.storage);
    // The window's use cases (one per write) on one repository of intake's database.
    const windowRepo = new PrismaWindowRepository(store, notices, new QueryCodes(store, clock));
    const servicePoints = new ServicePointsService(store);
    const applications = new ApplicationsService(store, clock);
    const completion = new CompletionConsumer(store, clock, new DecisionNotices(notices, store.snapshots));
    const closing = new ClosingConsumer(store, clock);
    const returns = new ReturnConsumer(store, notices, clock);
    const uploadGate = new UploadGate(
      { ...uploadLimitsFromEnv(process.env), ...options.uploadLimits },
      options.uploadRateNow,
    );
    const jobs = new IntakeJobs(
      store,
      {
        deemAccepted: new DeemAccepted(windowRepo, notices, clock),
        terminateTolerance: new TerminateTolerance(windowRepo, clock),
      },
      clock,
      runtime.logger,
      {
        storage: runtime.storage,
        ttlMs: uploadGate.limits.unattachedTtlMs,
      },
    );
    const dispatcher = new NotificationDispatcher(
      store,
      options.sender ?? senderFromEnv(process.env, runtime.logger),
      clock,
      runtime.logger,
    );
    IntakeModule.options.set(store, {
      jobIntervalMs: options.jobIntervalMs ?? 10 * 60_000,
      // The in-app inbox reads the table directly; only the outside sender (SMS/e-mail) waits for a poll.
      notifyPollMs: options.notifyPollMs ?? Math.max(4 * (runtime.relayPollMs ?? 500), 2000),
      calendarRefreshMs: options.calendarRefreshMs ?? 60_000,
    });
    const taskDepartments = new TaskDepartments((tx, fn) => store.messaging.afterCommit(tx, fn));
    store.messaging.consumer
      .on(ImplementationPublished, onImplementationPublished)
      .on(ImplementationRetired, onImplementationRetired)
      // On a case's lifecycle: raw SQL on the database's own driver (issue 22), the others through the ORM.
      .onRaw(CaseOpened, taskDepartments.onCaseOpened, { actsOn: taskDepartments.actsOnCaseOpened })
      .onRaw(TaskAssigned, taskDepartments.onTaskAssigned, { actsOn: taskDepartments.actsOnTaskAssigned })
      .onRaw(CaseDecided, completion.onCaseDecided)
      .on(TaskCompleted, returns.onTaskCompleted, { actsOn: actsOnTaskCompleted })
      .on(CaseClosed, closing.onCaseClosed)
      .on(CaseCloseRefused, closing.onCloseRefused)
      .on(CaseSuspended, onCaseSuspended)
      .on(CaseResumed, onCaseResumed)
      .on(CaseExtended, onCaseExtended)
      .on(CalendarReplaced, new CalendarReplacedConsumer(store).onReplaced)
      // One handler per event type: the licence read model (免提交) and completion, in the same transaction.
      .onRaw(LicenceIssued, completion.onLicenceIssued)
      .on(LicenceSuspended, onLicenceStatusView('suspended'))
      .on(LicenceRestored, onLicenceStatusView('valid'))
      .on(LicenceRevoked, onLicenceStatusView('revoked'))
      .on(LicenceCancelled, onLicenceStatusView('cancelled'))
      .on(LicenceExpired, onLicenceStatusView('expired'))
      .on(LicenceInvalidated, onLicenceStatusView('invalidated'));
    return {
      module: IntakeModule,
      imports: [PlatformModule.forService(runtime)],
      controllers: [
        ImplementationsController,
        ApplicationsController,
        MaterialDownloadController,
        FilesController,
        LicencesController,
        PublicController,
        NotificationsController,
        JobsController,
        EnquiriesController,
        PublicEnquiriesController,
        ServicePointsController,
        AppointmentsController,
      ],
      providers: [
        { provide: IntakeStore, useValue: store },
        { provide: INTAKE_CLOCK, useValue: clock },
        { provide: NoticesService, useValue: notices },
        {
          provide: SubmitApplication,
          useValue: new SubmitApplication(new RawSubmissionRepository(store), clock),
        },
        { provide: IDEMPOTENCY_STORE, useValue: new SubmitIdempotencyStore(store, applications) },
        {
          provide: AcceptApplication,
          // On the driver (issue 22): no interactive ORM transaction for the window's most frequent write.
          useValue: new AcceptApplication(
            new RawWindowRepository(store, notices, new QueryCodes(store, clock)),
            notices,
            clock,
          ),
        },
        { provide: RefuseApplication, useValue: new RefuseApplication(windowRepo, notices, clock) },
        { provide: RequestSupplement, useValue: new RequestSupplement(windowRepo, notices, clock) },
        { provide: SupplementApplication, useValue: new SupplementApplication(windowRepo, clock) },
        { provide: WithdrawApplication, useValue: new WithdrawApplication(windowRepo, clock) },
        { provide: HandOutResult, useValue: new HandOutResult(windowRepo, clock) },
        { provide: HandOverApplication, useValue: new HandOverApplication(windowRepo, clock) },
        { provide: ServicePointsService, useValue: servicePoints },
        { provide: SaveServicePoint, useValue: new SaveServicePoint(servicePoints.adminPort()) },
        {
          provide: AppointmentsService,
          useValue: new AppointmentsService(
            store,
            clock,
            options.appointmentDaysAhead ?? daysAheadFromEnv(process.env.APPOINTMENT_DAYS_AHEAD),
          ),
        },
        { provide: ApplicationsService, useValue: applications },
        { provide: LicenceWalletService, useValue: new LicenceWalletService(store, clock) },
        { provide: IntakeJobs, useValue: jobs },
        { provide: UploadGate, useValue: uploadGate },
        {
          provide: AnonymousAttachmentGate,
          useValue: new AnonymousAttachmentGate(
            { ...anonymousAttachmentLimitsFromEnv(process.env), ...options.anonymousAttachmentLimits },
            options.uploadRateNow,
          ),
        },
        { provide: NotificationDispatcher, useValue: dispatcher },
        { provide: ApplicationRepository, useValue: new ApplicationRepository(store) },
        { provide: ImplementationRepository, useValue: new ImplementationRepository(store) },
        { provide: NotificationRepository, useValue: new NotificationRepository(store) },
        { provide: UploadedFileRepository, useValue: new UploadedFileRepository(store) },
        {
          provide: EnquiriesService,
          useValue: new EnquiriesService(
            store,
            new EnquiryRepository(store),
            clock,
            limitDaysFromEnv(process.env.ENQUIRY_LIMIT_DAYS),
            maxExtensionDaysFromEnv(process.env.ENQUIRY_MAX_EXTENSION_DAYS),
          ),
        },
      ],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    // Count with the years an administrator loaded through supervision before serving or consuming anything.
    await this.store.refreshCalendar();
    await this.store.start();
    if (this.runtime.seedDemoData && (await countServicePoints(this.store.prisma)) === 0) {
      // Embedded mode, first start: the demo service network (district halls, township centres, a village station).
      const { DEMO_SERVICE_POINTS } = await import('./service-points/demo-service-points.data.js');
      await addServicePoints(this.store.prisma, DEMO_SERVICE_POINTS);
      this.runtime.logger.log(`intake: ${DEMO_SERVICE_POINTS.length} demo service points`);
    }
    const opts = IntakeModule.options.get(this.store);
    const refreshMs = opts?.calendarRefreshMs ?? 0;
    this.calendarRefresh.start(refreshMs);
    this.jobs.start(opts?.jobIntervalMs ?? 0);
    this.dispatcher.start(opts?.notifyPollMs ?? 1000);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.calendarRefresh.stop();
    await this.jobs.stop();
    await this.dispatcher.stop();
    await this.store.stop();
  }
}
