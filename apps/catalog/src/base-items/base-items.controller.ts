import { Body, Controller, Get, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@hall/auth';
import { ApiZodBody, ApiZodQuery, parseQuery } from '@hall/platform';
import { BaseItemInput } from '../exchange/catalog-exchange.schema.js';
import { BaseItemListQuery, BaseItemPatch, BaseItemsService } from './base-items.service.js';

@ApiTags('base items 基本目录')
@Controller('base-items')
export class BaseItemsController {
  constructor(@Inject(BaseItemsService) private readonly service: BaseItemsService) {}

  @Roles('catalog-admin', 'admin')
  @Get()
  @ApiOperation({ summary: 'List base items' })
  @ApiZodQuery(BaseItemListQuery)
  list(@Query() query: unknown) {
    return this.service.list(parseQuery(BaseItemListQuery, query));
  }

  @Roles('catalog-admin')
  @Post()
  @ApiOperation({ summary: 'Create a base item (owns the locked elements: name, code, type, legal basis)' })
  @ApiZodBody(BaseItemInput)
  create(@Body() body: unknown) {
    return this.service.create(body);
  }

  @Roles('catalog-admin', 'admin')
  @Get(':code')
  @ApiOperation({ summary: 'A base item with its sub-items' })
  get(@Param('code') code: string) {
    return this.service.get(code);
  }

  @Roles('catalog-admin')
  @Patch(':code')
  @ApiOperation({ summary: 'Change a base item; every implementation is re-checked (三级四同) and the result emitted' })
  @ApiZodBody(BaseItemPatch)
  update(@Param('code') code: string, @Body() body: unknown) {
    return this.service.update(code, body);
  }

  @Roles('catalog-admin', 'supervisor', 'admin')
  @Get(':code/consistency')
  @ApiOperation({ summary: '三级四同 consistency report: every implementation across levels and each deviation' })
  consistency(@Param('code') code: string) {
    return this.service.consistency(code);
  }
}
