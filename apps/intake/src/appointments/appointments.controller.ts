import { Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser, Public, Roles } from '@hall/auth';
import {
  AppointmentDayList,
  AppointmentDayQuery,
  AppointmentId,
  AppointmentList,
  AppointmentSlotDays,
  AppointmentSlotQuery,
  AppointmentView,
  BookAppointmentBody,
} from '@hall/contracts';
import { ApiZodResponse, AuditRead, ZodBody, ZodParam, ZodQuery } from '@hall/platform';
import type { z } from 'zod';
import { AppointmentsService } from './appointments.service.js';

/** 预约办理: window slots at service points, booked by citizens, listed for the window. */
@ApiTags('appointments 预约办理')
@Controller('appointments')
export class AppointmentsController {
  constructor(@Inject(AppointmentsService) private readonly appointments: AppointmentsService) {}

  @Public()
  @Get('slots')
  @ApiOperation({
    summary:
      'Bookable slots of a service point for an item, per working day (holidays and weekends left out), with places left',
  })
  @ApiZodResponse(200, AppointmentSlotDays)
  slots(
    @ZodQuery(AppointmentSlotQuery) q: z.output<typeof AppointmentSlotQuery>,
  ): Promise<AppointmentSlotDays> {
    return this.appointments.slots(q);
  }

  @Roles('applicant')
  @Post()
  @ApiOperation({ summary: 'Book a window slot (预约) for an item at a service point' })
  @ApiZodResponse(201, AppointmentView)
  book(
    @CurrentUser() user: CurrentUser,
    @ZodBody(BookAppointmentBody) body: z.output<typeof BookAppointmentBody>,
  ): Promise<AppointmentView> {
    return this.appointments.book(user, body);
  }

  @Authenticated()
  @Get('mine')
  @ApiOperation({ summary: '我的预约: my bookings, latest slot first' })
  @ApiZodResponse(200, AppointmentList)
  mine(@CurrentUser() user: CurrentUser): Promise<AppointmentList> {
    return this.appointments.mine(user);
  }

  @Roles('clerk')
  @Get('day')
  @AuditRead('appointments')
  @ApiOperation({
    summary: "The window's appointments of a day (default today) at the service points of the clerk's region",
  })
  @ApiZodResponse(200, AppointmentDayList)
  day(
    @CurrentUser() user: CurrentUser,
    @ZodQuery(AppointmentDayQuery) q: z.output<typeof AppointmentDayQuery>,
  ): Promise<AppointmentDayList> {
    return this.appointments.day(user, q);
  }

  @Authenticated()
  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel my booking (until its slot starts); the place is free again' })
  @ApiZodResponse(200, AppointmentView)
  cancel(
    @CurrentUser() user: CurrentUser,
    @ZodParam('id', AppointmentId) id: string,
  ): Promise<AppointmentView> {
    return this.appointments.cancel(user, id);
  }
}
