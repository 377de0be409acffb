import { Controller, Get, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentUser, Roles } from '@hall/auth';
import {
  CaseAuditTrail,
  CaseAuditVerification,
  CaseMaterials,
  CaseRef,
  CaseView,
  DecideBody,
  EndProcedureBody,
  RowId,
  SpecialProcedureView,
  StartProcedureBody,
} from '@hall/contracts';
import { ApiZodResponse, AuditRead, ZodBody, ZodParam } from '@hall/platform';
import { contentDisposition } from '@hall/storage';
import type { FastifyReply } from 'fastify';
import { officerOf } from '../access/officer-scope.js';
import { SpecialProceduresService } from '../procedures/special-procedures.service.js';
import { MaterialsService } from '../materials/materials.service.js';
import { CasesService } from './cases.service.js';

const MaterialId = z.string().min(1).max(40).describe('A material of the implementation');
const Sha256 = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'a SHA-256 in lower-case hex')
  .describe("The file's SHA-256 (lower-case hex)");

@ApiTags('cases 并联审批案件')
@Controller('cases')
export class CasesController {
  constructor(
    @Inject(CasesService) private readonly cases: CasesService,
    @Inject(SpecialProceduresService) private readonly procedures: SpecialProceduresService,
    @Inject(MaterialsService) private readonly materials: MaterialsService,
  ) {}

  @Roles('approver', 'supervisor', 'government-head')
  @AuditRead()
  @Get(':id')
  @ApiOperation({
    summary:
      'A case (id or application number) with clocks, every task and opinion, procedures and decision — for its departments, supervisors of its region, and the 本级人民政府负责人 of its region (joint cases)',
  })
  @ApiZodResponse(200, CaseView)
  get(@ZodParam('id', CaseRef) id: string, @CurrentUser() user: CurrentUser): Promise<CaseView> {
    return this.cases.get(id, officerOf(user));
  }

  @Roles('approver', 'supervisor')
  @AuditRead()
  @Get(':id/materials')
  @ApiOperation({
    summary:
      "The application's materials, each file with the path of its download route on this service — same access as the case",
  })
  @ApiZodResponse(200, CaseMaterials)
  listMaterials(
    @ZodParam('id', CaseRef) id: string,
    @CurrentUser() user: CurrentUser,
  ): Promise<CaseMaterials> {
    return this.materials.list(id, officerOf(user));
  }

  @Roles('approver', 'supervisor')
  @AuditRead()
  @Get(':id/materials/:materialId/files/:sha256')
  @ApiProduces('application/octet-stream')
  @ApiOperation({
    summary:
      'Download one material file (申请材料) of the case, named by its SHA-256 — same access as the case; integrity-checked, served as an attachment (never a link to the object store)',
  })
  async downloadMaterial(
    @ZodParam('id', CaseRef) id: string,
    @ZodParam('materialId', MaterialId) materialId: string,
    @ZodParam('sha256', Sha256) sha256: string,
    @CurrentUser() user: CurrentUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const file = await this.materials.download(id, materialId, sha256, officerOf(user));
    void reply
      .header('content-type', file.contentType)
      .header('content-disposition', contentDisposition('attachment', file.name))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store');
    return file.bytes;
  }

  @Roles('approver')
  @Post(':id/decide')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Decide (准予/不予) after the join — deciding department only; emits approval.case.decided once',
  })
  @ApiZodResponse(200, CaseView)
  decide(
    @ZodParam('id', CaseRef) id: string,
    @ZodBody(DecideBody) body: DecideBody,
    @CurrentUser() user: CurrentUser,
  ): Promise<CaseView> {
    return this.cases.decide(id, officerOf(user), body);
  }

  @Roles('approver', 'government-head')
  @Post(':id/special-procedures')
  @HttpCode(201)
  @ApiOperation({
    summary:
      "特别程序: extension (+10 working days by the deciding department's head; a joint case +15 by the 本级人民政府负责人, AL art. 42 ¶2; once), a case-wide pause (deciding department only; every clock stops) or, with scope task + taskId, a pause of the caller's own step (only that task's deadline moves)",
  })
  @ApiZodResponse(201, SpecialProcedureView)
  startProcedure(
    @ZodParam('id', CaseRef) id: string,
    @ZodBody(StartProcedureBody) body: StartProcedureBody,
    @CurrentUser() user: CurrentUser,
  ): Promise<SpecialProcedureView> {
    return this.procedures.start(id, officerOf(user), body);
  }

  @Roles('approver')
  @Post(':id/special-procedures/:pid/end')
  @HttpCode(200)
  @ApiOperation({ summary: 'End a pause with its result; its days leave every deadline' })
  @ApiZodResponse(200, SpecialProcedureView)
  endProcedure(
    @ZodParam('id', CaseRef) id: string,
    @ZodParam('pid', RowId) pid: string,
    @ZodBody(EndProcedureBody) body: EndProcedureBody,
    @CurrentUser() user: CurrentUser,
  ): Promise<SpecialProcedureView> {
    return this.procedures.end(id, pid, officerOf(user), body);
  }

  @Roles('approver', 'supervisor')
  @Get(':id/audit')
  @ApiOperation({ summary: 'The hash-chained audit log of a case' })
  @ApiZodResponse(200, CaseAuditTrail)
  audit(@ZodParam('id', CaseRef) id: string, @CurrentUser() user: CurrentUser): Promise<CaseAuditTrail> {
    return this.cases.auditTrail(id, officerOf(user));
  }

  @Roles('approver', 'supervisor')
  @Get(':id/audit/verify')
  @ApiOperation({ summary: 'Re-hash the audit chain: intact, or the first broken entry' })
  @ApiZodResponse(200, CaseAuditVerification)
  verify(
    @ZodParam('id', CaseRef) id: string,
    @CurrentUser() user: CurrentUser,
  ): Promise<CaseAuditVerification> {
    return this.cases.verifyAudit(id, officerOf(user));
  }
}
