import { Controller, Get, Inject, Param, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@hall/auth';
import {
  BaseItemDetail,
  BaseItemInput,
  BaseItemList,
  BaseItemListQuery,
  BaseItemPatch,
  ConsistencyReport,
} from '@hall/contracts';
import { ApiZodResponse, ZodBody, ZodQuery } from '@hall/platform';
import { BaseItemsService } from './base-items.service.js';

@ApiTags('base items 基本目录')
@Controller('base-items')
export class BaseItemsController {
  constructor(@Inject(BaseItemsService) private readonly service: BaseItemsService) {}

  @Roles('catalog-admin', 'admin')
  @Get()
  @ApiOperation({ summary: 'List base items' })
  @ApiZodResponse(200, BaseItemList)
  list(@ZodQuery(BaseItemListQuery) query: BaseItemListQuery): Promise<BaseItemList> {
    return this.service.list(query);
  }

  @Roles('catalog-admin')
  @Post()
  @ApiOperation({ summary: 'Create a base item (owns the locked elements: name, code, type, legal basis)' })
  @ApiZodResponse(201, BaseItemDetail)
  create(@ZodBody(BaseItemInput) body: BaseItemInput): Promise<BaseItemDetail> {
    return this.service.create(body);
  }

  @Roles('catalog-admin', 'admin')
  @Get(':code')
  @ApiOperation({ summary: 'A base item with its sub-items' })
  @ApiZodResponse(200, BaseItemDetail)
  get(@Param('code') code: string): Promise<BaseItemDetail> {
    return this.service.get(code);
  }

  @Roles('catalog-admin')
  @Patch(':code')
  @ApiOperation({
    summary: 'Change a base item; every implementation is re-checked (三级四同) and the result emitted',
  })
  @ApiZodResponse(200, BaseItemDetail)
  update(@Param('code') code: string, @ZodBody(BaseItemPatch) body: BaseItemPatch): Promise<BaseItemDetail> {
    return this.service.update(code, body);
  }

  @Roles('catalog-admin', 'supervisor', 'admin')
  @Get(':code/consistency')
  @ApiOperation({
    summary: '三级四同 consistency report: every implementation across levels and each deviation',
  })
  @ApiZodResponse(200, ConsistencyReport)
  consistency(@Param('code') code: string): Promise<ConsistencyReport> {
    return this.service.consistency(code);
  }
}
