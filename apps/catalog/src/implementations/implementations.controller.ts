import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public, Roles } from '@hall/auth';
import { ApiZodBody, ApiZodQuery, parseInput, parseQuery } from '@hall/platform';
import { z } from 'zod';
import { ImplementationInput, ImplementationPatch } from '../exchange/catalog-exchange.schema.js';
import { SearchQuery, SearchService } from '../search/search.service.js';
import { ImplementationsService } from './implementations.service.js';

const VersionQuery = z.object({ version: z.coerce.number().int().positive().optional() });
const RetireBody = z.object({ reason: z.string().trim().max(1000).default('') }).strict();

@ApiTags('implementations 实施清单')
@Controller('implementations')
export class ImplementationsController {
  constructor(
    @Inject(ImplementationsService) private readonly service: ImplementationsService,
    @Inject(SearchService) private readonly search: SearchService,
  ) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Search published implementations (keyword incl. pinyin, filters, paginated)' })
  @ApiZodQuery(SearchQuery)
  list(@Query() query: unknown) {
    return this.search.search(parseQuery(SearchQuery, query));
  }

  @Roles('catalog-admin')
  @Post()
  @ApiOperation({ summary: 'Create a draft implementation; locked elements come from the base item (三级四同)' })
  @ApiZodBody(ImplementationInput)
  create(@Body() body: unknown) {
    return this.service.create(body);
  }

  @Public()
  @Get(':code')
  @ApiOperation({ summary: 'The latest published version (or ?version=)' })
  @ApiZodQuery(VersionQuery)
  get(@Param('code') code: string, @Query() query: unknown) {
    return this.service.getPublished(code, parseQuery(VersionQuery, query).version);
  }

  @Public()
  @Get(':code/versions')
  @ApiOperation({ summary: 'Published versions of an implementation' })
  versions(@Param('code') code: string) {
    return this.service.listVersions(code);
  }

  @Roles('catalog-admin')
  @Get(':code/draft')
  @ApiOperation({ summary: 'The working draft and status (admin)' })
  draft(@Param('code') code: string) {
    return this.service.getAdmin(code);
  }

  @Roles('catalog-admin')
  @Patch(':code')
  @ApiOperation({ summary: 'Change localisable elements of the draft; locked elements → 422' })
  @ApiZodBody(ImplementationPatch)
  update(@Param('code') code: string, @Body() body: unknown) {
    return this.service.update(code, body);
  }

  @Roles('catalog-admin')
  @Post(':code/publish')
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish the draft as the next immutable version (unchanged draft: no new version)' })
  publish(@Param('code') code: string, @CurrentUser() user: CurrentUser) {
    return this.service.publish(code, user.username);
  }

  @Roles('catalog-admin')
  @Post(':code/retire')
  @HttpCode(200)
  @ApiOperation({ summary: 'Retire (废止): out of search, no new applications' })
  @ApiZodBody(RetireBody)
  retire(@Param('code') code: string, @Body() body: unknown) {
    return this.service.retire(code, parseInput(RetireBody, body ?? {}).reason);
  }
}
