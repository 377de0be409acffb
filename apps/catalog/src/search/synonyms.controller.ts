import { Controller, Delete, Get, HttpCode, Inject, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public, Roles } from '@hall/auth';
import { HotSearches, SynonymInput, SynonymList, SynonymPatch, SynonymView } from '@hall/contracts';
import { ApiZodResponse, ZodBody, ZodParam } from '@hall/platform';
import { z } from 'zod';
import { HOT_SEARCHES } from './hot-searches.js';
import { SynonymsRepository } from './synonyms.repository.js';
import { AddSynonym } from './usecases/add-synonym.js';
import { ChangeSynonym } from './usecases/change-synonym.js';
import { RemoveSynonym } from './usecases/remove-synonym.js';
import { synonymView } from './usecases/synonym-steps.js';

const Alias = z.string().trim().min(1).max(50).describe('别名');

@ApiTags('search 搜索')
@Controller()
export class SynonymsController {
  constructor(
    @Inject(SynonymsRepository) private readonly synonyms: SynonymsRepository,
    @Inject(AddSynonym) private readonly addSynonym: AddSynonym,
    @Inject(ChangeSynonym) private readonly changeSynonym: ChangeSynonym,
    @Inject(RemoveSynonym) private readonly removeSynonym: RemoveSynonym,
  ) {}

  @Public()
  @Get('hot-searches')
  @ApiOperation({ summary: '热门搜索: the keywords the home page offers' })
  @ApiZodResponse(200, HotSearches)
  hot(): HotSearches {
    return [...HOT_SEARCHES];
  }

  @Roles('catalog-admin', 'admin')
  @Get('search-synonyms')
  @ApiOperation({ summary: 'Search synonyms (同义词/别名), by alias' })
  @ApiZodResponse(200, SynonymList)
  async list(): Promise<SynonymList> {
    return (await this.synonyms.all()).map(synonymView);
  }

  @Roles('catalog-admin')
  @Post('search-synonyms')
  @ApiOperation({ summary: 'Add a search synonym (409 SYNONYM_EXISTS when the alias has one)' })
  @ApiZodResponse(201, SynonymView)
  add(@ZodBody(SynonymInput) body: SynonymInput, @CurrentUser() user: CurrentUser): Promise<SynonymView> {
    return this.addSynonym.execute(user.username, body);
  }

  @Roles('catalog-admin')
  @Put('search-synonyms/:alias')
  @ApiOperation({ summary: "Replace a search synonym's expansions" })
  @ApiZodResponse(200, SynonymView)
  change(
    @ZodParam('alias', Alias) alias: string,
    @ZodBody(SynonymPatch) body: SynonymPatch,
    @CurrentUser() user: CurrentUser,
  ): Promise<SynonymView> {
    return this.changeSynonym.execute(user.username, alias, body);
  }

  @Roles('catalog-admin')
  @Delete('search-synonyms/:alias')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a search synonym' })
  async remove(@ZodParam('alias', Alias) alias: string, @CurrentUser() user: CurrentUser): Promise<void> {
    await this.removeSynonym.execute(user.username, alias);
  }
}
