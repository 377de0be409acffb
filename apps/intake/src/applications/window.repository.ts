import { AppError } from '@hall/platform';
import type { EventContract, ImplementationSnapshot, MaterialInput, PayloadOf } from '@hall/contracts';
import type { ApplicationMaterial, LicenceHolding, Prisma } from '../generated/prisma/client.js';
import type { IntakeRawTx, IntakeStore, IntakeTx } from '../intake.store.js';
import { findHolding, findHoldingRaw } from '../licences/licence-holding.repository.js';
import { findNoticeOfKind } from '../notices/notice.repository.js';
import type { NoticesService, PreparedNotice } from '../notices/notices.service.js';
import { digestQueryCode, newQueryCode, type QueryCodes } from '../public/query-code.js';
import type { ApplicationRow, TransitionSpec } from '../records/application-record.js';
import {
  addMaterials,
  asRawTransition,
  commitRawTransition,
  commitTransition,
  findApplicationWithParts,
  type ApplicationWithParts,
  currentLicenceMaterialsOf,
  currentMaterialsOf,
  lastMaterialRound,
  loadApplication,
  markLicencesChecked,
  markLicencesCheckedRaw,
  recordSupplementNoticeAttempt,
  snapshotOf,
  supersedeMaterials,
} from '../records/application.repository.js';
import { answerReturns, openReturnsOf } from '../returns/return-request.repository.js';
import type { ServicePoint } from '../service-points/service-network.js';
import {
  competentWindowOf,
  findServicePoint,
  findServicePointRaw,
} from '../service-points/service-point.repository.js';
import {
  attachFiles,
  materialRows,
  materialLookupsOf,
  resolveMaterials,
  type ResolveContext,
  type ResolvedMaterial,
} from './materials.js';

type Versioned = Pick<ApplicationRow, 'implementationCode' | 'implementationVersion'>;

/** An application with its current materials and its 查询码 (see `WindowRepository.loadWithMaterials`). */
export interface ApplicationWithMaterials {
  app: ApplicationRow;
  currentMaterials: ApplicationMaterial[];
  queryCode: string | null;
}

/** A return request still open (退回补正 the applicant has not answered). */
export interface OpenReturn {
  id: string;
  taskId: string;
  items: unknown;
}

/** What the window's use cases write, all in one transaction (state, timeline, inbox, notice row, events). */
export interface WindowWrites {
  /**
   * The application with its current materials (in the order stored) and its 查询码 (formatted; null when none was
   * issued yet), in one read (issue 22: acceptance read them one statement each, each its own commit); 404 when unknown.
   */
  loadWithMaterials(no: string): Promise<ApplicationWithMaterials>;
  /** The application as this transaction left it, with what its view shows (no read commit of its own). */
  readBack?(no: string): Promise<ApplicationWithParts>;
  /** `load` in the transaction (unlocked: the transition checks the row version). */
  load(no: string): Promise<ApplicationRow>;
  holding(identifier: string): Promise<LicenceHolding | null>;
  servicePoint(id: string): Promise<ServicePoint | null>;
  /** The application's 查询码, created (in the transaction) when it has none yet. */
  queryCodeFor(no: string): Promise<string>;
  /** Moves the application (optimistic: a row changed meanwhile is a 409), with timeline entry and inbox message. */
  transition(app: ApplicationRow, spec: TransitionSpec): Promise<void>;
  /** Stages an event in the outbox of this transaction. */
  stage<C extends EventContract>(contract: C, payload: PayloadOf<C>): Promise<void>;
  writeNotice(no: string, notice: PreparedNotice): Promise<void>;
  markLicencesChecked(materialRowIds: string[], at: Date): Promise<void>;
  currentMaterials(no: string): Promise<ApplicationMaterial[]>;
  snapshot(app: Versioned): Promise<ImplementationSnapshot>;
  recordSupplementNoticeAttempt(
    attempt: Omit<Prisma.SupplementNoticeAttemptUncheckedCreateInput, 'id'>,
  ): Promise<void>;
  /** Marks these returns answered if still open; how many were. */
  answerReturns(ids: string[], at: Date): Promise<number>;
  /** A new round of these materials replaces the current one; false when a file was attached elsewhere meanwhile. */
  replaceMaterials(no: string, materials: readonly ResolvedMaterial[], round: number): Promise<boolean>;
}

/**
 * What the window's use cases (accept, refuse, supplement notice, supplement, withdraw, deliver, the scheduled rules)
 * read and write. The service's implementation is {@link PrismaWindowRepository}; the use cases' specs use an
 * in-memory one.
 */
