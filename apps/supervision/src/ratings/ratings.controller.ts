import { Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@hall/auth';
import {
  AppealInput,
  CallbackInput,
  MyRating,
  MyRatingQuery,
  RatingGiven,
  RatingInput,
  RatingListQuery,
  RatingPage,
  Rectification,
  RectificationList,
  RectificationListQuery,
  ResultInput,
  ReviewInput,
} from '@hall/contracts';
import { ApiZodResponse, ZodBody, ZodParam, ZodQuery } from '@hall/platform';
import { z } from 'zod';
import { staffRegionScope } from '../access/scope.js';
import { RatingsService } from './ratings.service.js';
import { AppealResult } from './usecases/appeal-result.js';
import { RateCase } from './usecases/rate-case.js';
import { RecordCallback } from './usecases/record-callback.js';
import { RecordResult } from './usecases/record-result.js';
import { ReviewAppeal } from './usecases/review-appeal.js';

@ApiTags('ratings 好差评')
@Controller()
export class RatingsController {
  constructor(
    @Inject(RatingsService) private readonly ratings: RatingsService,
    @Inject(RateCase) private readonly rateCase: RateCase,
    @Inject(RecordCallback) private readonly recordCallback: RecordCallback,
    @Inject(RecordResult) private readonly recordResult: RecordResult,
    @Inject(AppealResult) private readonly appealResult: AppealResult,
    @Inject(ReviewAppeal) private readonly reviewAppeal: ReviewAppeal,
  ) {}

  @Roles('applicant', 'clerk')
  @Post('ratings')
  @HttpCode(201)
  @ApiOperation({
    summary:
      "Rate a completed case once (一事一评): its applicant online, or at the window on the clerk's screen (applicantPresent). 409 when not completed or already rated; a bad rating (4-5) opens a rectification",
  })
  @ApiZodResponse(201, RatingGiven)
  rate(@CurrentUser() user: CurrentUser, @ZodBody(RatingInput) body: RatingInput): Promise<RatingGiven> {
    return this.rateCase.execute(user, body);
  }

  @Roles('applicant')
  @Get('ratings/mine')
  @ApiOperation({
    summary:
      "The applicant's rating of one of their cases (`rating: null` when not yet rated) and whether it is completed (可评价)",
  })
  @ApiZodResponse(200, MyRating)
  mine(@CurrentUser() user: CurrentUser, @ZodQuery(MyRatingQuery) query: MyRatingQuery): Promise<MyRating> {
    return this.ratings.mine(user, query);
  }

  @Roles('supervisor', 'admin')
  @Get('ratings')
  @ApiOperation({ summary: "Ratings of the caller's region (`bad=1`: bad ones only)" })
  @ApiZodResponse(200, RatingPage)
  list(
    @CurrentUser() user: CurrentUser,
    @ZodQuery(RatingListQuery) query: RatingListQuery,
  ): Promise<RatingPage> {
    return this.ratings.list(staffRegionScope(user), query);
  }

  @Roles('applicant')
  @Post('ratings/:id/appeal')
  @HttpCode(201)
  @ApiOperation({ summary: '申诉: the applicant disputes the rectification result of their bad rating' })
  @ApiZodResponse(201, Rectification)
  appeal(
    @CurrentUser() user: CurrentUser,
    @ZodParam('id', z.uuid()) id: string,
    @ZodBody(AppealInput) body: AppealInput,
  ): Promise<Rectification> {
    return this.appealResult.execute(user, id, body);
  }

  @Roles('supervisor', 'admin')
  @Get('rectifications')
  @ApiOperation({ summary: 'Rectifications (整改) of bad ratings, with their deadline and whether overdue' })
  @ApiZodResponse(200, RectificationList)
  rectifications(
    @CurrentUser() user: CurrentUser,
    @ZodQuery(RectificationListQuery) query: RectificationListQuery,
  ): Promise<RectificationList> {
    return this.ratings.rectifications(staffRegionScope(user), query);
  }

  @Roles('supervisor', 'admin')
  @Post('rectifications/:id/callback')
  @HttpCode(201)
  @ApiOperation({ summary: 'Record a callback (回访) to the applicant' })
  @ApiZodResponse(201, Rectification)
  callback(
    @CurrentUser() user: CurrentUser,
    @ZodParam('id', z.uuid()) id: string,
    @ZodBody(CallbackInput) body: CallbackInput,
  ): Promise<Rectification> {
    return this.recordCallback.execute(user, staffRegionScope(user), id, body);
  }

  @Roles('supervisor', 'admin')
  @Post('rectifications/:id/result')
  @HttpCode(201)
  @ApiOperation({ summary: 'Record the rectification result (整改结果); needs a callback first' })
  @ApiZodResponse(201, Rectification)
  result(
    @CurrentUser() user: CurrentUser,
    @ZodParam('id', z.uuid()) id: string,
    @ZodBody(ResultInput) body: ResultInput,
  ): Promise<Rectification> {
    return this.recordResult.execute(user, staffRegionScope(user), id, body);
  }

  @Roles('supervisor', 'admin')
  @Post('rectifications/:id/review')
  @HttpCode(201)
  @ApiOperation({
    summary: '复核 of an appeal: upheld reopens the rectification with a new deadline, dismissed closes it',
  })
  @ApiZodResponse(201, Rectification)
  review(
    @CurrentUser() user: CurrentUser,
    @ZodParam('id', z.uuid()) id: string,
    @ZodBody(ReviewInput) body: ReviewInput,
  ): Promise<Rectification> {
    return this.reviewAppeal.execute(user, staffRegionScope(user), id, body);
  }
}
