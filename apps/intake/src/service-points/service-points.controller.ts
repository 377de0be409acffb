import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@hall/auth';
import { ServicePointList, ServicePointQuery } from '@hall/contracts';
import { ApiZodResponse, ZodQuery } from '@hall/platform';
import type { z } from 'zod';
import { ServicePointsService } from './service-points.service.js';

/** 服务网点: the public list of halls, stations and 代办点 (办理地点 of a guide). */
@ApiTags('service points 服务网点')
@Controller('service-points')
export class ServicePointsController {
  constructor(@Inject(ServicePointsService) private readonly points: ServicePointsService) {}

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
}
