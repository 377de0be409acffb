import {
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { PlatformModule, SERVICE_RUNTIME, type ServiceRuntime } from '@hall/platform';
import { ManualClock } from '@hall/calendar';
import { registerIssuanceConsumers } from './issuance/issuance.consumer.js';
import { IssuanceService } from './issuance/issuance.service.js';
import { KeysController } from './keys/keys.controller.js';
import { LICENCE_CLOCK } from './licence.clock.js';
import { licenceConfigFromEnv, type LicenceConfig } from './licence.config.js';
import { LicenceStore } from './licence.store.js';
import { LicenceTypesController } from './licence-types/licence-types.controller.js';
import { LicenceTypesService } from './licence-types/licence-types.service.js';
import { LicencesController } from './licences/licences.controller.js';
import { LicencesService } from './licences/licences.service.js';
import { LicenceChangeService } from './lifecycle/change.service.js';
import { ExpiryJob } from './lifecycle/expiry.job.js';
import { LifecycleService } from './lifecycle/lifecycle.service.js';
import { RenderWorker } from './render/render.worker.js';
import { LicencePdfRenderer } from './render/licence-pdf-pool.js';
import { SharesController } from './shares/shares.controller.js';
import { SharesService } from './shares/shares.service.js';
import { SigningKeysService } from './signing/signing-keys.service.js';
import { VerificationService } from './verify/verification.service.js';
import { VerifyController } from './verify/verify.controller.js';

export const LICENCE_CONFIG = Symbol('LICENCE_CONFIG');

/** The licence service (电子证照): issue, sign, render, verify, lifecycle, wallet and sharing. */
@Module({})
export class LicenceModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(LicenceStore) private readonly store: LicenceStore,
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(LICENCE_CONFIG) private readonly config: LicenceConfig,
    @Inject(RenderWorker) private readonly renderer: RenderWorker,
    @Inject(LicencePdfRenderer) private readonly pdfs: LicencePdfRenderer,
    @Inject(ExpiryJob) private readonly expiry: ExpiryJob,
  ) {}

  static register(runtime: ServiceRuntime, config: LicenceConfig = licenceConfigFromEnv()): DynamicModule {
    const store = new LicenceStore(runtime);
    const clock = new ManualClock(); // real time; tests set it through LICENCE_CLOCK
    const keys = new SigningKeysService(store, config.kek, (m) => {
      runtime.logger.warn(m);
    });
    const types = new LicenceTypesService(store);
    const issuance = new IssuanceService(store, keys, clock);
    const pdfs = new LicencePdfRenderer(config.renderThreads);
    const renderer = new RenderWorker(
      store,
      runtime.storage,
      config.verifyUrl,
      runtime.logger,
      keys,
      clock,
      pdfs,
    );
    const licences = new LicencesService(store, runtime.storage, clock, config.verifyUrl);
    const lifecycle = new LifecycleService(
      store,
      clock,
      (tx, row) => issuance.resign(tx, row),
      () => renderer.nudge(),
    );
    registerIssuanceConsumers(store, issuance, types, () => renderer.nudge());
    return {
      module: LicenceModule,
      imports: [PlatformModule.forService(runtime)],
      controllers: [
        KeysController,
        LicenceTypesController,
        LicencesController,
        SharesController,
        VerifyController,
      ],
      providers: [
        { provide: LicenceStore, useValue: store },
        { provide: LICENCE_CONFIG, useValue: config },
        { provide: LICENCE_CLOCK, useValue: clock },
        { provide: SigningKeysService, useValue: keys },
        { provide: LicenceTypesService, useValue: types },
        { provide: IssuanceService, useValue: issuance },
        { provide: RenderWorker, useValue: renderer },
        { provide: LicencePdfRenderer, useValue: pdfs },
        { provide: LicencesService, useValue: licences },
        { provide: LifecycleService, useValue: lifecycle },
        {
          provide: LicenceChangeService,
          useValue: new LicenceChangeService(store, issuance, clock, () => renderer.nudge()),
        },
        { provide: ExpiryJob, useValue: new ExpiryJob(lifecycle, runtime.logger) },
        { provide: VerificationService, useValue: new VerificationService(store, keys, clock) },
        {
          provide: SharesService,
          useValue: new SharesService(store, licences, clock, config.verifyUrl, keys, pdfs),
        },
      ],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.store.start();
    this.renderer.start(Math.max(this.runtime.relayPollMs ?? 1000, 200));
    this.expiry.start(this.config.expiryIntervalMs);
    this.runtime.logger.log(`licence: key encryption key from ${this.config.kekSource}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.expiry.stop();
    await this.renderer.stop();
    await this.pdfs.close();
    await this.store.stop();
  }
}
