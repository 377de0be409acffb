import { Controller, Get, HttpCode, Inject, Param, Patch, Post, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public, Roles } from '@hall/auth';
import {
  ImplementationAdmin,
  ImplementationInput,
  ImplementationPatch,
  ImplementationPublic,
  ImplementationRetiredResult,
  ImplementationVersions,
  PublishResult,
  RetireBody,
  SearchQuery,
  SearchResult,
  VersionQuery,
} from '@hall/contracts';
import { ApiZodResponse, ZodBody, ZodQuery } from '@hall/platform';
import { SearchService } from '../search/search.service.js';
import { ImplementationsService } from './implementations.service.js';
import { RejectLockedElements } from './locked-elements.interceptor.js';

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
  @ApiZodResponse(200, SearchResult)
  list(@ZodQuery(SearchQuery) query: SearchQuery): Promise<SearchResult> {
    return this.search.search(query);
  }

  @Roles('catalog-admin')
  @Post()
  @UseInterceptors(new RejectLockedElements())
  @ApiOperation({
    summary: 'Create a draft implementation; locked elements come from the base item (三级四同)',
  })
  @ApiZodResponse(201, ImplementationAdmin)
  create(@ZodBody(ImplementationInput) body: ImplementationInput): Promise<ImplementationAdmin> {
    return this.service.create(body);
  }

  @Public()
  @Get(':code')
  @ApiOperation({ summary: 'The latest published version (or ?version=)' })
  @ApiZodResponse(200, ImplementationPublic)
  get(
    @Param('code') code: string,
    @ZodQuery(VersionQuery) query: VersionQuery,
  ): Promise<ImplementationPublic> {
    return this.service.getPublished(code, query.version);
  }

  @Public()
  @Get(':code/versions')
  @ApiOperation({ summary: 'Published versions of an implementation' })
  @ApiZodResponse(200, ImplementationVersions)
  versions(@Param('code') code: string): Promise<ImplementationVersions> {
    return this.service.listVersions(code);
  }

  @Roles('catalog-admin')
  @Get(':code/draft')
  @ApiOperation({ summary: 'The working draft and status (admin)' })
  @ApiZodResponse(200, ImplementationAdmin)
  draft(@Param('code') code: string): Promise<ImplementationAdmin> {
    return this.service.getAdmin(code);
  }

  @Roles('catalog-admin')
  @Patch(':code')
  @UseInterceptors(new RejectLockedElements())
  @ApiOperation({ summary: 'Change localisable elements of the draft; locked elements → 422' })
  @ApiZodResponse(200, ImplementationAdmin)
  update(
    @Param('code') code: string,
    @ZodBody(ImplementationPatch) body: ImplementationPatch,
  ): Promise<ImplementationAdmin> {
    return this.service.update(code, body);
  }

  @Roles('catalog-admin')
  @Post(':code/publish')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Publish the draft as the next immutable version (unchanged draft: no new version)',
  })
  @ApiZodResponse(200, PublishResult)
  publish(@Param('code') code: string, @CurrentUser() user: CurrentUser): Promise<PublishResult> {
    return this.service.publish(code, user.username);
  }

  @Roles('catalog-admin')
  @Post(':code/retire')
  @HttpCode(200)
  @ApiOperation({ summary: 'Retire (废止): out of search, no new applications' })
  @ApiZodResponse(200, ImplementationRetiredResult)
  retire(
    @Param('code') code: string,
    @ZodBody(RetireBody) body: RetireBody,
  ): Promise<ImplementationRetiredResult> {
    return this.service.retire(code, body.reason);
  }
}