export interface WindowRepository {
  load(no: string): Promise<ApplicationRow>;
  snapshot(app: Versioned): Promise<ImplementationSnapshot>;
  currentLicenceMaterials(no: string): Promise<ApplicationMaterial[]>;
  holding(identifier: string): Promise<LicenceHolding | null>;
  /** The one-time supplement notice (一次性告知) of the application, if it has one. */
  supplementNotice(no: string): Promise<{ id: string; content: unknown } | null>;
  openReturns(no: string): Promise<OpenReturn[]>;
  lastMaterialRound(no: string): Promise<number>;
  resolveMaterials(
    snapshot: ImplementationSnapshot,
    inputs: readonly MaterialInput[],
    ctx: ResolveContext,
  ): Promise<ResolvedMaterial[]>;
  queryCodeFor(no: string): Promise<string>;
  /** A point of the service network (服务网点), if it exists. */
  servicePoint(id: string): Promise<ServicePoint | null>;
  /** The comprehensive window of a region (the county's 政务服务中心), where a 代办 point hands over. */
  competentWindow(regionCode: string): Promise<ServicePoint | null>;
  addWorkingDays(from: Date, days: number): Date;
  transaction<T>(fn: (w: WindowWrites) => Promise<T>): Promise<T>;
}

/** The window's reads and writes on intake's database (composes the repositories' functions). */
export class PrismaWindowRepository implements WindowRepository {
  constructor(
    private readonly store: IntakeStore,
    private readonly notices: NoticesService,
    private readonly queryCodes: QueryCodes,
  ) {}

  load(no: string) {
    return loadApplication(this.store.prisma, no);
  }
  snapshot(app: Versioned) {
    return snapshotOf(
      this.store.prisma,
      app.implementationCode,
      app.implementationVersion,
      this.store.snapshots,
    );
  }
  currentLicenceMaterials(no: string) {
    return currentLicenceMaterialsOf(this.store.prisma, no);
  }
  holding(identifier: string) {
    return findHolding(this.store.prisma, identifier);
  }
  supplementNotice(no: string) {
    return findNoticeOfKind(this.store.prisma, no, ['supplement']);
  }
  openReturns(no: string) {
    return openReturnsOf(this.store.prisma, no);
  }
  lastMaterialRound(no: string) {
    return lastMaterialRound(this.store.prisma, no);
  }
  resolveMaterials(snapshot: ImplementationSnapshot, inputs: readonly MaterialInput[], ctx: ResolveContext) {
    return resolveMaterials(materialLookupsOf(this.store.prisma), snapshot, inputs, ctx);
  }
  queryCodeFor(no: string) {
    return this.queryCodes.codeFor(no);
  }
  servicePoint(id: string) {
    return findServicePoint(this.store.prisma, id);
  }
  competentWindow(regionCode: string) {
    return competentWindowOf(this.store.prisma, regionCode);
  }
  addWorkingDays(from: Date, days: number) {
    return this.store.calendar.current().addWorkingDays(from, days);
  }

  transaction<T>(fn: (w: WindowWrites) => Promise<T>): Promise<T> {
    return this.store.messaging.transaction((tx) => fn(this.writes(tx)));
  }

  private writes(tx: IntakeTx): WindowWrites {
    const { store, notices, queryCodes } = this;
    return {
      readBack: async (no) => {
        const parts = await findApplicationWithParts(tx, no, store.cipher);
        if (!parts) throw AppError.notFound('application', no);
        return parts;
      },
      load: (no) => loadApplication(tx, no),
      holding: (identifier) => findHolding(tx, identifier),
      servicePoint: (id) => findServicePoint(tx, id),
      queryCodeFor: (no) => queryCodes.codeFor(no, { db: tx }),
      loadWithMaterials: async (no) => {
        const parts = await findApplicationWithParts(tx, no, store.cipher);
        if (!parts) throw AppError.notFound('application', no);
        return {
          app: parts.app,
          // Ordered as `currentMaterialsOf` orders them (creation time).
          currentMaterials: parts.materials.filter((m) => m.current),
          queryCode: parts.sealedQueryCode === null ? null : queryCodes.formatSealed(parts.sealedQueryCode),
        };
      },
      // One statement (update, timeline, message) when the fields moved allow it (issue 22), else the ORM's three.
      transition: (app, spec) => {
        const raw = asRawTransition(spec);
        return raw ? commitRawTransition(tx, app, raw) : commitTransition(tx, app, spec);
      },
      stage: async (contract, payload) => {
        await store.messaging.stage(tx, contract, payload);
      },
      writeNotice: (no, notice) => notices.write(tx, no, notice),
      markLicencesChecked: (ids, at) => markLicencesChecked(tx, ids, at),
      currentMaterials: (no) => currentMaterialsOf(tx, no),
      snapshot: (app) => snapshotOf(tx, app.implementationCode, app.implementationVersion, store.snapshots),
      recordSupplementNoticeAttempt: (attempt) => recordSupplementNoticeAttempt(tx, attempt),
      answerReturns: (ids, at) => answerReturns(tx, ids, at),
      replaceMaterials: async (no, materials, round) => {
        await supersedeMaterials(
          tx,
          no,
          materials.map((m) => m.materialId),
        );
        await addMaterials(tx, materialRows(no, materials, round));
        return attachFiles(tx, no, materials);
      },
    };
  }
}

