import { Body, Controller, Get, Inject, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@hall/auth';
import { ApiZodBody, ApiZodQuery } from '@hall/platform';
import { staffRegionScope } from '../access/scope.js';
import { AppealInput, CallbackInput, MyRatingQuery, RatingInput, RatingListQuery, RatingsService, RectificationListQuery, ResultInput, ReviewInput } from './ratings.service.js';

@ApiTags('ratings 好差评')
@Controller()
export class RatingsController {
  constructor(@Inject(RatingsService) private readonly ratings: RatingsService) {}

  @Roles('applicant', 'clerk')
  @Post('ratings')
  @ApiOperation({ summary: 'Rate a completed case once (一事一评): its applicant online, or at the window on the clerk\'s screen (applicantPresent). 409 when not completed or already rated; a bad rating (4-5) opens a rectification' })
  @ApiZodBody(RatingInput)
  rate(@CurrentUser() user: CurrentUser, @Body() body: unknown) {
    return this.ratings.rate(user, body);
  }

  @Roles('applicant')
  @Get('ratings/mine')
  @ApiOperation({ summary: 'The applicant\'s rating of one of their cases (`rating: null` when not yet rated) and whether it is completed (可评价)' })
  @ApiZodQuery(MyRatingQuery)
  mine(@CurrentUser() user: CurrentUser, @Query() query: unknown) {
    return this.ratings.mine(user, query);
  }

  @Roles('supervisor', 'admin')
  @Get('ratings')
  @ApiOperation({ summary: 'Ratings of the caller\'s region (`bad=1`: bad ones only)' })
  @ApiZodQuery(RatingListQuery)
  list(@CurrentUser() user: CurrentUser, @Query() query: unknown) {
    return this.ratings.list(staffRegionScope(user), query);
  }

  @Roles('applicant')
  @Post('ratings/:id/appeal')
  @ApiOperation({ summary: '申诉: the applicant disputes the rectification result of their bad rating' })
  @ApiZodBody(AppealInput)
  appeal(@CurrentUser() user: CurrentUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: unknown) {
    return this.ratings.appeal(user, id, body);
  }

  @Roles('supervisor', 'admin')
  @Get('rectifications')
  @ApiOperation({ summary: 'Rectifications (整改) of bad ratings, with their deadline and whether overdue' })
  @ApiZodQuery(RectificationListQuery)
  rectifications(@CurrentUser() user: CurrentUser, @Query() query: unknown) {
    return this.ratings.rectifications(staffRegionScope(user), query);
  }

  @Roles('supervisor', 'admin')
  @Post('rectifications/:id/callback')
  @ApiOperation({ summary: 'Record a callback (回访) to the applicant' })
  @ApiZodBody(CallbackInput)
  callback(@CurrentUser() user: CurrentUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: unknown) {
    return this.ratings.callback(user, staffRegionScope(user), id, body);
  }

  @Roles('supervisor', 'admin')
  @Post('rectifications/:id/result')
  @ApiOperation({ summary: 'Record the rectification result (整改结果); needs a callback first' })
  @ApiZodBody(ResultInput)
  result(@CurrentUser() user: CurrentUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: unknown) {
    return this.ratings.result(user, staffRegionScope(user), id, body);
  }

  @Roles('supervisor', 'admin')
  @Post('rectifications/:id/review')
  @ApiOperation({ summary: '复核 of an appeal: upheld reopens the rectification with a new deadline, dismissed closes it' })
  @ApiZodBody(ReviewInput)
  review(@CurrentUser() user: CurrentUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: unknown) {
    return this.ratings.review(user, staffRegionScope(user), id, body);
  }
}
