import type { EventContract, ImplementationSnapshot, MaterialInput, PayloadOf } from '@hall/contracts';
import type { IdempotentCall } from '@hall/platform';
import type { Prisma } from '../generated/prisma/client.js';
import { currentImplementation } from '../implementations/current-implementation.js';
import type { IntakeStore, IntakeTx } from '../intake.store.js';
import type { ApplicationRow, NotificationDraft } from '../records/application-record.js';
import {
  addMaterials,
  addStatusHistory,
  createApplication,
  nextApplicationSerial,
  notify,
} from '../records/application.repository.js';
import type { ServicePoint } from '../service-points/service-network.js';
import { servicePointOfClerk } from '../service-points/service-point.repository.js';
import { saveIdempotencyKey } from './idempotency-key.repository.js';
import {
  attachFiles,
  materialRows,
  resolveMaterials,
  type ResolveContext,
  type ResolvedMaterial,
} from './materials.js';

/**
 * What a submission reads and writes, in one transaction: the current implementation, the materials' uploads and
 * licences, the clerk's service point; then number, key, application, materials, timeline, inbox, event.
 */
export interface SubmissionWrites {
  currentImplementation(code: string): Promise<{ version: number; snapshot: ImplementationSnapshot }>;
  resolveMaterials(
    snapshot: ImplementationSnapshot,
    inputs: readonly MaterialInput[],
    ctx: ResolveContext,
  ): Promise<ResolvedMaterial[]>;
  /** The service point (服务网点) a clerk works at, if any. */
  servicePointOfClerk(userId: string): Promise<ServicePoint | null>;
  nextSerial(regionCode: string, day: string): Promise<number>;
  /** The client's Idempotency-Key with the application it made (a concurrent second use fails here). */
  saveIdempotencyKey(call: IdempotentCall, applicationNo: string): Promise<void>;
  createApplication(data: Prisma.ApplicationUncheckedCreateInput): Promise<ApplicationRow>;
  /** Stores the materials (round 0) and attaches their files; false when a file was taken meanwhile. */
  addMaterials(no: string, materials: readonly ResolvedMaterial[]): Promise<boolean>;
  addStatusHistory(entry: Omit<Prisma.StatusHistoryUncheckedCreateInput, 'id'>): Promise<void>;
  notify(app: ApplicationRow, n: NotificationDraft, at: Date): Promise<void>;
  stage<C extends EventContract>(contract: C, payload: PayloadOf<C>): Promise<void>;
}

/** What submitting (申报) reads and writes; the service's one is {@link PrismaSubmissionRepository}. */
export interface SubmissionRepository {
  addWorkingDays(from: Date, days: number): Date;
  transaction<T>(fn: (w: SubmissionWrites) => Promise<T>): Promise<T>;
}

export class PrismaSubmissionRepository implements SubmissionRepository {
  constructor(private readonly store: IntakeStore) {}

  addWorkingDays(from: Date, days: number) {
    return this.store.calendar.current().addWorkingDays(from, days);
  }
  transaction<T>(fn: (w: SubmissionWrites) => Promise<T>): Promise<T> {
    return this.store.messaging.transaction((tx) => fn(this.writes(tx)));
  }

  private writes(tx: IntakeTx): SubmissionWrites {
    const { store } = this;
    return {
      currentImplementation: (code) => currentImplementation(tx, code, store.prisma),
      resolveMaterials: (snapshot, inputs, ctx) => resolveMaterials(tx, snapshot, inputs, ctx),
      servicePointOfClerk: (userId) => servicePointOfClerk(tx, userId),
      nextSerial: (regionCode, day) => nextApplicationSerial(tx, regionCode, day),
      saveIdempotencyKey: (call, applicationNo) =>
        saveIdempotencyKey(tx, {
          userId: call.userId,
          key: call.key,
          requestHash: call.requestHash,
          applicationNo,
        }),
      createApplication: (data) => createApplication(tx, data),
      addMaterials: async (no, materials) => {
        await addMaterials(tx, materialRows(no, materials, 0));
        return attachFiles(tx, no, materials);
      },
      addStatusHistory: (entry) => addStatusHistory(tx, entry),
      notify: (app, n, at) => notify(tx, app, n, at),
      stage: async (contract, payload) => {
        await store.messaging.stage(tx, contract, payload);
      },
    };
  }
}
