import { Body, Controller, Get, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@hall/auth';
import { ApiZodBody, AuditRead, parseInput } from '@hall/platform';
import { contentDisposition } from '@hall/storage';
import type { FastifyReply } from 'fastify';
import { officerOf } from '../access/officer-scope.js';
import { EndProcedureBody, StartProcedureBody } from '../procedures/special-procedures.dto.js';
import { SpecialProceduresService } from '../procedures/special-procedures.service.js';
import { MaterialsService } from '../materials/materials.service.js';
import { DecideBody } from './cases.dto.js';
import { CasesService } from './cases.service.js';

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
  get(@Param('id') id: string, @CurrentUser() user: CurrentUser) {
    return this.cases.get(id, officerOf(user));
  }

  @Roles('approver', 'supervisor')
  @AuditRead()
  @Get(':id/materials')
  @ApiOperation({ summary: "The application's materials, each file with the path of its download route on this service — same access as the case" })
  listMaterials(@Param('id') id: string, @CurrentUser() user: CurrentUser) {
    return this.materials.list(id, officerOf(user));
  }

  @Roles('approver', 'supervisor')
  @AuditRead()
  @Get(':id/materials/:materialId/files/:sha256')
  @ApiOperation({
    summary:
      'Download one material file (申请材料) of the case, named by its SHA-256 — same access as the case; integrity-checked, served as an attachment (never a link to the object store)',
  })
  async downloadMaterial(
    @Param('id') id: string,
    @Param('materialId') materialId: string,
    @Param('sha256') sha256: string,
    @CurrentUser() user: CurrentUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
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
  @ApiOperation({ summary: 'Decide (准予/不予) after the join — deciding department only; emits approval.case.decided once' })
  @ApiZodBody(DecideBody)
  decide(@Param('id') id: string, @Body() body: unknown, @CurrentUser() user: CurrentUser) {
    return this.cases.decide(id, officerOf(user), parseInput(DecideBody, body ?? {}));
  }

  @Roles('approver', 'government-head')
  @Post(':id/special-procedures')
  @HttpCode(201)
  @ApiOperation({
    summary:
      '特别程序: extension (+10 working days by the deciding department\'s head; a joint case +15 by the 本级人民政府负责人, AL art. 42 ¶2; once), a case-wide pause (deciding department only; every clock stops) or, with scope task + taskId, a pause of the caller\'s own step (only that task\'s deadline moves)',
  })
  @ApiZodBody(StartProcedureBody)
  startProcedure(@Param('id') id: string, @Body() body: unknown, @CurrentUser() user: CurrentUser) {
    return this.procedures.start(id, officerOf(user), parseInput(StartProcedureBody, body ?? {}));
  }

  @Roles('approver')
  @Post(':id/special-procedures/:pid/end')
  @HttpCode(200)
  @ApiOperation({ summary: 'End a pause with its result; its days leave every deadline' })
  @ApiZodBody(EndProcedureBody)
  endProcedure(@Param('id') id: string, @Param('pid') pid: string, @Body() body: unknown, @CurrentUser() user: CurrentUser) {
    return this.procedures.end(id, pid, officerOf(user), parseInput(EndProcedureBody, body ?? {}));
  }

  @Roles('approver', 'supervisor')
  @Get(':id/audit')
  @ApiOperation({ summary: 'The hash-chained audit log of a case' })
  audit(@Param('id') id: string, @CurrentUser() user: CurrentUser) {
    return this.cases.auditTrail(id, officerOf(user));
  }

  @Roles('approver', 'supervisor')
  @Get(':id/audit/verify')
  @ApiOperation({ summary: 'Re-hash the audit chain: intact, or the first broken entry' })
  verify(@Param('id') id: string, @CurrentUser() user: CurrentUser) {
    return this.cases.verifyAudit(id, officerOf(user));
  }
}
