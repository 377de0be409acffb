import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public, Roles } from '@hall/auth';
import { ApiZodBody, parseInput } from '@hall/platform';
import { CreateImplementationBody } from './implementation.dto.js';
import { ImplementationsService } from './implementations.service.js';

@ApiTags('implementations 实施清单')
@Controller('implementations')
export class ImplementationsController {
  constructor(@Inject(ImplementationsService) private readonly service: ImplementationsService) {}

  @Roles('catalog-admin')
  @Post()
  @ApiOperation({ summary: 'Create a draft implementation (实施清单草稿)' })
  @ApiZodBody(CreateImplementationBody)
  create(@Body() body: unknown) {
    return this.service.create(parseInput(CreateImplementationBody, body));
  }

  @Public()
  @Get(':code')
  @ApiOperation({ summary: 'Get an implementation' })
  get(@Param('code') code: string) {
    return this.service.get(code);
  }

  @Roles('catalog-admin')
  @Post(':code/publish')
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish the next immutable version (发布)' })
  publish(@Param('code') code: string, @CurrentUser() user: CurrentUser) {
    return this.service.publish(code, user.username);
  }
}
