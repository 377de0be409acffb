import type { CurrentUser } from '@hall/auth';
import type { Clock } from '@hall/calendar';
import { ApplicationSubmitted, type PartyIdentity, type SubmitApplicationBody } from '@hall/contracts';
import { AppError, auditObjectCreated, type IdempotentCall } from '@hall/platform';
import type { Prisma } from '../../generated/prisma/client.js';
import { IntakeErrorCode, unprocessable } from '../../intake.errors.js';
import { applicantFromBody, applicantFromToken } from '../../records/applicant-identity.js';
import { statusMessage } from '../../records/application-record.js';
import type { ApplicationWithParts } from '../../records/application.repository.js';
import { ApplicationStatus, SUPPLEMENT_NOTICE_WORKING_DAYS } from '../../records/application-status.js';
import { countyOf, regionCovers } from '@hall/auth';
import type { ImplementationSnapshot, ServicePointMode } from '@hall/contracts';
import { modeAt, type ServicePoint } from '../../service-points/service-network.js';
import { actorOf, isClerk, isPointClerk } from '../application-access.js';
import { checkFormData } from '../application-form.js';
import { applicationDay, formatApplicationNo } from '../application-number.js';
import { missingRequired, servesApplicant } from '../materials.js';
import type { SubmissionRepository, SubmissionWrites } from '../submission.repository.js';

/**
 * 申报: an applicant submits for themselves, a clerk for a walk-in applicant (代办, only in the implementation's region).
 * The implementation must serve the applicant's kind, the form must be valid and every main material there (minor ones
 * may be missing: 容缺 or the one-time supplement notice decide). One transaction: number, the Idempotency-Key (when
 * given), application, materials and their files, timeline, inbox message and `intake.application.submitted`.
 * Returns the application's number.
 */
export class SubmitApplication {
  constructor(
    private readonly repo: SubmissionRepository,
    private readonly clock: Clock,
  ) {}

  async execute(
    user: CurrentUser,
    body: SubmitApplicationBody,
    idempotency?: IdempotentCall,
  ): Promise<string> {
    return (await this.submit(user, body, idempotency)).no;
  }

