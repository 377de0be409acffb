import { Controller, Get, Inject, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public, Roles } from '@hall/auth';
import {
  ServicePointAdmin,
  ServicePointAdminList,
  ServicePointInput,
  ServicePointList,
  ServicePointQuery,
} from '@hall/contracts';
import { ApiZodResponse, ZodBody, ZodParam, ZodQuery } from '@hall/platform';
import { z } from 'zod';
import { ServicePointsService } from './service-points.service.js';
import { SaveServicePoint } from './usecases/save-service-point.js';

const PointId = z.string().regex(/^[a-z0-9-]{3,64}$/, 'a service point id (sp-…)');

/**
 * 服务网点: the public list of halls, stations and 代办点 (办理地点 of a guide), and their administration (服务网点管理:
 * admin and catalog-admin, points of their region; every save is in the audit trail).
 */
@ApiTags('service points 服务网点')
@Controller('service-points')
export class ServicePointsController {
  constructor(
    @Inject(ServicePointsService) private readonly points: ServicePointsService,
    @Inject(SaveServicePoint) private readonly save: SaveServicePoint,
  ) {}

  @Public()
  @Get()
  @ApiOperation({
    summary:
      'Service points (便民服务中心/站, 代办点); with implementationCode only where it can be handled, with region nearest first',
  })
  @ApiZodResponse(200, ServicePointList)
  list(@ZodQuery(ServicePointQuery) q: z.output<typeof ServicePointQuery>): Promise<ServicePointList> {
    return this.points.list(q);
  }

  @Roles('admin', 'catalog-admin')
  @Get('admin')
  @ApiOperation({
    summary:
      "服务网点管理: the points of the administrator's region with item names, number of clerks and 预约 settings",
  })
  @ApiZodResponse(200, ServicePointAdminList)
  adminList(@CurrentUser() user: CurrentUser): Promise<ServicePointAdminList> {
    return this.points.adminList(user);
  }

  @Roles('admin', 'catalog-admin')
  @Post()
  @ApiOperation({
    summary:
      "Create a service point of the administrator's region: place, opening hours, items (受理 or 收件/代办), 预约 settings",
  })
  @ApiZodResponse(201, ServicePointAdmin)
  create(
    @CurrentUser() user: CurrentUser,
    @ZodBody(ServicePointInput) body: z.output<typeof ServicePointInput>,
  ): Promise<ServicePointAdmin> {
    return this.save.execute(user, null, body);
  }

  @Roles('admin', 'catalog-admin')
  @Put(':id')
  @ApiOperation({
    summary:
      "Replace a service point of the administrator's region (clerks kept unless given); another region's is 404",
  })
  @ApiZodResponse(200, ServicePointAdmin)
  replace(
    @CurrentUser() user: CurrentUser,
    @ZodParam('id', PointId) id: string,
    @ZodBody(ServicePointInput) body: z.output<typeof ServicePointInput>,
  ): Promise<ServicePointAdmin> {
    return this.save.execute(user, id, body);
  }
}
