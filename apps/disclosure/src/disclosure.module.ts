import {
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ManualClock } from '@hall/calendar';
import { AppError, PeriodicTask, PlatformModule, SERVICE_RUNTIME, type ServiceRuntime } from '@hall/platform';
import { CalendarReplaced } from '@hall/contracts';
import { CalendarReplacedConsumer } from './calendar/calendar-replaced.consumer.js';
import { DISCLOSURE_CLOCK } from './disclosure.clock.js';
import { DisclosureStore } from './disclosure.store.js';
import { AttachmentsService } from './items/attachments.service.js';
import { ItemsController } from './items/items.controller.js';
import { countItems } from './items/item.repository.js';
import { ItemsService } from './items/items.service.js';
import { OverdueController } from './items/overdue.controller.js';
import { PublicController } from './public/public.controller.js';
import { PublicService } from './public/public.service.js';
import { ReportsController } from './report/reports.controller.js';
import { ReportsService } from './report/reports.service.js';
import { RequestsController } from './requests/requests.controller.js';
import { RequestsService } from './requests/requests.service.js';

/** How often the deemed-withdrawal sweep (补正 deadline passed, art. 30) runs. */
const CORRECTION_SWEEP_MS = 60_000;
/** How often the calendar years loaded through supervision are re-read (another instance may have stored one). */
const CALENDAR_REFRESH_MS = 60_000;

/**
 * The disclosure service (政务公开): 主动公开 items, 保密审查, publication, history and the public listing; 依申请公开
 * requests with their clocks, notices and answers.
 */
@Module({})
export class DisclosureModule implements OnApplicationBootstrap, OnApplicationShutdown {
  /** Closes requests whose 补正 went unanswered, or whose 收费通知 went unpaid, past its deadline (视为放弃申请). */
  private readonly correctionSweep: PeriodicTask;
  /** Re-reads the working calendar; a failed read is logged and the current calendar stays until the next pass. */
  private readonly calendarRefresh: PeriodicTask;

  constructor(
    @Inject(DisclosureStore) private readonly store: DisclosureStore,
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(ItemsService) private readonly items: ItemsService,
    @Inject(RequestsService) private readonly requests: RequestsService,
  ) {
    this.correctionSweep = new PeriodicTask({
      name: 'disclosure.correction-sweep',
      everyMs: CORRECTION_SWEEP_MS,
      logger: runtime.logger,
      run: async () =>
        (await this.requests.sweepExpiredCorrections()) + (await this.requests.sweepUnpaidFees()),
    });
    this.calendarRefresh = new PeriodicTask({
      name: 'disclosure.calendar-refresh',
      everyMs: CALENDAR_REFRESH_MS,
      logger: runtime.logger,
      run: () => this.store.refreshCalendar(),
    });
  }

  static register(runtime: ServiceRuntime): DynamicModule {
    const store = new DisclosureStore(runtime);
    const clock = new ManualClock(); // real time; tests set it through DISCLOSURE_CLOCK
    const items = new ItemsService(store, clock);
    const attachments = new AttachmentsService(store, runtime, clock);
    const requests = new RequestsService(store, clock, () => {
      if (!runtime.storage)
        throw new AppError('STORAGE_UNAVAILABLE', 'object storage is not configured', 503);
      return runtime.storage;
    });
    // The working calendar administered in supervision, as intake and approval consume it.
    store.messaging.consumer.on(CalendarReplaced, new CalendarReplacedConsumer(store, requests).onReplaced);
    return {
      module: DisclosureModule,
      imports: [PlatformModule.forService(runtime)],
      controllers: [
        ItemsController,
        OverdueController,
        PublicController,
        RequestsController,
        ReportsController,
      ],
      providers: [
        { provide: DisclosureStore, useValue: store },
        { provide: DISCLOSURE_CLOCK, useValue: clock },
        { provide: ItemsService, useValue: items },
        { provide: ReportsService, useValue: new ReportsService(store, clock, items, attachments) },
        { provide: AttachmentsService, useValue: attachments },
        { provide: PublicService, useValue: new PublicService(store) },
        { provide: RequestsService, useValue: requests },
      ],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    // Count with the years an administrator loaded through supervision before serving or consuming anything.
    await this.store.refreshCalendar();
    await this.store.start();
    const backfilled = await this.items.backfillClockEvents();
    if (backfilled > 0)
      this.runtime.logger.log(
        `disclosure: publication clock events staged for ${backfilled} unpublished items`,
      );
    const filled = await this.items.fillSearchText();
    if (filled > 0) this.runtime.logger.log(`disclosure: pinyin search text filled for ${filled} items`);
    const typed = await this.requests.fillOrgTypes();
    if (typed > 0) this.runtime.logger.log(`disclosure: organisation type filled for ${typed} requests`);
    if (this.runtime.seedDemoData && (await countItems(this.store.prisma)) === 0) {
      // Embedded mode, first start: a few published items so the public pages are not empty.
      const { seedDemoItems } = await import('./seed/demo-items.js');
      const n = await seedDemoItems(this.items);
      this.runtime.logger.log(`disclosure: ${n} demo items published`);
      const { seedDemoRequests } = await import('./seed/demo-requests.js');
      const r = await seedDemoRequests(this.store);
      this.runtime.logger.log(`disclosure: ${r} demo requests filed (annual report 2026)`);
    }
    this.correctionSweep.start();
    this.calendarRefresh.start();
    this.runtime.logger.log('disclosure: ready');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.correctionSweep.stop();
    await this.calendarRefresh.stop();
    await this.store.stop();
  }
}
