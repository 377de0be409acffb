import {
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { piiCipherOf, PlatformModule, revealPii, type ServiceRuntime } from '@hall/platform';
import type { Clock } from '@hall/calendar';
import { AlertsController } from './alerts/alerts.controller.js';
import { AlertsService } from './alerts/alerts.service.js';
import { ClockEvaluator } from './cases/clock-evaluator.service.js';
import { AnomaliesController } from './anomalies/anomalies.controller.js';
import { AnomalyRepository } from './anomalies/anomaly.repository.js';
import { CalendarController } from './calendar/calendar.controller.js';
import { OPEN_CLOCKS_REPROJECTOR } from './calendar/open-clocks.js';
import { CalendarService } from './calendar/calendar.service.js';
import { CaseProjector } from './cases/case-projector.service.js';
import { registerCaseConsumers } from './cases/case.consumer.js';
import { CasesController } from './cases/cases.controller.js';
import { CasesService } from './cases/cases.service.js';
import { SUPERVISION_CLOCK, type SupervisionSettings } from './config/supervision.settings.js';
import { MatterProjector } from './matters/matter-projector.service.js';
import { registerMatterConsumers } from './matters/matter.consumer.js';
import { MattersController } from './matters/matters.controller.js';
import { MattersService } from './matters/matters.service.js';
import { RatingsController } from './ratings/ratings.controller.js';
import { RatingRepository } from './ratings/rating.repository.js';
import { RatingsService } from './ratings/ratings.service.js';
import { AppealResult } from './ratings/usecases/appeal-result.js';
import { RateCase } from './ratings/usecases/rate-case.js';
import { RecordCallback } from './ratings/usecases/record-callback.js';
import { RecordResult } from './ratings/usecases/record-result.js';
import { ReviewAppeal } from './ratings/usecases/review-appeal.js';
import { RiskController } from './risk/risk.controller.js';
import { RiskService } from './risk/risk.service.js';
import { StatsController } from './stats/stats.controller.js';
import { StatsService } from './stats/stats.service.js';
import { SupervisionStore } from './supervision.store.js';
import { TimelinesController } from './timelines/timelines.controller.js';

export interface SupervisionModuleOptions {
  clock: Clock;
  settings: SupervisionSettings;
}

@Module({})
export class SupervisionModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(SupervisionStore) private readonly store: SupervisionStore,
    @Inject(ClockEvaluator) private readonly evaluator: ClockEvaluator,
    @Inject(CalendarService) private readonly calendar: CalendarService,
  ) {}

  static register(runtime: ServiceRuntime, options: SupervisionModuleOptions): DynamicModule {
    const { clock, settings } = options;
    const store = new SupervisionStore(runtime, { lingerMs: settings.projectionLingerMs });
    const calendar = new CalendarService(store);
    const alerts = new AlertsService(store, clock);
    const cipher = piiCipherOf(runtime);
    const projector = new CaseProjector(store, calendar, alerts, clock, settings, (value) =>
      revealPii(cipher, value),
    );
    const matters = new MatterProjector(store, calendar, alerts, clock, settings);
    const evaluator = new ClockEvaluator(
      store,
      projector,
      calendar,
      clock,
      settings,
      runtime.logger,
      matters,
    );
    const ratings = new RatingRepository(store);
    registerCaseConsumers(store.messaging.consumer, projector, store.sealEntries);
    registerMatterConsumers(store.messaging.consumer, matters);
    return {
      module: SupervisionModule,
      imports: [PlatformModule.forService(runtime)],
      controllers: [
        TimelinesController,
        CasesController,
        AlertsController,
        AnomaliesController,
        RatingsController,
        StatsController,
        CalendarController,
        RiskController,
        MattersController,
      ],
      providers: [
        { provide: SupervisionStore, useValue: store },
        { provide: CalendarService, useValue: calendar },
        { provide: SUPERVISION_CLOCK, useValue: clock },
        { provide: AlertsService, useValue: alerts },
        { provide: AnomalyRepository, useValue: new AnomalyRepository(store) },
        { provide: CaseProjector, useValue: projector },
        { provide: ClockEvaluator, useValue: evaluator },
        { provide: MatterProjector, useValue: matters },
        { provide: MattersService, useValue: new MattersService(store, calendar, clock, settings) },
        { provide: OPEN_CLOCKS_REPROJECTOR, useValue: evaluator },
        { provide: CasesService, useValue: new CasesService(store, calendar, clock, settings) },
        { provide: StatsService, useValue: new StatsService(store) },
        { provide: RatingsService, useValue: new RatingsService(ratings, clock) },
        { provide: RateCase, useValue: new RateCase(ratings, calendar, clock, settings) },
        { provide: RecordCallback, useValue: new RecordCallback(ratings, clock) },
        { provide: RecordResult, useValue: new RecordResult(ratings, clock) },
        { provide: AppealResult, useValue: new AppealResult(ratings, clock) },
        { provide: ReviewAppeal, useValue: new ReviewAppeal(ratings, calendar, clock, settings) },
        { provide: RiskService, useValue: new RiskService(store, calendar, clock, settings) },
      ],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.calendar.reload();
    await this.store.start();
    this.evaluator.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.evaluator.stop();
    await this.store.stop();
  }
}