/**
 * The window's transaction on the database's own driver (issue 22: an interactive ORM transaction costs several times
 * the CPU per statement, plus its own BEGIN and COMMIT): raw SQL only, PostgreSQL and PGlite alike, with the same
 * outbox (`messaging.rawTransaction`: the state change, its event and the request's audit row commit together). What
 * acceptance writes (the raw transition, the licence recheck, the 查询码 of an application from before them) is here;
 * the writes only other use cases make stay on {@link PrismaWindowRepository} and fail here. Reads outside the
 * transaction are the ORM's as there.
 */
export class RawWindowRepository extends PrismaWindowRepository {
  constructor(
    private readonly rawStore: IntakeStore,
    notices: NoticesService,
    private readonly codes: QueryCodes,
  ) {
    super(rawStore, notices, codes);
  }

  override transaction<T>(fn: (w: WindowWrites) => Promise<T>): Promise<T> {
    return this.rawStore.messaging.rawTransaction((tx) => fn(this.rawWrites(tx)));
  }

  private rawWrites(tx: IntakeRawTx): WindowWrites {
    const { rawStore: store, codes } = this;
    const parts = async (no: string) => {
      const found = await findApplicationWithParts(tx, no, store.cipher);
      if (!found) throw AppError.notFound('application', no);
      return found;
    };
    const notOnTheDriver = (what: string) => () =>
      Promise.reject(new Error(`${what} is not on the driver: use PrismaWindowRepository`));
    return {
      readBack: parts,
      loadWithMaterials: async (no) => {
        const found = await parts(no);
        return {
          app: found.app,
          currentMaterials: found.materials.filter((m) => m.current),
          queryCode: found.sealedQueryCode === null ? null : codes.formatSealed(found.sealedQueryCode),
        };
      },
      load: async (no) => (await parts(no)).app,
      holding: (identifier) => findHoldingRaw(tx, identifier, store.cipher),
      servicePoint: (id) => findServicePointRaw(tx, id),
      queryCodeFor: async (no) => {
        // An application from before 查询码 gets its code here (the first one stored stays).
        const code = newQueryCode();
        const [row] = await tx.$queryRawUnsafe<{ sealedCode: string }[]>(
          `WITH ins AS (
             INSERT INTO "application_query_code" ("application_no", "code_hash", "sealed_code", "created_at")
             VALUES ($1, $2, $3, now()) ON CONFLICT ("application_no") DO NOTHING RETURNING "sealed_code")
           SELECT "sealed_code" AS "sealedCode" FROM ins
           UNION ALL SELECT "sealed_code" FROM "application_query_code" WHERE "application_no" = $1
           LIMIT 1`,
          no,
          digestQueryCode(store.cipher, no, code),
          store.cipher.encrypt(code),
        );
        if (!row) throw AppError.notFound('application', no);
        return codes.formatSealed(row.sealedCode);
      },
      transition: (app, spec) => {
        const raw = asRawTransition(spec);
        if (!raw) return Promise.reject(new Error(`transition ${spec.action} is not on the driver`));
        return commitRawTransition(tx, app, raw);
      },
      stage: async (contract, payload) => {
        await store.messaging.stage(tx, contract, payload);
      },
      markLicencesChecked: (ids, at) => markLicencesCheckedRaw(tx, ids, at),
      snapshot: (app) => snapshotOf(tx, app.implementationCode, app.implementationVersion, store.snapshots),
      currentMaterials: async (no) => (await parts(no)).materials.filter((m) => m.current),
      writeNotice: notOnTheDriver('writeNotice'),
      recordSupplementNoticeAttempt: notOnTheDriver('recordSupplementNoticeAttempt'),
      answerReturns: notOnTheDriver('answerReturns'),
      replaceMaterials: notOnTheDriver('replaceMaterials'),
    };
  }
}