  /**
   * `execute`, with the application read back in the same transaction when the repository can (the submitter's view:
   * no read of its own after the commit, issue 22).
   */
  async submit(
    user: CurrentUser,
    body: SubmitApplicationBody,
    idempotency?: IdempotentCall,
  ): Promise<{ no: string; parts?: ApplicationWithParts }> {
    const clerk = isClerk(user);
    let applicant: PartyIdentity;
    if (clerk) {
      if (!body.applicant)
        throw AppError.validation(
          'applicant',
          'a clerk submits for a walk-in applicant (代办): give the applicant',
        );
      applicant = applicantFromBody(body.applicant);
    } else {
      if (body.applicant)
        throw AppError.validation('applicant', 'only a clerk submits on behalf of someone else (代办)');
      applicant = applicantFromToken(user, body.contact);
    }
    // The reads and the writes in one transaction (issue 22: no commit of their own for the reads).
    return this.repo.transaction(async (w) => {
      // The uploads the materials name are read with the implementation (one statement).
      const fileIds = body.materials.flatMap((m) => ('fileIds' in m ? m.fileIds : []));
      const { version, snapshot } = await w.currentImplementation(body.implementationCode, {
        uploaderId: user.id,
        fileIds: [...new Set(fileIds)],
      });
      const takenIn = clerk ? await this.takenInAt(user, snapshot, w) : undefined;
      if (!servesApplicant(snapshot, applicant)) {
        throw unprocessable(
          IntakeErrorCode.AudienceNotServed,
          'implementationCode',
          `${snapshot.baseItem.name} does not serve ${applicant.kind === 'person' ? '自然人' : '法人'}`,
        );
      }
      const formData = checkFormData(snapshot, body.formData, { applicant, byClerk: clerk });
      const now = this.clock.now();
      const materials = await w.resolveMaterials(snapshot, body.materials, {
        uploaderId: user.id,
        holderIdNumber: applicant.idNumber,
        now,
      });
      const missing = missingRequired(
        snapshot.materials,
        materials.map((m) => m.materialId),
      );
      if (missing.main.length > 0) {
        throw unprocessable(
          IntakeErrorCode.MaterialsIncomplete,
          'materials',
          `main materials missing: ${missing.main.map((m) => m.name).join('、')}`,
          { missing: missing.main.map((m) => ({ materialId: m.id, name: m.name })) },
        );
      }
      const actor = actorOf(user, clerk ? 'clerk' : 'applicant');
      const delivery = body.delivery;
      const day = applicationDay(now);
      // The number carries the county (6 digits), also for a 乡镇级 implementation: one series per county and day.
      const county = countyOf(snapshot.regionCode);
      const no = formatApplicationNo(county, day, await w.nextSerial(county, day));
      auditObjectCreated(no); // the audit row commits with the application (libs/platform audit)
      const itemName = snapshot.baseItem.name;
      const stored = await w.createApplication(
        {
          no,
          status: ApplicationStatus.Submitted,
          implementationCode: snapshot.implementationCode,
          implementationVersion: version,
          itemName: snapshot.baseItem.name,
          regionCode: snapshot.regionCode,
          departmentCode: snapshot.implementingBody.departmentCode,
          implementingBody: snapshot.implementingBody.name,
          promisedLimitDays: snapshot.promisedLimitDays,
          legalLimitDays: snapshot.legalLimitDays,
          applicantKind: applicant.kind,
          applicantUserId: applicant.userId ?? null,
          applicantName: applicant.name,
          applicantIdType: applicant.idType,
          applicantIdNumber: applicant.idNumber,
          applicantPhone: applicant.phone ?? null,
          applicantEmail: body.applicant?.email ?? body.contact?.email ?? null,
          agent: clerk ? actor : undefined,
          submittedBy: actor,
          formData: formData as Prisma.InputJsonObject,
          missingMaterialIds: missing.minor.map((m) => m.id),
          deliveryMethod: delivery.method,
          deliveryAddress: delivery.method === 'post' ? delivery.address : undefined,
          ...(takenIn?.point
            ? {
                servicePointId: takenIn.point.id,
                ...(takenIn.below
                  ? { takenInRegion: takenIn.point.regionCode, handoverPending: takenIn.mode === 'receive' }
                  : {}),
              }
            : {}),
          receivedAt: now,
          supplementDueBy: this.repo.addWorkingDays(now, SUPPLEMENT_NOTICE_WORKING_DAYS),
        },
        {
          materials,
          history: { action: clerk ? 'submit-for' : 'submit', actor, toStatus: ApplicationStatus.Submitted },
          notification: statusMessage({ no, itemName }, ApplicationStatus.Submitted),
          at: now,
        },
        idempotency,
      );
      if (!stored) {
        throw unprocessable(
          IntakeErrorCode.FileUnknown,
          'materials',
          'a file was attached to another application meanwhile',
        );
      }
      await w.stage(ApplicationSubmitted, {
        applicationNo: no,
        implementationCode: snapshot.implementationCode,
        implementationVersion: version,
        regionCode: snapshot.regionCode,
        occurredAt: now.toISOString(),
        actor,
        applicant,
        ...(clerk ? { agent: actor } : {}),
        ...(takenIn?.point && takenIn.below
          ? {
              takenIn: {
                id: takenIn.point.id,
                name: takenIn.point.name,
                regionCode: takenIn.point.regionCode,
              },
            }
          : {}),
        itemName: snapshot.baseItem.name,
        departmentCode: snapshot.implementingBody.departmentCode,
        receivedAt: now.toISOString(),
        promisedLimitDays: snapshot.promisedLimitDays,
        legalLimitDays: snapshot.legalLimitDays,
      });
      return w.readBack ? { no, parts: await w.readBack(no) } : { no };
    });
  }

  /**
   * Where a clerk takes the application in. The competent window: a clerk of the implementation's region (its point,
   * if the network lists one). Below the county (受理下移, 代办): the clerk's township or village point, which must
   * accept or 代办 the item for the implementation's region; a 收件-only point holds it until the handover.
   */
  private async takenInAt(
    user: CurrentUser,
    snapshot: ImplementationSnapshot,
    w: Pick<SubmissionWrites, 'servicePointOfClerk'>,
  ): Promise<{ point: ServicePoint | null; below: boolean; mode: ServicePointMode }> {
    if (!isPointClerk(user)) {
      if (user.region !== snapshot.regionCode)
        throw new AppError(
          IntakeErrorCode.OutsideRegion,
          `implementation ${snapshot.implementationCode} is handled in region ${snapshot.regionCode}, not yours`,
          403,
        );
      return { point: await w.servicePointOfClerk(user.id), below: false, mode: 'accept' };
    }
    const point = await w.servicePointOfClerk(user.id);
    if (!point || !user.region || !regionCovers(user.region, point.regionCode))
      throw new AppError(
        IntakeErrorCode.NoServicePoint,
        'your account works at no service point (服务网点) of your region',
        403,
      );
    const mode = modeAt(point, { regionCode: snapshot.regionCode, baseCode: snapshot.baseItem.code });
    if (!mode)
      throw new AppError(
        IntakeErrorCode.NotHandledAtPoint,
        `${point.name} neither accepts nor 代办s ${snapshot.baseItem.name} (${snapshot.implementationCode})`,
        403,
        { servicePointId: point.id, implementationCode: snapshot.implementationCode },
      );
    return { point, below: true, mode };
  }
}
