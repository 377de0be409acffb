import {
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  ApplicationAccepted,
  ApplicationCloseRequested,
  ApplicationSupplemented,
  CalendarReplaced,
  ImplementationPublished,
  ImplementationRetired,
} from '@hall/contracts';
import { PeriodicTask, PlatformModule, SERVICE_RUNTIME, type ServiceRuntime } from '@hall/platform';
import { ApprovalContext, type ApprovalOptions } from './approval.context.js';
import { ApprovalStore } from './approval.store.js';
import { CalendarReplacedConsumer } from './calendar/calendar-replaced.consumer.js';
import { CaseClosingConsumer } from './cases/case-closing.consumer.js';
import { CaseOpeningConsumer } from './cases/case-opening.consumer.js';
import { CaseSupplementConsumer } from './cases/case-supplement.consumer.js';
import { CasesController } from './cases/cases.controller.js';
import { CasesService } from './cases/cases.service.js';
import { MaterialsService } from './materials/materials.service.js';
import {
  onImplementationPublished,
  onImplementationRetired,
} from './implementations/implementation-version.consumer.js';
import { JointCasesController } from './procedures/joint-cases.controller.js';
import { JointCasesService } from './procedures/joint-cases.service.js';
import { SpecialProceduresService } from './procedures/special-procedures.service.js';
import { TasksController } from './tasks/tasks.controller.js';
import { TasksService } from './tasks/tasks.service.js';
import { taskActionStore } from './tasks/task-actions.js';
import { ClaimTask } from './tasks/usecases/claim-task.js';
import { CompleteTask } from './tasks/usecases/complete-task.js';
import { ReleaseTask } from './tasks/usecases/release-task.js';

/** The approval service: parallel approvals (并联审批) with working-day deadlines and special procedures. */
@Module({})
export class ApprovalModule implements OnApplicationBootstrap, OnApplicationShutdown {
  /** Re-reads the working calendar; a failed read is logged and the current calendar stays until the next pass. */
  private readonly calendarRefresh: PeriodicTask;

  constructor(
    @Inject(ApprovalStore) private readonly store: ApprovalStore,
    @Inject(ApprovalContext) private readonly ctx: ApprovalContext,
    @Inject(SERVICE_RUNTIME) runtime: ServiceRuntime,
  ) {
    this.calendarRefresh = new PeriodicTask({
      name: 'approval.calendar-refresh',
      logger: runtime.logger,
      run: () => this.ctx.refreshCalendar(),
    });
  }

  static register(runtime: ServiceRuntime, options: ApprovalOptions = {}): DynamicModule {
    const store = new ApprovalStore(runtime);
    const ctx = new ApprovalContext(store, options);
    const tasks = new TasksService(ctx);
    const taskActions = taskActionStore(ctx);
    store.messaging.consumer.on(ImplementationPublished, onImplementationPublished);
    store.messaging.consumer.on(ImplementationRetired, onImplementationRetired);
    store.messaging.consumer.onRaw(ApplicationAccepted, new CaseOpeningConsumer(ctx).onAccepted);
    store.messaging.consumer.on(ApplicationSupplemented, new CaseSupplementConsumer(ctx).onSupplemented);
    store.messaging.consumer.on(ApplicationCloseRequested, new CaseClosingConsumer(ctx).onCloseRequested);
    store.messaging.consumer.on(CalendarReplaced, new CalendarReplacedConsumer(ctx).onReplaced);
    return {
      module: ApprovalModule,
      imports: [PlatformModule.forService(runtime)],
      controllers: [TasksController, CasesController, JointCasesController],
      providers: [
        { provide: ApprovalStore, useValue: store },
        { provide: ApprovalContext, useValue: ctx },
        { provide: TasksService, useValue: tasks },
        { provide: ClaimTask, useValue: new ClaimTask(taskActions) },
        { provide: ReleaseTask, useValue: new ReleaseTask(taskActions) },
        { provide: CompleteTask, useValue: new CompleteTask(taskActions) },
        { provide: CasesService, useValue: new CasesService(ctx) },
        { provide: SpecialProceduresService, useValue: new SpecialProceduresService(ctx) },
        { provide: JointCasesService, useValue: new JointCasesService(ctx) },
        { provide: MaterialsService, useValue: new MaterialsService(ctx, runtime.storage) },
      ],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    // Count with the years an administrator loaded through supervision before serving or consuming anything.
    await this.ctx.refreshCalendar();
    await this.store.start();
    this.calendarRefresh.start(this.ctx.calendarRefreshMs);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.calendarRefresh.stop();
    await this.store.stop();
  }
}
